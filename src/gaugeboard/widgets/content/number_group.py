"""The ``number-group`` widget: a row of titled big numbers (jsondash's ``numbergroup``).

jsondash built this widget's HTML from payload strings; here every field is checked and
handed over as plain text, colours and widths included.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from gaugeboard.widgets.content.colors import jsondash_color
from gaugeboard.widgets.content.number import change, scalar, shown_text
from gaugeboard.widgets.content.number_format import FormatOptions, to_number
from gaugeboard.widgets.content.option_checks import read_options
from gaugeboard.widgets.content.shapes import Record, as_records, is_metric_result, wrong_shape
from gaugeboard.widgets.content.text import plain_text
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

MAX_ITEMS = 100
_WIDTH = re.compile(r"(\d{1,4}(?:\.\d{1,3})?)(%|px|em|rem)?")
ACCEPTED = (
    '[{"title", "data", "description"?, "units"?, "color"?, "noformat"?, "width"?}, …] (jsondash)',
    'rows (a list of objects, or {"columns", "rows"}) with options.value_field',
    "an events metric result (one number per series)",
)


class NumberGroupOptions(FormatOptions):
    """Which row fields hold each number's title, value and description."""

    title_field: str | None = Field(None, min_length=1, max_length=200)
    value_field: str | None = Field(None, min_length=1, max_length=200)
    description_field: str | None = Field(None, min_length=1, max_length=200)


def css_width(value: Any, where: str) -> str | None:
    """A width such as ``30%`` or ``120px`` (a bare number means percent)."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    match = _WIDTH.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise WidgetDataError(f"{where}: {str(value)[:40]!r} is not a width like 30% or 120px")
    return match.group(1) + (match.group(2) or "%")


def _item(
    title: Any, value: Any, options: FormatOptions, where: str, **extra: Any
) -> dict[str, Any]:
    shown = scalar(value, f"{where}.data")
    return {
        "title": plain_text(title, f"{where}.title") or "",
        "description": plain_text(extra.get("description"), f"{where}.description"),
        "value": shown,
        "text": shown_text(shown, options),
        "units": plain_text(extra.get("units"), f"{where}.units") or options.units,
        "color": extra.get("color"),
        "delta": extra.get("delta"),
        "width": css_width(extra.get("width"), f"{where}.width"),
    }


def _jsondash_items(payload: list[Any], options: FormatOptions) -> list[dict[str, Any]]:
    items = []
    for index, entry in enumerate(payload):
        where = f"payload[{index}]"
        if not isinstance(entry, dict) or "data" not in entry:
            raise WidgetDataError(
                f'{where}: must be an object with "title" and "data" '
                "(or set options.value_field to draw rows)"
            )
        color = jsondash_color(entry["data"], entry.get("color"), entry.get("noformat"), where)
        items.append(
            _item(
                entry.get("title"),
                entry["data"],
                options,
                where,
                description=entry.get("description"),
                units=entry.get("units"),
                color=color,
                delta=to_number(entry.get("delta")),
                width=entry.get("width"),
            )
        )
    return items


def _row_items(records: list[Record], options: NumberGroupOptions) -> list[dict[str, Any]]:
    if options.value_field is None:
        raise WidgetDataError("options.value_field: needed to draw rows as a number group")
    return [
        _item(
            record.get(options.title_field) if options.title_field else None,
            record.get(options.value_field),
            options,
            f"payload[{index}]",
            description=record.get(options.description_field)
            if options.description_field
            else None,
        )
        for index, record in enumerate(records)
    ]


def _metric_items(result: dict[str, Any], options: FormatOptions) -> list[dict[str, Any]]:
    earlier = result.get("previous")
    before = {
        entry.get("label"): to_number(entry.get("total"))
        for entry in (earlier.get("series") or [] if isinstance(earlier, dict) else [])
        if isinstance(entry, dict)
    }
    items = []
    for index, entry in enumerate(result["series"]):
        if not isinstance(entry, dict):
            raise WidgetDataError(f"payload.series[{index}]: must be an object")
        total = to_number(entry.get("total"))
        delta = change(total, before.get(entry.get("label")))
        items.append(
            _item(entry.get("label"), total, options, f"payload.series[{index}]", delta=delta)
        )
    return items


def group_items(payload: Any, options: NumberGroupOptions) -> list[dict[str, Any]]:
    """The numbers of any accepted payload shape."""
    if isinstance(payload, list) and len(payload) > MAX_ITEMS:
        raise WidgetDataError(
            f"payload: at most {MAX_ITEMS} numbers in a group, got {len(payload)}"
        )
    if is_metric_result(payload):
        return _metric_items(payload, options)
    records = as_records(payload)
    if records is not None and (options.value_field or not isinstance(payload, list)):
        return _row_items(records, options)
    if isinstance(payload, list) and options.value_field is None:
        return _jsondash_items(payload, options)
    if payload == []:
        return []
    raise wrong_shape("number-group", ACCEPTED, payload)


def render_number_group(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "number-group", "items": [{"title", "description", "value", "text",
    "units", "color", "delta", "width"}]}``."""
    options = read_options(NumberGroupOptions, request.options)
    items = group_items(payload, options)
    if len(items) > MAX_ITEMS:
        raise WidgetDataError(f"payload: at most {MAX_ITEMS} numbers in a group, got {len(items)}")
    return {"kind": "number-group", "items": items}
