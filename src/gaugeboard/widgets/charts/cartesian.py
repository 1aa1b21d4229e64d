"""Measures over x: line, timeseries, step, spline, area, bar and scatter."""

from __future__ import annotations

from typing import Any

from gaugeboard.widgets.charts.encoding import (
    Chart,
    color_channel,
    continuous_x,
    discrete,
    folded,
    measure,
    stack_order,
    tooltip_of,
)
from gaugeboard.widgets.charts.fields import Fields, choose_fields, missing_field
from gaugeboard.widgets.payloads import CURRENT, PREVIOUS, table_of
from gaugeboard.widgets.request import WidgetDataError

INTERPOLATION = {"step": "step-after", "spline": "monotone"}
STACKS: dict[str, str | None] = {"grouped": None, "stacked": "zero", "normalized": "normalize"}
POINTS_UP_TO = 100  # rows; more points than this make a line unreadable
DASH_LEGEND = {"symbolStrokeColor": "#888888"}
DASHES = {"domain": [CURRENT, PREVIOUS], "range": [[1, 0], [5, 4]]}


def chart_fields(chart: Chart, keep_previous: bool = False) -> Fields:
    """The payload's fields for a chart whose options may name x, y and color."""
    options = chart.options
    return choose_fields(
        table_of(chart.payload),
        getattr(options, "x", None),
        getattr(options, "y", None),
        getattr(options, "color", None),
        keep_previous,
    )


def layer_body(
    rows: list[dict[str, Any]], transforms: list[dict[str, Any]], **rest: Any
) -> dict[str, Any]:
    """A spec body with the rows inline, then transforms, then the mark or layers."""
    body: dict[str, Any] = {"data": {"values": rows}}
    if transforms:
        body["transform"] = transforms
    return {**body, **rest}


def _series(encoding: dict[str, Any], chart: Chart, fields: Fields, series: str | None) -> None:
    if series is not None:
        own = fields.own_names and len(fields.y) == 1
        encoding["color"] = color_channel(series, chart.options, own)


def _in_legend_order(
    encoding: dict[str, Any],
    fields: Fields,
    transforms: list[dict[str, Any]],
    series: str,
    vertical: bool,
) -> list[dict[str, Any]]:
    ordered = stack_order(fields, transforms, series, vertical)
    if ordered is None:
        return transforms
    encoding["order"] = ordered[1]
    return [*transforms, ordered[0]]


def line_chart(chart: Chart) -> dict[str, Any]:
    """A line per series; the previous period of a metric dashed when ``previous``."""
    options = chart.options
    fields = chart_fields(chart, keep_previous=options.previous)
    transforms, value, series = folded(fields)
    encoding: dict[str, Any] = {
        "x": continuous_x(fields, options.x_title, temporal=chart.type == "timeseries"),
        "y": measure(value, options, options.y_title, fields.own_names and not transforms),
    }
    _series(encoding, chart, fields, series)
    dashed = options.previous and any(row.get("period") == PREVIOUS for row in fields.rows)
    if dashed:
        dash: dict[str, Any] = {"field": "period", "type": "nominal", "title": None}
        legend = None if options.legend is False else DASH_LEGEND
        encoding["strokeDash"] = {**dash, "scale": DASHES, "legend": legend}
    encoding["tooltip"] = tooltip_of(encoding, options, "x", "color", "strokeDash", "y")
    # Points would hide the dashes in the legend, so a comparison has none unless asked.
    points = len(fields.rows) <= POINTS_UP_TO and not dashed
    if options.points is not None:
        points = options.points
    mark = {
        "type": "line",
        "interpolate": options.interpolate or INTERPOLATION.get(chart.type, "linear"),
        "point": points,
    }
    return layer_body(fields.rows, transforms, mark=mark, encoding=encoding)


def area_chart(chart: Chart) -> dict[str, Any]:
    """Filled areas: overlapping (``grouped``), stacked, or stacked to 100 %."""
    options = chart.options
    fields = chart_fields(chart)
    transforms, value, series = folded(fields)
    amount = measure(
        value,
        options,
        options.y_title,
        fields.own_names and not transforms,
        stack=STACKS[options.stack],
    )
    if options.stack == "normalized":
        amount["axis"] = {"format": ".0%"}
    encoding: dict[str, Any] = {"x": continuous_x(fields, options.x_title), "y": amount}
    _series(encoding, chart, fields, series)
    if series is not None and options.stack != "grouped":
        transforms = _in_legend_order(encoding, fields, transforms, series, True)
    encoding["tooltip"] = tooltip_of(encoding, options, "x", "color", "y")
    mark: dict[str, Any] = {
        "type": "area",
        "line": True,
        "interpolate": options.interpolate or "linear",
    }
    if options.stack == "grouped" and series is not None:
        mark["opacity"] = 0.45
    return layer_body(fields.rows, transforms, mark=mark, encoding=encoding)


def bar_chart(chart: Chart) -> dict[str, Any]:
    """Bars per x, series side by side, stacked or stacked to 100 %; ``horizontal`` puts
    the categories on the y axis."""
    options = chart.options
    fields = chart_fields(chart)
    transforms, value, series = folded(fields)
    band, length = ("y", "x") if options.orientation == "horizontal" else ("x", "y")
    amount = measure(
        value,
        options,
        options.y_title,
        fields.own_names and not transforms,
        stack=STACKS[options.stack],
    )
    if options.stack == "normalized":
        amount["axis"] = {"format": ".0%"}
    encoding: dict[str, Any] = {band: discrete(fields, fields.x, options.x_title), length: amount}
    _series(encoding, chart, fields, series)
    if series is not None and options.stack == "grouped":
        encoding[f"{band}Offset"] = {"field": series, "type": "nominal", "sort": None}
    elif series is not None:
        transforms = _in_legend_order(encoding, fields, transforms, series, band == "x")
    encoding["tooltip"] = tooltip_of(encoding, options, band, "color", length)
    return layer_body(fields.rows, transforms, mark={"type": "bar"}, encoding=encoding)


def scatter_chart(chart: Chart) -> dict[str, Any]:
    """Points at (x, y), coloured by series, sized by the ``size`` field if given."""
    options = chart.options
    fields = chart_fields(chart)
    problems = missing_field(fields.rows, "size", options.size)
    if problems:
        raise WidgetDataError(problems)
    transforms, value, series = folded(fields)
    x = continuous_x(fields, options.x_title)
    if x["type"] == "quantitative":
        x["scale"] = {"zero": False}
    y = measure(
        value, options, options.y_title, fields.own_names and not transforms, scale={"zero": False}
    )
    encoding: dict[str, Any] = {"x": x, "y": y}
    _series(encoding, chart, fields, series)
    if options.size:
        encoding["size"] = {"field": options.size, "type": "quantitative"}
    encoding["tooltip"] = tooltip_of(encoding, options, "x", "y", "color", "size")
    mark = {"type": "point", "filled": True}
    return layer_body(fields.rows, transforms, mark=mark, encoding=encoding)
