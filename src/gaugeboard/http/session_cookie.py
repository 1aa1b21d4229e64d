"""The ``gaugeboard_session`` cookie: set at login and sent again whenever its expiry slides,
so the browser keeps it exactly as long as the server does."""

from __future__ import annotations

from flask import g
from werkzeug.wrappers import Response

from gaugeboard.state import current_state

SESSION_COOKIE = "gaugeboard_session"
_RENEWED_KEY = "_gaugeboard_renewed_session"


def set_session_cookie(response: Response, secret: str) -> None:
    state = current_state()
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(state.session_lifetime.total_seconds()),
        path=state.cookie_path,
        secure=state.settings["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path=current_state().cookie_path)


def mark_renewed(secret: str) -> None:
    setattr(g, _RENEWED_KEY, secret)


def resend_renewed_cookie(response: Response) -> Response:
    """After a request whose session expiry moved forward, give the cookie the new lifetime."""
    secret = g.pop(_RENEWED_KEY, None)
    if isinstance(secret, str) and SESSION_COOKIE not in response.headers.get("Set-Cookie", ""):
        set_session_cookie(response, secret)
    return response
