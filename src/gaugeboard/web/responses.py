"""JSON responses made with the standard library, so a host app's JSON provider is untouched."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request

from gaugeboard.state import current_state


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


def wants_json() -> bool:
    """JSON for the APIs, for JSON requests, and for clients that prefer JSON to HTML."""
    path = relative_path()
    if path.startswith(("/api/", "/_api/")) or path in {"/api", "/_api"}:
        return True
    if request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"
