"""Voronoi cells over points, and word clouds: Vega's ``voronoi`` and ``wordcloud``
transforms run on the items of a mark, so both lay out in the browser at its size."""

from __future__ import annotations

import json
from typing import Any

from gaugeboard.widgets.content.shapes import describe
from gaugeboard.widgets.figures.spec import line_stroke, palette
from gaugeboard.widgets.payloads import is_number, number_or_zero
from gaugeboard.widgets.request import WidgetDataError

MAX_POINTS = 5000
SIZE = [{"signal": "width"}, {"signal": "height"}]
POINTS_ACCEPTED = 'pairs [[x, y], ...] or rows [{"x", "y"}] (options.x and options.y name them)'
WORDS_ACCEPTED = (
    'words [{"text", "size"}] (options.text and options.size name them) or a '
    'word→number object {"word": n}'
)


def _numeric_fields(rows: list[dict[str, Any]]) -> list[str]:
    first = rows[0]
    return [key for key, value in first.items() if is_number(value)]


def _point_rows(payload: Any, options: Any) -> list[dict[str, Any]]:
    if payload in (None, []):
        return []
    if isinstance(payload, list) and all(
        isinstance(p, list) and len(p) == 2 and all(is_number(v) for v in p) for p in payload
    ):
        return [{"x": p[0], "y": p[1]} for p in payload]
    if isinstance(payload, list) and all(isinstance(row, dict) for row in payload):
        numeric: list[str | None] = [*_numeric_fields(payload), None, None]
        x = options.x or ("x" if "x" in payload[0] else numeric[0])
        y = options.y or ("y" if "y" in payload[0] else numeric[1])
        if x is None or y is None:
            raise WidgetDataError("options.x: name the rows' x and y fields (no two numbers)")
        rows = [row for row in payload if is_number(row.get(x)) and is_number(row.get(y))]
        keep = (options.color,) if options.color else ()
        return [{"x": row[x], "y": row[y], **{k: row.get(k) for k in keep}} for row in rows]
    raise WidgetDataError(f"payload: a voronoi takes {POINTS_ACCEPTED}; got {describe(payload)}")


def voronoi_body(payload: Any, options: Any, theme: str) -> dict[str, Any]:
    """One dot per point and the cell of the plane nearest to it."""
    rows = _point_rows(payload, options)
    if len(rows) > MAX_POINTS:
        raise WidgetDataError(f"payload: more than {MAX_POINTS} points are not drawn")
    fill: dict[str, Any] = (
        {"scale": "color", "field": options.color}
        if options.color
        else {"scale": "color", "signal": "'all'"}
    )
    cell_fill = (
        {"scale": "color", "field": f"datum.{options.color}"}
        if options.color
        else {"scale": "color", "signal": "'all'"}
    )
    form = json.dumps(options.format or ",~r")
    dots = {
        "type": "symbol",
        "name": "dots",
        "from": {"data": "points"},
        "interactive": False,
        "encode": {
            "update": {
                "x": {"scale": "x", "field": "x"},
                "y": {"scale": "y", "field": "y"},
                "size": {"value": 24},
                "fill": fill,
            }
        },
    }
    cells = {
        "type": "path",
        "name": "cells",
        "from": {"data": "dots"},
        "encode": {
            "update": {
                "fill": cell_fill,
                "fillOpacity": {"value": 0.18},
                "stroke": {"value": line_stroke(theme)},
                "strokeWidth": {"value": 1},
                "tooltip": {
                    "signal": f"{{x: format(datum.datum.x, {form}), "
                    f"y: format(datum.datum.y, {form})}}"
                },
                "description": {"signal": "'cell of ' + datum.datum.x + ', ' + datum.datum.y"},
            }
        },
        "transform": [{"type": "voronoi", "x": "datum.x", "y": "datum.y", "size": SIZE}],
    }
    domain: Any = {"data": "points", "field": options.color} if options.color else ["all"]
    return {
        "data": [{"name": "points", "values": rows}],
        "scales": [
            {
                "name": "x",
                "type": "linear",
                "domain": {"data": "points", "field": "x"},
                "range": "width",
                "nice": True,
                "zero": False,
            },
            {
                "name": "y",
                "type": "linear",
                "domain": {"data": "points", "field": "y"},
                "range": "height",
                "nice": True,
                "zero": False,
            },
            {
                "name": "color",
                "type": "ordinal",
                "domain": domain,
                "range": palette(options.colors),
            },
        ],
        "marks": [dots, cells],
    }


def _word_rows(payload: Any, options: Any) -> list[dict[str, Any]]:
    if payload in (None, [], {}):
        return []
    if isinstance(payload, dict) and options.text in payload:
        payload = [payload]  # jsondash's documentation shows a single word object
    if isinstance(payload, dict) and all(
        value is None or is_number(value) for value in payload.values()
    ):
        return [{"text": str(k), "size": v} for k, v in payload.items() if is_number(v)]
    if isinstance(payload, list) and all(isinstance(row, dict) for row in payload):
        if not any(options.text in row for row in payload):
            raise WidgetDataError(
                f"options.text: no row has a {options.text!r} field; set text and size"
            )
        return [
            {"text": str(row.get(options.text, "")), "size": number_or_zero(row.get(options.size))}
            for row in payload
            if row.get(options.text) not in (None, "")
        ]
    raise WidgetDataError(f"payload: a wordcloud takes {WORDS_ACCEPTED}; got {describe(payload)}")


def wordcloud_body(payload: Any, options: Any, theme: str) -> dict[str, Any]:
    """The ``max_words`` largest words, font size from their value; every third word
    upright when ``rotate``."""
    rows = sorted(_word_rows(payload, options), key=lambda row: -row["size"])
    rows = rows[: options.max_words]
    for index, row in enumerate(rows):
        row["angle"] = 90 if options.rotate and index % 3 == 2 else 0
    form = json.dumps(options.format or ",~r")
    words = {
        "type": "text",
        "name": "words",
        "from": {"data": "word-data"},
        "encode": {
            "enter": {
                "text": {"field": "text"},
                "align": {"value": "center"},
                "baseline": {"value": "alphabetic"},
                "fill": {"scale": "color", "field": "text"},
            },
            "update": {
                "tooltip": {"signal": f"{{text: datum.text, size: format(datum.size, {form})}}"},
                "description": {"signal": "'word ' + datum.text"},
            },
        },
        "transform": [
            {
                "type": "wordcloud",
                "size": SIZE,
                "text": {"field": "text"},
                "rotate": {"field": "datum.angle"},
                "font": "sans-serif",
                "fontSize": {"field": "datum.size"},
                "fontSizeRange": [11, 48],
                "padding": 2,
            }
        ],
    }
    return {
        "data": [{"name": "word-data", "values": rows}],
        "scales": [
            {
                "name": "color",
                "type": "ordinal",
                "domain": {"data": "word-data", "field": "text"},
                "range": palette(options.colors),
            },
        ],
        "marks": [words],
    }
