"""Security headers on every gaugeboard response: a strict CSP and friends.

Responses admitted by an embed token (page, data, HTML frames) may be framed by the sites
named in ``EMBED_FRAME_ANCESTORS`` instead of ``FRAME_ANCESTORS``; nothing else may.
"""

from __future__ import annotations

import re

from flask import Response

from gaugeboard.state import current_state
from gaugeboard.web.guard import current_embed

# Scripts, styles, fetches and fonts come only from gaugeboard itself. Image and iframe
# widgets show what a dashboard author points them at, so images and frames may come from
# any http(s) address (frames are sandboxed by the page; no script runs from elsewhere).
_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob: http: https:; frame-src http: https:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors {frame_ancestors}"
)


_FRAME_ANCESTORS = re.compile(r"frame-ancestors [^;]*")


def _embed_frame_ancestors(response: Response, allowed: str) -> None:
    """Let the allowed sites frame an embed response. A response meant only for frames
    inside gaugeboard's own page (``'self'``) keeps ``'self'`` and adds the sites, since
    every ancestor of a frame must be allowed."""
    policy = response.headers.get("Content-Security-Policy")
    if policy is None:
        policy = _POLICY.format(frame_ancestors=allowed)
    found = _FRAME_ANCESTORS.search(policy)
    value = allowed
    if found is not None and found.group(0).split()[1:] == ["'self'"]:
        value = "'self'" if allowed == "'none'" else f"'self' {allowed}"
    response.headers["Content-Security-Policy"] = _FRAME_ANCESTORS.sub(
        lambda _match: f"frame-ancestors {value}", policy
    )
    if value == "'none'":
        response.headers["X-Frame-Options"] = "DENY"
    else:
        response.headers.pop("X-Frame-Options", None)


def add_security_headers(response: Response) -> Response:
    settings = current_state().settings
    if current_embed() is not None:
        _embed_frame_ancestors(response, settings["EMBED_FRAME_ANCESTORS"].strip())
    frame_ancestors = settings["FRAME_ANCESTORS"]
    response.headers.setdefault(
        "Content-Security-Policy", _POLICY.format(frame_ancestors=frame_ancestors)
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if frame_ancestors.strip() == "'none'" and current_embed() is None:
        response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "application/json" or response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
