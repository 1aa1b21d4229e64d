"""Render a gaugeboard page with the context every page needs (who is signed in, CSRF,
the site navigation)."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template

from gaugeboard.http.page_context import page_context


def render_page(template: str, status: int = 200, **context: Any) -> Response:
    html = render_template(f"gaugeboard/{template}", **{**page_context(), **context})
    return Response(html, status=status, mimetype="text/html")
