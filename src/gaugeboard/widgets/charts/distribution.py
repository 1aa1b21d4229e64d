"""How values spread: histogram (binned counts) and boxplot (quartiles per category)."""

from __future__ import annotations

from typing import Any

from gaugeboard.widgets.charts.encoding import Chart, color_channel, measure, titled
from gaugeboard.widgets.charts.fields import choose_fields, missing_field
from gaugeboard.widgets.payloads import table_of
from gaugeboard.widgets.request import WidgetDataError


def histogram_chart(chart: Chart) -> dict[str, Any]:
    """Counts of the ``x`` field's values in up to ``bins`` bins (a plain list of numbers
    is binned as it is), stacked by ``color`` when given."""
    options = chart.options
    table = table_of(chart.payload)
    problems = missing_field(table.rows, "x", options.x)
    if problems:
        raise WidgetDataError(problems)
    fields = choose_fields(
        table, None, [options.x] if options.x else None, options.color, names=("x", "x", "color")
    )
    value = fields.y[0]
    binned: dict[str, Any] = {
        "field": value,
        "type": "quantitative",
        "bin": {"maxbins": options.bins},
    }
    if options.format:
        binned["axis"] = {"format": options.format}
    binned = titled(binned, options.x_title, fields.own_names)
    count = {"aggregate": "count", "type": "quantitative", "title": options.y_title or "count"}
    encoding: dict[str, Any] = {"x": binned, "y": count}
    if fields.color is not None:
        encoding["color"] = color_channel(fields.color, options, fields.own_names)
    tip = {key: binned[key] for key in ("field", "type", "bin", "title") if key in binned}
    encoding["tooltip"] = [tip, count]
    return {"data": {"values": fields.rows}, "mark": {"type": "bar"}, "encoding": encoding}


def _box_category(chart: Chart, fields: Any) -> str | None:
    """The boxes' category: the ``x`` option, else the series, else a text x field."""
    if chart.options.x:
        return str(chart.options.x)
    if fields.color is not None:
        return str(fields.color)
    return str(fields.x) if fields.kind(fields.x) == "nominal" else None


def boxplot_chart(chart: Chart) -> dict[str, Any]:
    """Median, quartiles and whiskers (1.5 × IQR) of the ``y`` field, one box per category."""
    options = chart.options
    fields = choose_fields(table_of(chart.payload), options.x, [options.y] if options.y else None)
    value = fields.y[0]
    band, length = ("y", "x") if options.orientation == "horizontal" else ("x", "y")
    amount = measure(value, options, options.y_title, fields.own_names, scale={"zero": False})
    encoding: dict[str, Any] = {length: amount}
    category = _box_category(chart, fields)
    if category is not None:
        channel = {"field": category, "type": "nominal", "sort": None}
        encoding[band] = titled(channel, options.x_title, fields.own_names)
        encoding["color"] = {"field": category, "type": "nominal", "sort": None, "legend": None}
    mark = {"type": "boxplot", "extent": 1.5}
    return {"data": {"values": fields.rows}, "mark": mark, "encoding": encoding}
