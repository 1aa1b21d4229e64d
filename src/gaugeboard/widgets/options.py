"""Per-type widget options: what each type accepts in ``options``, checked with paths."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gaugeboard.widgets.catalog import CHART_TYPES
from gaugeboard.widgets.charts import chart_options_problems
from gaugeboard.widgets.content import content_options_problems


def options_problems(widget_type: str, options: Mapping[str, Any]) -> list[str]:
    """Every problem with ``options`` for ``widget_type``, as ``name: reason`` strings."""
    if widget_type in CHART_TYPES:
        return chart_options_problems(widget_type, options)
    return content_options_problems(widget_type, options)
