"""``GET|POST /login`` and ``POST /logout``: the dashboards server's session API, plus a form.

Form posts answer with redirects and pages; JSON posts answer with JSON, so scripts can log
in with ``{"username": ..., "password": ...}`` and get the CSRF token for later changes.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from gaugeboard.auth.access import Access, access, csrf_exempt
from gaugeboard.auth.login import login as open_session
from gaugeboard.auth.login import logout as close_session
from gaugeboard.auth.users import describe_user
from gaugeboard.errors import GaugeboardError
from gaugeboard.http.body import form_text, json_object
from gaugeboard.http.guard import current_principal
from gaugeboard.http.responses import json_response, wants_json
from gaugeboard.http.session_cookie import (
    SESSION_COOKIE,
    clear_session_cookie,
    set_session_cookie,
)
from gaugeboard.state import current_state, db_session
from gaugeboard.store.users import find_user
from gaugeboard.web.rendering import render_page


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/login", view_func=login_page, methods=["GET"])
    bp.add_url_rule("/login", view_func=login, methods=["POST"])
    bp.add_url_rule("/logout", view_func=logout, methods=["POST"])


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login (no open redirect): a single leading
    slash, no backslash, no control character (browsers drop tabs, so ``/\t/x`` is ``//x``)."""
    fallback = url_for("gaugeboard.web.home")
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def _address() -> str:
    return request.remote_addr or "unknown"


@access(Access.PUBLIC)
def login_page() -> Response:
    return render_page("login.html", next_url=safe_next(request.args.get("next")), username="")


def _credentials() -> tuple[str, str]:
    """Read through the shared body reader, so bad JSON or text is a 400, never a 500."""
    if request.is_json:
        body = json_object()
        return str(body.get("username") or ""), str(body.get("password") or "")
    return form_text("username"), form_text("password")


@access(Access.PUBLIC)
@csrf_exempt
def login() -> WerkzeugResponse:
    state = current_state()
    name, password = _credentials()
    try:
        secret, principal = open_session(
            db_session(),
            name,
            password,
            _address(),
            state.login_limit,
            state.session_lifetime,
        )
    except GaugeboardError as error:
        if wants_json():
            raise
        page = render_page(
            "login.html",
            status=error.status,
            error=error.message,
            next_url=safe_next(request.form.get("next")),
            username=name,
        )
        page.headers.update(error.headers())
        return page
    user = find_user(db_session(), principal.user_id)
    assert user is not None
    response: WerkzeugResponse
    if wants_json():
        response = json_response(
            {"ok": True, "user": describe_user(user), "csrf_token": principal.csrf_token}
        )
    else:
        response = redirect(safe_next(request.form.get("next")))
    set_session_cookie(response, secret)
    return response


@access(Access.PUBLIC)
def logout() -> WerkzeugResponse:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        close_session(db_session(), cookie, current_principal(), _address())
    response: WerkzeugResponse
    if wants_json():
        response = json_response({"ok": True})
    else:
        response = redirect(url_for("gaugeboard.web.login_page"))
    clear_session_cookie(response)
    return response
