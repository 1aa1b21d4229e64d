"""Ranked bars: a funnel's steps with their conversion."""

from __future__ import annotations

import json
from typing import Any

from gaugeboard.widgets.charts.encoding import Chart, titled
from gaugeboard.widgets.charts.fields import Fields, choose_fields
from gaugeboard.widgets.charts.theme import text_color
from gaugeboard.widgets.payloads import is_number, number_or_zero, numbers_in, shape_of, totals_of

OTHER = "(other)"
COUNT_FORMAT = ",~f"
TOTAL = "total"


def _ratio(part: Any, whole: Any) -> float | None:
    return part / whole if is_number(part) and is_number(whole) and whole else None


def funnel_steps(fields: Fields) -> list[dict[str, Any]]:
    """Rows as funnel steps (the events funnel's fields), in order within each series,
    with the conversion from the previous step and from the first."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in fields.rows:
        groups.setdefault(row.get(fields.color) if fields.color else TOTAL, []).append(row)
    steps = []
    for label, members in groups.items():
        counts = [row.get(fields.y[0]) for row in members]
        for index, row in enumerate(members):
            steps.append(
                {
                    "step": index,
                    "event": row.get(fields.x),
                    "count": counts[index],
                    "conversion_from_previous": _ratio(counts[index], counts[max(index - 1, 0)]),
                    "conversion_from_start": _ratio(counts[index], counts[0]),
                    "series": label,
                }
            )
    return steps


LABEL_ROOM = 1.3


def funnel_chart(chart: Chart) -> dict[str, Any]:
    """One bar per step, widest first, labelled with its count and its share of the first
    step; a breakdown puts its groups' bars side by side."""
    options = chart.options
    fields = choose_fields(
        totals_of(chart.payload), options.x, [options.y] if options.y else None, options.color
    )
    rows = fields.rows if shape_of(chart.payload) == "funnel" else funnel_steps(fields)
    split = fields.color is not None
    count_format = options.format or COUNT_FORMAT
    share = "datum.conversion_from_start"
    label = (
        f"format(datum.count, {json.dumps(count_format)}) + "
        f"(isValid({share}) ? ' (' + format({share}, '.0%') + ')' : '')"
    )
    step = {"field": "event", "type": "nominal", "sort": {"field": "step", "op": "min"}}
    encoding: dict[str, Any] = {
        "y": titled(step, options.y_title, False),
        "x": titled({"field": "count", "type": "quantitative"}, options.x_title, False),
    }
    encoding["x"]["axis"] = {"format": count_format}
    # Room right of the widest bar for its label ("537 (100%)"), which would be clipped.
    widest = max((number_or_zero(row.get("count")) for row in rows), default=0)
    if widest > 0:
        encoding["x"]["scale"] = {"domainMax": widest * LABEL_ROOM}
    if split:
        encoding["yOffset"] = {"field": "series", "type": "nominal", "sort": None}
        encoding["color"] = {"field": "series", "type": "nominal", "sort": None, "title": None}
        if options.legend is False:
            encoding["color"]["legend"] = None
    tips = ["event", "count", "conversion_from_previous", "conversion_from_start"]
    encoding["tooltip"] = [
        {"field": name, "type": "nominal" if name == "event" else "quantitative"} for name in tips
    ]
    for tip, form in zip(encoding["tooltip"][1:], (count_format, ".1%", ".1%"), strict=True):
        tip["format"] = form
    text = {"type": "text", "align": "left", "dx": 4, **text_color(chart.theme)}
    labels = {key: encoding[key] for key in ("y", "x", "yOffset") if key in encoding}
    return {
        "data": {"values": rows},
        "transform": [{"calculate": label, "as": "label"}],
        "layer": [
            {"mark": {"type": "bar"}, "encoding": encoding},
            {"mark": text, "encoding": {**labels, "text": {"field": "label", "type": "nominal"}}},
        ],
    }


def largest(rows: list[dict[str, Any]], label: str, value: str, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` largest rows by ``value``, the rest summed into one ``(other)`` row."""
    ranked = sorted(rows, key=lambda row: -number_or_zero(row.get(value)))
    kept, rest = ranked[:limit], ranked[limit:]
    if rest:
        total = sum(numbers_in(rest, value))
        kept.append({label: f"{OTHER} ({len(rest)})", value: total})
    return kept
