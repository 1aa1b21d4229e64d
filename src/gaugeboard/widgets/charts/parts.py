"""Parts of a whole and one value against a range: pie, donut and gauge."""

from __future__ import annotations

import math
from typing import Any

from gaugeboard.widgets.charts.encoding import Chart
from gaugeboard.widgets.charts.fields import choose_fields
from gaugeboard.widgets.charts.theme import text_color, track_color
from gaugeboard.widgets.payloads import is_number, shape_of, table_of, totals_of

# The gauge is a half ring whose centre sits near the bottom of the view; sizes follow
# the view (the widget's size is only known in the browser), as Vega expressions.
RADIUS = "max(min(width / 2 - 4, height * 0.84), 12)"
INNER = f"({RADIUS}) * 0.68"
CENTRE_Y = "height * 0.9"
ENDS_X = (f"width / 2 - ({RADIUS}) * 0.84", f"width / 2 + ({RADIUS}) * 0.84")
GAUGE_FORMAT = ",~f"


def pie_chart(chart: Chart) -> dict[str, Any]:
    """Slices summed per category: the ``color`` field, else the payload's series, else its
    x field. A metric result gives one slice per series total; donut leaves a hole. With
    ``labels`` each slice carries its value or its share on it."""
    options = chart.options
    table = totals_of(chart.payload)
    fields = choose_fields(table, None, [options.y] if options.y else None, options.color)
    category = options.color or fields.color or fields.x
    value = fields.y[0]
    color: dict[str, Any] = {"field": category, "type": "nominal", "sort": None}
    if not fields.own_names:
        color["title"] = None
    if options.legend is False:
        color["legend"] = None
    mark: dict[str, Any] = {"type": "arc"}
    if chart.type == "donut":
        mark["innerRadius"] = {"expr": "min(width, height) / 4"}
    if options.labels != "none":
        return _labelled_pie(chart, fields.rows, category, value, color, mark)
    amount = {"field": value, "type": "quantitative", "aggregate": "sum", "title": value}
    tip = {**amount, "format": options.format or ","}
    return {
        "data": {"values": fields.rows},
        "mark": mark,
        "encoding": {
            "theta": {**amount, "stack": True},
            "color": color,
            "tooltip": [{"field": category, "type": "nominal"}, tip],
        },
    }


# Fields the labelled pie computes (names no payload field is likely to have).
SLICE_VALUE = "gb_slice_value"
SLICE_SHARE = "gb_slice_share"


def _labelled_pie(
    chart: Chart,
    rows: list[dict[str, Any]],
    category: str,
    value: str,
    color: dict[str, Any],
    mark: dict[str, Any],
) -> dict[str, Any]:
    """The pie as an arc layer and a text layer on each slice: its value or percentage."""
    options = chart.options
    number_format = options.format or ","
    shown = (
        {"field": SLICE_SHARE, "type": "quantitative", "format": ".0%"}
        if options.labels == "percent"
        else {"field": SLICE_VALUE, "type": "quantitative", "format": number_format}
    )
    # The middle of the ring (donut) or two thirds out (pie).
    radius = "min(width, height) * 0.375" if chart.type == "donut" else "min(width, height) / 3"
    label = {"type": "text", "radius": {"expr": radius}, "color": "#ffffff", "fontWeight": "bold"}
    return {
        "data": {"values": rows},
        "transform": [
            {
                "aggregate": [{"op": "sum", "field": value, "as": SLICE_VALUE}],
                "groupby": [category],
            },
            {"joinaggregate": [{"op": "sum", "field": SLICE_VALUE, "as": "gb_whole"}]},
            {"calculate": f"datum.{SLICE_VALUE} / datum.gb_whole", "as": SLICE_SHARE},
        ],
        "encoding": {
            "theta": {"field": SLICE_VALUE, "type": "quantitative", "stack": True, "title": value},
            "color": color,
            "tooltip": [
                {"field": category, "type": "nominal"},
                {
                    "field": SLICE_VALUE,
                    "type": "quantitative",
                    "title": value,
                    "format": number_format,
                },
                {"field": SLICE_SHARE, "type": "quantitative", "title": "share", "format": ".1%"},
            ],
        },
        "layer": [
            {"mark": mark},
            # White bold text over a dark halo reads on any slice colour.
            {"mark": {**label, **HALO}, "encoding": {"text": shown}},
            {"mark": label, "encoding": {"text": shown}},
        ],
    }


HALO = {"stroke": "#1a1a1a", "strokeWidth": 3, "strokeOpacity": 0.7, "strokeJoin": "round"}


def gauge_value(payload: Any, field: str | None) -> float | int | None:
    """What a gauge shows: a metric result's total, else the last number of the measure
    field (jsondash's ``{"data": n}`` is the one-label case)."""
    if shape_of(payload) == "metric":
        total = payload.get("total")
        return total if is_number(total) else None
    fields = choose_fields(table_of(payload), y=[field] if field else None)
    numbers = [row.get(fields.y[0]) for row in fields.rows]
    present = [number for number in numbers if is_number(number)]
    return present[-1] if present else None


def _arc(**mark: Any) -> dict[str, Any]:
    ring = {"innerRadius": {"expr": INNER}, "outerRadius": {"expr": RADIUS}}
    return {"type": "arc", **ring, "y": {"expr": CENTRE_Y}, **mark}


def _label(
    x: str, field: str, number_format: str, color: dict[str, str], **mark: Any
) -> dict[str, Any]:
    text = {"field": field, "type": "quantitative", "format": number_format}
    return {
        "transform": [{"filter": f"isValid(datum.{field})"}],
        "mark": {"type": "text", "x": {"expr": x}, **color, **mark},
        "encoding": {"text": text},
    }


def gauge_chart(chart: Chart) -> dict[str, Any]:
    """A half ring filled from ``min`` to the value (clamped at ``max``), the value below."""
    options = chart.options
    value = gauge_value(chart.payload, options.y)
    number_format = options.format or GAUGE_FORMAT
    ink = text_color(chart.theme)
    ends = {"y": {"expr": f"{CENTRE_Y} + 4"}, "baseline": "top", "fontSize": 11}
    angle = (
        "isValid(datum.value) ? -PI / 2 + PI * "
        "clamp((datum.value - datum.min) / (datum.max - datum.min), 0, 1) : -PI / 2"
    )
    return {
        "data": {"values": [{"value": value, "min": options.min, "max": options.max}]},
        "transform": [{"calculate": angle, "as": "angle"}],
        "layer": [
            {"mark": _arc(theta=-math.pi / 2, theta2=math.pi / 2, color=track_color(chart.theme))},
            {
                "mark": _arc(),
                "encoding": {
                    "theta": {
                        "field": "angle",
                        "type": "quantitative",
                        "scale": None,
                        "stack": None,
                    },
                    "theta2": {"value": -math.pi / 2},
                    "tooltip": [
                        {"field": "value", "type": "quantitative", "format": number_format}
                    ],
                },
            },
            _label(
                "width / 2",
                "value",
                number_format,
                ink,
                y={"expr": f"{CENTRE_Y} - 2"},
                baseline="bottom",
                fontSize={"expr": f"max(({RADIUS}) * 0.3, 10)"},
            ),
            _label(ENDS_X[0], "min", number_format, ink, **ends),
            _label(ENDS_X[1], "max", number_format, ink, **ends),
        ],
    }
