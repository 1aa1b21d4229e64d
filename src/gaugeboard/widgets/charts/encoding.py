"""Encoding channels shared by the chart types: position, measure, colour, tooltip.

Fields named by a shape (``x``, ``value``, ``local``…) get no axis title unless the
options give one: they mean nothing to a reader. Fields of the author's own rows keep
their names as titles, as Vega-Lite does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from gaugeboard.widgets.charts.fields import Fields, all_integers, time_unit
from gaugeboard.widgets.request import WidgetRequest

FOLD_AS = ("series", "value")
FEW_TICKS = 14  # days or months; over a short span Vega would put ticks between them
UPRIGHT_LABELS_UP_TO = 20  # numbered bands; more labels than this are turned to fit
SHORT_LABEL = 10  # characters: category labels this short stay horizontal
# How a tooltip spells a time at its unit, as the tables do ("Nov 7", "Nov 7 14:00").
TIME_FORMATS = {
    "yearmonth": "%b %Y",
    "yearmonthdate": "%b %-d",
    "yearmonthdatehours": "%b %-d %H:00",
    "yearmonthdatehoursminutes": "%b %-d %H:%M",
}
TOOLTIP_TITLES = {"local": "time", "t": "time"}  # shape field names a reader would not get


@dataclass(frozen=True)
class Chart:
    """One chart being drawn: its request, parsed options and raw payload."""

    request: WidgetRequest
    options: Any
    payload: Any

    @property
    def type(self) -> str:
        """The widget type being drawn."""
        return self.request.type

    @property
    def theme(self) -> str:
        """The dashboard's theme: light, dark or auto."""
        return self.request.theme


def titled(channel: dict[str, Any], title: str | None, own_names: bool) -> dict[str, Any]:
    """``channel`` with the option's title, or none when its field is a shape's name."""
    if title is not None:
        channel["title"] = title
    else:
        channel["title"] = channel["field"] if own_names else None
    return channel


def _whole_units(channel: dict[str, Any], fields: Fields) -> None:
    """Times that are whole days or months are labelled as such, with a tick per day or
    month over a short span (Vega would put ticks between them)."""
    unit = time_unit(fields.rows, fields.x)
    if unit == "yearmonthdatehoursminutes":
        return
    channel["timeUnit"] = unit
    if len({row.get(fields.x) for row in fields.rows}) <= FEW_TICKS:
        interval = "month" if unit.endswith("yearmonth") else "day"
        channel["axis"] = {"tickCount": {"interval": interval, "step": 1}}


def continuous_x(fields: Fields, title: str | None, temporal: bool = False) -> dict[str, Any]:
    """x on a line-like chart: time, number, or categories in the order the data has them."""
    kind = "temporal" if temporal else fields.kind(fields.x)
    channel: dict[str, Any] = {"field": fields.x, "type": kind}
    if kind == "nominal":
        channel.update(type="ordinal", sort=None)
    elif kind == "temporal" and fields.kind(fields.x) == "temporal":
        _whole_units(channel, fields)
    elif kind == "quantitative" and all_integers(fields.rows, fields.x):
        channel["axis"] = {"tickMinStep": 1}
    return titled(channel, title, fields.own_names)


def discrete(fields: Fields, name: str, title: str | None) -> dict[str, Any]:
    """A band position (bars, boxes): numbers become ordinal, times whole days or minutes."""
    kind = fields.kind(name)
    channel: dict[str, Any] = {"field": name, "type": "nominal", "sort": None}
    if kind == "nominal" and _short_labels(fields, name):
        channel["axis"] = {"labelAngle": 0}
    if kind == "quantitative":
        channel = {"field": name, "type": "ordinal"}
        if len({row.get(name) for row in fields.rows}) <= UPRIGHT_LABELS_UP_TO:
            channel["axis"] = {"labelAngle": 0}
    elif kind == "temporal":
        channel = {"field": name, "type": "ordinal", "timeUnit": time_unit(fields.rows, name)}
    return titled(channel, title, fields.own_names)


def _short_labels(fields: Fields, name: str) -> bool:
    """Few categories with short names: they read best horizontal."""
    labels = {str(row.get(name)) for row in fields.rows}
    return len(labels) <= UPRIGHT_LABELS_UP_TO and all(
        len(label) <= SHORT_LABEL for label in labels
    )


def measure(
    name: str, options: Any, title: str | None, own_names: bool, **extra: Any
) -> dict[str, Any]:
    """A quantitative position with the options' number format on its axis."""
    channel: dict[str, Any] = {"field": name, "type": "quantitative", **extra}
    if options.format:
        channel["axis"] = {"format": options.format}
    return titled(channel, title, own_names)


def color_channel(name: str, options: Any, own_names: bool = True) -> dict[str, Any]:
    """Series colour in the data's order; ``legend: false`` hides the legend."""
    channel: dict[str, Any] = {"field": name, "type": "nominal", "sort": None}
    if getattr(options, "legend", None) is False:
        channel["legend"] = None
    return titled(channel, None, own_names)


def tooltip_of(encoding: dict[str, Any], options: Any, *channels: str) -> list[dict[str, Any]]:
    """Tooltip entries for the named channels of ``encoding`` (numbers in the format)."""
    entries = []
    for name in channels:
        channel = encoding.get(name)
        if not channel or "field" not in channel:
            continue
        entry = {k: channel[k] for k in ("field", "type", "timeUnit") if k in channel}
        title = channel.get("title") or TOOLTIP_TITLES.get(channel["field"])
        if title:
            entry["title"] = title
        if entry["type"] == "quantitative":
            entry["format"] = options.format or ","
        elif entry["type"] == "temporal":
            entry["format"] = TIME_FORMATS.get(
                entry.get("timeUnit", ""), TIME_FORMATS["yearmonthdatehoursminutes"]
            )
        entries.append(entry)
    return entries


STACK_ORDER = "gb_stack_order"
MAX_ORDERED_SERIES = 200


def stack_order(
    fields: Fields, transforms: list[dict[str, Any]], series: str, vertical: bool
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A transform and an ``order`` channel that stack series in legend order: the legend's
    first series on top (vertical) or first from the left (horizontal). Vega-Lite would
    otherwise stack them alphabetically while the legend keeps the data's order."""
    if transforms:
        names = [str(name) for name in fields.y]
    else:
        names = list(dict.fromkeys(str(row.get(series)) for row in fields.rows))
    if len(names) < 2 or len(names) > MAX_ORDERED_SERIES:
        return None
    key = json.dumps(series)
    calculate = {"calculate": f"indexof({json.dumps(names)}, '' + datum[{key}])", "as": STACK_ORDER}
    order = {
        "field": STACK_ORDER,
        "type": "quantitative",
        "sort": "descending" if vertical else "ascending",
    }
    return calculate, order


def folded(fields: Fields) -> tuple[list[dict[str, Any]], str, str | None]:
    """Several y fields become one measure split by series (a fold); one stays as it is.
    Returns the transforms, the measure field and the series field."""
    if len(fields.y) == 1:
        return [], fields.y[0], fields.color
    taken = set(fields.kinds) | {fields.x}
    key, value = (name if name not in taken else f"{name}_" for name in FOLD_AS)
    return [{"fold": list(fields.y), "as": [key, value]}], value, key
