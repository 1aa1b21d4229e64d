"""What every HTML page's frame needs: who is signed in, their CSRF token, and the links of
the site navigation that exist in this app (the status page may be switched off).

Shared by ordinary pages and error pages, so an error never "forgets" the signed-in user.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from gaugeboard.errors import GaugeboardError
from gaugeboard.http.guard import current_principal

STATUS_ENDPOINT = "gaugeboard_status.status_page"


def page_context() -> dict[str, Any]:
    """``principal``, ``csrf_token`` and ``status_link`` for ``base.html``."""
    try:
        principal = current_principal()
    except GaugeboardError:
        principal = None  # a bad token on an error page: show the page, signed out
    has_status = STATUS_ENDPOINT in current_app.view_functions
    return {
        "principal": principal,
        "csrf_token": principal.csrf_token if principal is not None else None,
        "status_link": url_for(STATUS_ENDPOINT) if has_status else None,
    }
