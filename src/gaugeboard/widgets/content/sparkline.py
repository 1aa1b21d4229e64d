"""The small trend line under a big number, as a Vega-Lite spec with inline data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gaugeboard.widgets.vega_lite import VEGA_LITE_SCHEMA

SPARKLINE_HEIGHT = 40


def sparkline_spec(values: Sequence[dict[str, Any]], temporal: bool) -> dict[str, Any] | None:
    """A line over ``values`` (``{"x", "value"}`` objects); None below two points, which
    draw no line."""
    if sum(1 for point in values if point.get("value") is not None) < 2:
        return None
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "data": {"values": list(values)},
        "mark": {"type": "line", "interpolate": "monotone", "strokeWidth": 2},
        "encoding": {
            "x": {"field": "x", "type": "temporal" if temporal else "quantitative", "axis": None},
            "y": {
                "field": "value",
                "type": "quantitative",
                "axis": None,
                "scale": {"zero": False},
            },
            "tooltip": [
                {"field": "x", "type": "temporal" if temporal else "quantitative"},
                {"field": "value", "type": "quantitative"},
            ],
        },
        "width": "container",
        "height": SPARKLINE_HEIGHT,
        "autosize": {"type": "fit", "contains": "padding"},
        "config": {"view": {"stroke": None}},
    }


def metric_sparkline(result: dict[str, Any]) -> dict[str, Any] | None:
    """The first series of a metric result over time."""
    series = result.get("series") or []
    first = series[0] if series else None
    points = first.get("points") if isinstance(first, dict) else None
    if not isinstance(points, list):
        return None
    values = [
        {"x": point.get("t"), "value": point.get("value")}
        for point in points
        if isinstance(point, dict)
    ]
    return sparkline_spec(values, temporal=True)


def row_sparkline(numbers: Sequence[int | float | None]) -> dict[str, Any] | None:
    """The rows' values in their order."""
    return sparkline_spec(
        [{"x": index, "value": value} for index, value in enumerate(numbers)], temporal=False
    )
