"""Per-type widget options: what each type accepts in ``options``, checked with paths; and
what a chart's ``spec`` and ``override`` may show given those options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gaugeboard.widgets.catalog import CHART_TYPES, FIGURE_TYPES
from gaugeboard.widgets.chart_images import image_origins, image_problems
from gaugeboard.widgets.charts import chart_options_problems
from gaugeboard.widgets.content import content_options_problems
from gaugeboard.widgets.figures import figure_options_problems


def options_problems(widget_type: str, options: Mapping[str, Any]) -> list[str]:
    """Every problem with ``options`` for ``widget_type``, as ``name: reason`` strings."""
    if widget_type in CHART_TYPES:
        return chart_options_problems(widget_type, options)
    if widget_type in FIGURE_TYPES:
        return figure_options_problems(widget_type, options)
    return content_options_problems(widget_type, options)


def spec_problems(
    widget_type: str,
    options: Mapping[str, Any],
    spec: Mapping[str, Any],
    override: Mapping[str, Any] | None,
) -> list[str]:
    """Image marks in a chart's ``spec`` (drawn by ``vega-lite`` widgets) or ``override``
    that its ``options.images`` does not allow, as ``spec.path: reason`` strings, so the
    document is refused when saved rather than the chart when drawn."""
    if widget_type not in CHART_TYPES:
        return []
    origins = image_origins(dict(options))
    problems = image_problems(dict(spec), origins, "spec") if widget_type == "vega-lite" else []
    return problems + image_problems(dict(override or {}), origins, "override")
