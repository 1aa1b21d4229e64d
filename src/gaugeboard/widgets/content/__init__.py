"""Content widget types: numbers, tables, text, embedded pages and images, timelines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def render_content(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """The output object of a content type (its ``kind`` is the type)."""
    raise WidgetDataError(f"type: {request.type!r} is not drawn yet")


def content_options_problems(widget_type: str, options: Mapping[str, Any]) -> list[str]:
    return []
