"""Sparkline: a tiny line, bar or area with no axes, legend or frame, to sit beside text;
and jquery.sparkline's other kinds jsondash offers, each as its own spec:

- ``tristate``: one bar per value, up for a gain, down for a loss, a stub for none;
- ``discrete``: one short upright tick per value, at its height;
- ``bullet``: a bullet graph from ``[target, performance, range, range, …]`` — grey
  ranges behind, the performance as a dark bar, the target as a tick.
"""

from __future__ import annotations

from typing import Any

from gaugeboard.widgets.charts.encoding import Chart, continuous_x, discrete, tooltip_of
from gaugeboard.widgets.charts.fields import choose_fields
from gaugeboard.widgets.payloads import is_number, table_of
from gaugeboard.widgets.request import WidgetDataError

GAIN, LOSS, FLAT = "#2f9e44", "#e03131", "#adb5bd"
RANGE_GREYS = ["#dee2e6", "#ced4da", "#adb5bd", "#868e96"]
FRAMELESS = {"view": {"stroke": None}}


def _frameless(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "padding": 2, "config": FRAMELESS}


def _tristate(rows: list[dict[str, Any]], x: dict[str, Any], value: str) -> dict[str, Any]:
    state = f"datum[{value!r}] > 0 ? 1 : datum[{value!r}] < 0 ? -1 : 0"
    return {
        "data": {"values": rows},
        "transform": [
            {"calculate": state, "as": "state"},
            {"calculate": "datum.state === 0 ? 0.15 : datum.state", "as": "height"},
        ],
        "mark": {"type": "bar"},
        "encoding": {
            "x": x,
            "y": {
                "field": "height",
                "type": "quantitative",
                "axis": None,
                "scale": {"domain": [-1, 1]},
            },
            "color": {
                "field": "state",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": [1, -1, 0], "range": [GAIN, LOSS, FLAT]},
            },
            "tooltip": [{"field": value, "type": "quantitative"}],
        },
    }


def _discrete(rows: list[dict[str, Any]], x: dict[str, Any], value: str) -> dict[str, Any]:
    return {
        "data": {"values": rows},
        "mark": {"type": "tick", "orient": "vertical", "thickness": 2, "size": 12},
        "encoding": {
            "x": x,
            "y": {"field": value, "type": "quantitative", "axis": None, "scale": {"zero": False}},
            "tooltip": [{"field": value, "type": "quantitative"}],
        },
    }


def bullet_parts(payload: Any) -> tuple[float, float, list[float]]:
    """Target, performance and ranges of jquery.sparkline's bullet values."""
    values = payload
    if isinstance(payload, dict):
        values = [payload.get("target"), payload.get("performance"), *(payload.get("ranges") or [])]
    if not isinstance(values, list) or len(values) < 2 or not all(is_number(v) for v in values):
        raise WidgetDataError(
            "payload: a bullet sparkline takes [target, performance, range, …] numbers "
            '(or {"target", "performance", "ranges"})'
        )
    return float(values[0]), float(values[1]), sorted((float(v) for v in values[2:]), reverse=True)


def _bullet(payload: Any) -> dict[str, Any]:
    target, performance, ranges = bullet_parts(payload)
    rows = [{"part": f"range {i + 1}", "start": 0, "end": end} for i, end in enumerate(ranges)]
    x = {"type": "quantitative", "axis": None}
    return {
        "layer": [
            {
                "data": {"values": rows},
                "mark": {"type": "bar"},
                "encoding": {
                    "x": {**x, "field": "start"},
                    "x2": {"field": "end"},
                    "color": {
                        "field": "part",
                        "type": "nominal",
                        "legend": None,
                        "sort": None,
                        "scale": {"range": RANGE_GREYS},
                    },
                    "tooltip": [{"field": "end", "type": "quantitative", "title": "range"}],
                },
            },
            {
                "data": {"values": [{"performance": performance}]},
                "mark": {"type": "bar", "color": "#343a40", "height": {"band": 0.4}},
                "encoding": {
                    "x": {**x, "field": "performance"},
                    "tooltip": [{"field": "performance", "type": "quantitative"}],
                },
            },
            {
                "data": {"values": [{"target": target}]},
                "mark": {"type": "tick", "color": LOSS, "thickness": 2},
                "encoding": {
                    "x": {**x, "field": "target"},
                    "tooltip": [{"field": "target", "type": "quantitative"}],
                },
            },
        ],
    }


def sparkline_chart(chart: Chart) -> dict[str, Any]:
    """The ``y`` field over ``x`` as ``mark`` (line, bar, area, tristate, discrete), or a
    bullet graph; several series are drawn in their colours without a legend."""
    options = chart.options
    if options.mark == "bullet":
        return _frameless(_bullet(chart.payload))
    y = [options.y] if options.y else None
    fields = choose_fields(table_of(chart.payload), options.x, y)
    value = fields.y[0]
    bars = options.mark in ("bar", "tristate", "discrete")
    x = discrete(fields, fields.x, None) if bars else continuous_x(fields, None)
    if options.mark == "tristate":
        return _frameless(_tristate(fields.rows, {**x, "axis": None}, value))
    if options.mark == "discrete":
        return _frameless(_discrete(fields.rows, {**x, "axis": None}, value))
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
    return _frameless({"data": {"values": fields.rows}, "mark": mark, "encoding": encoding})
