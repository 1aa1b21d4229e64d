"""What the renderer needs to know about one widget, and the error it raises on bad data.

Widgets never see the dashboard document or the database: the caller passes a
``WidgetRequest`` and the payload its source produced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gaugeboard.errors import ValidationFailed


@dataclass(frozen=True)
class WidgetRequest:
    """One widget as the renderer sees it."""

    id: str
    type: str
    title: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    spec: Mapping[str, Any] = field(default_factory=dict)
    override: Mapping[str, Any] | None = None
    theme: str = "light"


class WidgetDataError(ValidationFailed):
    """The payload cannot be drawn as this widget type; the message says why."""

    code = "widget_data"
