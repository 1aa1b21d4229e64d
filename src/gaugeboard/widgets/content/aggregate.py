"""One number out of many rows: the seed's "count, sum or average" widgets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from gaugeboard.widgets.content.number_format import to_number
from gaugeboard.widgets.content.shapes import Record
from gaugeboard.widgets.request import WidgetDataError

Aggregate = Literal["count", "sum", "avg", "min", "max", "last"]


def field_values(records: Sequence[Record], field: str) -> list[int | float]:
    """The numbers in ``field`` of every row (missing and null skipped); a value that is
    not a number is an error naming its row."""
    if records and not any(field in record for record in records):
        known = ", ".join(sorted({key for record in records for key in record})[:20])
        raise WidgetDataError(f"options.field: no row has {field!r} (fields: {known})")
    numbers: list[int | float] = []
    for index, record in enumerate(records):
        value = record.get(field)
        if value is None:
            continue
        number = to_number(value)
        if number is None:
            raise WidgetDataError(f"payload[{index}].{field}: {str(value)[:40]!r} is not a number")
        numbers.append(number)
    return numbers


def aggregate(records: Sequence[Record], field: str | None, how: Aggregate) -> int | float | None:
    """``how`` over ``field`` of ``records``; ``count`` without a field counts rows.
    None when there is nothing to average, minimise, maximise or take last."""
    if field is None:
        if how != "count":
            raise WidgetDataError(f"options.field: needed to take the {how} of rows")
        return len(records)
    values = field_values(records, field)
    if how == "count":
        return len(values)
    if how == "sum":
        return sum(values)
    if not values:
        return None
    if how == "avg":
        return sum(values) / len(values)
    if how == "min":
        return min(values)
    if how == "max":
        return max(values)
    return values[-1]


def series_of(records: Sequence[Record], field: str) -> list[Any]:
    """``field`` of each row in order, for a sparkline."""
    return [to_number(record.get(field)) for record in records]
