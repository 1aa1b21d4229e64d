"""The request guard: who is calling, may they use this route, and is a change CSRF-safe.

Runs before every gaugeboard view. A route with no ``@access`` declaration is refused,
so forgetting to declare one closes the route rather than opening it.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, url_for
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.wrappers import Response as WerkzeugResponse

from gaugeboard.auth.access import (
    Access,
    declared_access,
    is_csrf_exempt,
    is_sessionless,
    required_role,
)
from gaugeboard.auth.credentials import header_principal
from gaugeboard.auth.login import session_principal
from gaugeboard.auth.principal import Principal
from gaugeboard.dashboards.embed_tokens import EmbedGrant, authenticate_embed_token, locked_query
from gaugeboard.dashboards.service import find_by_path
from gaugeboard.errors import (
    CsrfFailed,
    Forbidden,
    PayloadTooLarge,
    Unauthorized,
    ValidationFailed,
)
from gaugeboard.http.body import body_limit_setting
from gaugeboard.http.responses import wants_json
from gaugeboard.http.session_cookie import SESSION_COOKIE, mark_renewed
from gaugeboard.json_text import printable, text_problem
from gaugeboard.state import current_state, db_session
from gaugeboard.view_marks import F, marker

log = logging.getLogger(__name__)

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_PRINCIPAL_KEY = "_gaugeboard_principal"
_EMBED_KEY = "_gaugeboard_embed"
EMBED_PARAM = "embed_token"
# The only routes an embed token opens: the dashboard page, its data, its HTML frames, and
# its snapshot and thumbnail.
EMBEDDABLE_ENDPOINTS = frozenset(
    {
        "gaugeboard.web.browse",
        "gaugeboard.web.plain",
        "gaugeboard.api.dashboard_data",
        "gaugeboard.api.dashboard_widget_html",
        "gaugeboard.api.dashboard_snapshot",
        "gaugeboard.api.dashboard_thumbnail",
    }
)


TRACKING_ENDPOINTS = "gaugeboard.track."

_UNRESOLVED = object()


def current_principal() -> Principal | None:
    """The caller, looked up on first use (public GETs such as assets never touch the catalog)."""
    principal = g.get(_PRINCIPAL_KEY, _UNRESOLVED)
    if principal is _UNRESOLVED:
        principal = _resolve_principal()
        setattr(g, _PRINCIPAL_KEY, principal)
    return principal if isinstance(principal, Principal) else None


def require_principal() -> Principal:
    principal = current_principal()
    if principal is None:
        raise Unauthorized()
    return principal


def _resolve_principal() -> Principal | None:
    header = request.headers.get("Authorization")
    state = current_state()
    if header is not None:
        address = request.remote_addr or "unknown"
        return header_principal(db_session(), header, address, state.header_rules)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    found = session_principal(db_session(), cookie, state.session_lifetime)
    if found is None:
        return None
    principal, renewed = found
    if renewed:
        mark_renewed(cookie)
    return principal


def current_embed() -> EmbedGrant | None:
    """The embed token this request was admitted by, if any."""
    grant = g.get(_EMBED_KEY)
    return grant if isinstance(grant, EmbedGrant) else None


def _embed_target() -> int | None:
    """The id of the dashboard the request addresses (pages address it by path)."""
    args = request.view_args or {}
    if "dashboard_id" in args:
        return int(args["dashboard_id"])
    found = find_by_path(db_session(), str(args.get("path", "")).strip("/"))
    return found.id if found is not None else None


def _admit_embed() -> EmbedGrant | None:
    """An ``?embed_token=`` on an embeddable GET stands in for the caller: it acts as its
    creator for its one dashboard, and its filters replace the visitor's variables and range.
    Anywhere else the parameter is ignored, so the token opens nothing more."""
    secret = request.args.get(EMBED_PARAM)
    embeddable = request.endpoint in EMBEDDABLE_ENDPOINTS and request.method in {"GET", "HEAD"}
    if secret is None or not embeddable:
        return None
    grant = authenticate_embed_token(db_session(), secret)
    if _embed_target() != grant.dashboard_id:
        raise Forbidden("embed_token: this token opens another dashboard")
    setattr(g, _EMBED_KEY, grant)
    setattr(g, _PRINCIPAL_KEY, grant.principal)
    locked = locked_query(request.args.items(multi=True), grant.filters)
    request.args = ImmutableMultiDict(locked)
    return grant


def _check_same_origin() -> None:
    """Refuse a change sent from another site. ``Origin: null`` (sandboxed frames, data:
    pages) is refused too; no Origin and no Referer means a non-browser client."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if origin is None:
        return
    if origin == "null":
        raise CsrfFailed("Cross-site request refused.")
    parts = urlsplit(origin)
    if (parts.scheme, parts.netloc) != (request.scheme, request.host):
        raise CsrfFailed("Cross-site request refused.")


def _check_csrf(principal: Principal) -> None:
    _check_same_origin()
    sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD, "")
    expected = principal.csrf_token or ""
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfFailed()


def _check_url_text() -> None:
    """A NUL in the URL's path or query reaches the catalog as text, and PostgreSQL fails
    on it; refuse it here (invalid UTF-8 there is already replaced by Werkzeug). The
    tracking API checks its own parameters and answers in the seed's format."""
    if (request.endpoint or "").startswith(TRACKING_ENDPOINTS):
        return
    parts = [*(request.view_args or {}).items(), *request.args.items(multi=True)]
    for name, value in parts:
        for text in (name, value):
            reason = text_problem(text) if isinstance(text, str) else None
            if reason is not None:
                raise ValidationFailed(f"{printable(name)} (in the URL): {reason}")


def body_limit(setting: str) -> Callable[[F], F]:
    """Give a view its own body limit, the value of ``setting`` (an upload route), instead
    of ``MAX_REQUEST_BYTES``."""
    return marker("body_limit", setting)


def guard_request() -> WerkzeugResponse | None:
    """Before each gaugeboard view: URL text, body limit, authentication, access rule, CSRF."""
    _check_url_text()
    state = current_state()
    view = current_app.view_functions.get(request.endpoint or "")
    setting = body_limit_setting(view)
    limit = state.settings[setting]
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"body: larger than the limit of {limit} bytes ({setting})")
    level = declared_access(view)
    if level is None:
        log.error("route %s declares no access rule; refused", request.endpoint)
        raise Forbidden("This route is not open.")
    if level is Access.PUBLIC and (request.method in SAFE_METHODS or is_sessionless(view)):
        return None
    grant = _admit_embed()
    if grant is not None:
        return _enforce(level, grant.principal, state.opened_levels)
    principal = current_principal()
    if request.method not in SAFE_METHODS:
        if principal is not None and principal.via == "session" and not is_csrf_exempt(view):
            _check_csrf(principal)
        elif is_csrf_exempt(view) or (principal is not None and principal.via == "basic"):
            # A browser may replay Basic credentials it once saw: never from another site.
            _check_same_origin()
    return _enforce(level, principal, state.opened_levels)


def _enforce(
    level: Access, principal: Principal | None, opened: frozenset[Access]
) -> WerkzeugResponse | None:
    needed = required_role(level, opened)
    if needed is None:
        return None
    if principal is None:
        if request.method == "GET" and not wants_json():
            return redirect(
                url_for("gaugeboard.web.login_page", next=request.full_path.rstrip("?"))
            )
        raise Unauthorized()
    if not principal.has_role(needed):
        raise Forbidden(f"This needs the {needed} role or higher.")
    return None
