"""JSON responses made with the standard library, so a host app's JSON provider is untouched."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, request

from gaugeboard.state import current_state
from gaugeboard.view_marks import F, mark_of, marker


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, mimetype="application/json", headers=headers)


def relative_path() -> str:
    """The request path below the mount prefix, e.g. ``/api/user`` under ``/gaugeboard``."""
    prefix = current_state().url_prefix
    path = request.path
    if prefix and path.startswith(prefix):
        return path[len(prefix) :] or "/"
    return path


def error_style(style: str) -> Callable[[F], F]:
    """Declare how a view's errors look: ``json`` (the error body) or ``zero`` (text ``0``)."""
    return marker("error_style", style)


def declared_error_style() -> str | None:
    style = mark_of(current_app.view_functions.get(request.endpoint or ""), "error_style")
    return style if isinstance(style, str) else None


def wants_json() -> bool:
    """JSON for the APIs, for JSON requests, and for clients that prefer JSON to HTML."""
    if declared_error_style() == "json":
        return True
    path = relative_path()
    if path.startswith(("/api/", "/_api/")) or path in {"/api", "/_api"}:
        return True
    if request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"
