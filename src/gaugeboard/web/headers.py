"""Security headers on every gaugeboard response: a strict CSP and friends."""

from __future__ import annotations

from flask import Response

from gaugeboard.state import current_state

# Scripts, styles, fetches and fonts come only from gaugeboard itself. Image and iframe
# widgets show what a dashboard author points them at, so images and frames may come from
# any http(s) address (frames are sandboxed by the page; no script runs from elsewhere).
_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob: http: https:; frame-src http: https:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors {frame_ancestors}"
)


def add_security_headers(response: Response) -> Response:
    frame_ancestors = current_state().settings["FRAME_ANCESTORS"]
    response.headers.setdefault(
        "Content-Security-Policy", _POLICY.format(frame_ancestors=frame_ancestors)
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if frame_ancestors.strip() == "'none'":
        response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "application/json" or response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
