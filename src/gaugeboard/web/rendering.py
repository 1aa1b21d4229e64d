"""Render a gaugeboard page with the context every page needs (who is signed in, CSRF)."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template

from gaugeboard.http.guard import current_principal


def render_page(template: str, status: int = 200, **context: Any) -> Response:
    principal = current_principal()
    csrf_token = principal.csrf_token if principal is not None else None
    html = render_template(
        f"gaugeboard/{template}", principal=principal, csrf_token=csrf_token, **context
    )
    return Response(html, status=status, mimetype="text/html")
