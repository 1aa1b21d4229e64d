"""Sparkline: a tiny line, bar or area with no axes, legend or frame, to sit beside text."""

from __future__ import annotations

from typing import Any

from gaugeboard.widgets.charts.encoding import Chart, continuous_x, discrete, tooltip_of
from gaugeboard.widgets.charts.fields import choose_fields
from gaugeboard.widgets.payloads import table_of


def sparkline_chart(chart: Chart) -> dict[str, Any]:
    """The ``y`` field over ``x`` as ``mark`` (line, bar or area); several series are
    drawn in their colours without a legend."""
    options = chart.options
    y = [options.y] if options.y else None
    fields = choose_fields(table_of(chart.payload), options.x, y)
    value = fields.y[0]
    bars = options.mark == "bar"
    x = discrete(fields, fields.x, None) if bars else continuous_x(fields, None)
    amount = {"field": value, "type": "quantitative", "scale": {"zero": bars}}
    encoding: dict[str, Any] = {"x": {**x, "axis": None}, "y": {**amount, "axis": None}}
    if fields.color is not None:
        encoding["color"] = {"field": fields.color, "type": "nominal", "legend": None}
    encoding["tooltip"] = tooltip_of(encoding, options, "x", "color", "y")
    mark: dict[str, Any] = {"type": options.mark}
    if not bars:
        mark["interpolate"] = options.interpolate or "linear"
    if options.mark == "area":
        mark["line"] = True
    return {
        "data": {"values": fields.rows},
        "mark": mark,
        "encoding": encoding,
        "padding": 2,
        "config": {"view": {"stroke": None}},
    }
