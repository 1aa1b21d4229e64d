"""Cells coloured by a value: heatmap, and retention (cohort × period, share labelled)."""

from __future__ import annotations

import json
from typing import Any

from gaugeboard.widgets.charts.encoding import Chart, discrete, tooltip_of
from gaugeboard.widgets.charts.fields import (
    Fields,
    choose_fields,
    field_names,
    missing_field,
    not_numbers,
)
from gaugeboard.widgets.payloads import numbers_in, table_of
from gaugeboard.widgets.request import WidgetDataError

RETENTION_FIELDS = ("period", "cohort", "share")  # x, y, color of retention rows
RETENTION_FORMAT = ".0%"
DARK_INK = "#333333"


def _roles(chart: Chart, fields: Fields) -> tuple[str | None, str]:
    """The row field and the value field: options, else the payload's series and measure;
    plain rows with two number fields and no series use the first as the row."""
    options = chart.options
    measures = list(fields.y)
    row = options.y or fields.color
    if row is None and len(measures) > 1:
        row = measures.pop(0)
    value = options.color or next((name for name in measures if name != row), measures[0])
    problems = missing_field(fields.rows, "y", options.y)
    problems += missing_field(fields.rows, "color", options.color)
    problems += not_numbers(fields.rows, "color", (value,))
    if problems:
        raise WidgetDataError(problems)
    return row, value


def _defaults(chart: Chart, fields: Fields) -> dict[str, Any]:
    """Retention of plain rows that have the retention result's fields reads them (each
    option still wins); other rows are read as a heatmap's."""
    options = chart.options
    present = set(field_names(fields.rows))
    if chart.type != "retention" or not fields.own_names or not present >= set(RETENTION_FIELDS):
        return {}
    x, y, color = RETENTION_FIELDS
    return {"x": options.x or x, "y": options.y or y, "color": options.color or color}


def _is_share(chart: Chart, fields: Fields, value: str) -> bool:
    """Whether a retention chart's value is a share (then labelled as a percentage)."""
    return chart.type == "retention" and value == "share" and fields.x == "period"


def _cell_labels(
    position: dict[str, Any], value: str, number_format: str, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """Values written in the cells, white on the darker half of the scale."""
    numbers = numbers_in(rows, value)
    middle = (max(numbers) + min(numbers)) / 2 if numbers else 0
    test = f"datum[{json.dumps(value)}] > {middle}"
    return {
        "mark": {"type": "text", "fontSize": 10},
        "encoding": {
            **position,
            "text": {"field": value, "type": "quantitative", "format": number_format},
            "color": {"condition": {"test": test, "value": "white"}, "value": DARK_INK},
        },
    }


def _fields(chart: Chart) -> Fields:
    table = table_of(chart.payload)
    fields = choose_fields(table, chart.options.x)
    defaults = _defaults(chart, fields)
    if defaults:
        fields = choose_fields(table, defaults["x"], [defaults["color"]], defaults["y"])
    return fields


def _value_channel(value: str, number_format: str | None, legend: bool | None) -> dict[str, Any]:
    channel: dict[str, Any] = {"field": value, "type": "quantitative", "title": None}
    if number_format:
        channel["legend"] = {"format": number_format}
    if legend is False:
        channel["legend"] = None
    return channel


def grid_chart(chart: Chart) -> dict[str, Any]:
    """A rect per (x, row) coloured by the value; retention also writes each cell's value
    in it (a share, as a percentage, unless ``format`` says otherwise)."""
    options = chart.options
    fields = _fields(chart)
    row, value = _roles(chart, fields)
    shares = _is_share(chart, fields, value)
    number_format = options.format or (RETENTION_FORMAT if shares else None)
    x_title, y_title = (options.x_title, options.y_title)
    if shares:
        x_title, y_title = (x_title or "period", y_title or "cohort")
    position = {"x": discrete(fields, fields.x, x_title)}
    if row is not None:
        position["y"] = discrete(fields, row, y_title)
    encoding: dict[str, Any] = {
        **position,
        "color": _value_channel(value, number_format, options.legend),
    }
    encoding["tooltip"] = tooltip_of(encoding, options, "x", "y", "color")
    if number_format:
        encoding["tooltip"][-1]["format"] = number_format
    layers: list[dict[str, Any]] = [{"mark": {"type": "rect"}, "encoding": encoding}]
    if chart.type == "retention":
        layers.append(_cell_labels(position, value, number_format or "", fields.rows))
    return {
        "data": {"values": fields.rows},
        "transform": [{"filter": f"isValid(datum[{json.dumps(value)}])"}],
        "layer": layers,
    }
