"""The ``number`` widget: one big value, how it changed, and an optional trend line.

It reads jsondash's ``{"data": …}`` objects, plain values, events metric results and rows
(counted, summed or averaged), so one widget type covers every "big number" a seed had.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field

from gaugeboard.widgets.content.aggregate import Aggregate, aggregate, series_of
from gaugeboard.widgets.content.colors import jsondash_color
from gaugeboard.widgets.content.number_format import FormatOptions, format_number, to_number
from gaugeboard.widgets.content.option_checks import read_options
from gaugeboard.widgets.content.shapes import Record, as_records, is_metric_result, wrong_shape
from gaugeboard.widgets.content.sparkline import metric_sparkline, row_sparkline
from gaugeboard.widgets.content.text import plain_text
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

ACCEPTED = (
    "a number or a string",
    '{"data": number or string, "color"?, "noformat"?} (jsondash, may be nested)',
    "an events metric result",
    'rows (a list of objects, or {"columns", "rows"}) counted or aggregated over options.field',
)


class NumberOptions(FormatOptions):
    """``field``/``aggregate`` apply to rows; ``sparkline`` None draws one when the data
    is a metric over time."""

    field: str | None = Field(None, min_length=1, max_length=200)
    aggregate: Aggregate | None = None
    sparkline: bool | None = None
    label: str | None = Field(None, max_length=200)


@dataclass(frozen=True)
class Reading:
    """What a payload says: the value and whatever else it carries."""

    value: int | float | str | None
    previous: int | float | None = None
    delta: float | None = None
    color: str | None = None
    units: str | None = None
    sparkline: dict[str, Any] | None = None


def change(value: Any, previous: int | float | None) -> float | None:
    """The relative change from ``previous`` to ``value`` (0.25 = +25 %), None when either
    is missing or the previous value is zero."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not previous:
        return None
    return (value - previous) / abs(previous)


def scalar(value: Any, where: str) -> int | float | str | None:
    """A shown value: numbers and numeric strings as numbers, other strings as text."""
    if value is None:
        return None
    number = to_number(value)
    if number is not None:
        return number
    if isinstance(value, str):
        return value
    raise WidgetDataError(f"{where}: must be a number or a string, got {type(value).__name__}")


def jsondash_object(payload: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The innermost ``data`` of ``{"data": {"data": …}}`` and the keys around it (inner
    keys win)."""
    found: Any = payload
    around: dict[str, Any] = {}
    while isinstance(found, dict) and "data" in found:
        around.update({key: value for key, value in found.items() if key != "data"})
        found = found["data"]
    return found, around


def _from_jsondash(payload: dict[str, Any]) -> Reading:
    data, around = jsondash_object(payload)
    value = scalar(data, "payload.data")
    previous = to_number(around.get("previous"))
    return Reading(
        value=value,
        previous=previous,
        delta=change(value, previous),
        color=jsondash_color(data, around.get("color"), around.get("noformat"), "payload"),
        units=plain_text(around.get("units"), "payload.units"),
    )


def _from_metric(result: dict[str, Any], options: NumberOptions) -> Reading:
    value = to_number(result.get("total"))
    earlier = result.get("previous")
    previous = to_number(earlier.get("total")) if isinstance(earlier, dict) else None
    given = to_number(result.get("change"))
    return Reading(
        value=value,
        previous=previous,
        delta=float(given) if given is not None else change(value, previous),
        sparkline=metric_sparkline(result) if options.sparkline is not False else None,
    )


def _from_rows(records: list[Record], options: NumberOptions) -> Reading:
    how = options.aggregate or ("sum" if options.field else "count")
    value = aggregate(records, options.field, how)
    trend = None
    if options.sparkline and options.field:
        trend = row_sparkline(series_of(records, options.field))
    return Reading(value=value, sparkline=trend)


def read_number(payload: Any, options: NumberOptions) -> Reading:
    """The reading of any accepted payload shape."""
    if is_metric_result(payload):
        return _from_metric(payload, options)
    if payload == []:
        return _from_rows([], options)
    records = as_records(payload)
    if records is not None:
        return _from_rows(records, options)
    if isinstance(payload, dict) and "data" in payload:
        return _from_jsondash(payload)
    if isinstance(payload, int | float | str) and not isinstance(payload, bool):
        return Reading(value=scalar(payload, "payload"))
    raise wrong_shape("number", ACCEPTED, payload)


def shown_text(value: int | float | str | None, options: FormatOptions) -> str:
    """Text as given stays as given; numbers are formatted."""
    return value if isinstance(value, str) else format_number(value, options)


def render_number(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "number", "value", "text", "previous", "previous_text", "delta", "units",
    "color", "sparkline", "label"}``; ``previous_text`` is the previous value in the
    widget's own format."""
    options = read_options(NumberOptions, request.options)
    reading = read_number(payload, options)
    return {
        "kind": "number",
        "value": reading.value,
        "text": shown_text(reading.value, options),
        "previous": reading.previous,
        "previous_text": None
        if reading.previous is None
        else shown_text(reading.previous, options),
        "delta": reading.delta,
        "units": reading.units if reading.units is not None else options.units,
        "color": reading.color,
        "sparkline": reading.sparkline,
        "label": options.label,
    }
