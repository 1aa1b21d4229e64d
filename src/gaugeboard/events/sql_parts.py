"""Pieces of DuckDB SQL shared by metrics, funnels and retention: filters, buckets, ranges.

Every user value travels as a ``?`` parameter; only names the code chose (column names it
derived, units from a fixed list, time zones checked against the IANA database) are
written into the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from gaugeboard.events.engine import EventView, sql_literal
from gaugeboard.events.query_model import Filter

PROPERTY_PREFIX = "properties."


@dataclass
class Sql:
    """A condition or expression with its parameters, combined in order."""

    text: str
    params: list[Any] = field(default_factory=list)


def naive_utc(moment: datetime) -> datetime:
    """Stored timestamps are naive UTC; query bounds must be too."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def time_range(start: datetime, end: datetime, column: str = "ts") -> Sql:
    return Sql(f"{column} >= ? AND {column} < ?", [naive_utc(start), naive_utc(end)])


def local_time(zone: str, column: str = "ts") -> str:
    """The column's wall-clock time in ``zone`` (stored values are naive UTC)."""
    if zone == "UTC":
        return column
    return f"timezone({sql_literal(zone)}, timezone('UTC', {column}))"


def bucket(unit: str, zone: str, column: str = "ts") -> str:
    return f"date_trunc({sql_literal(unit)}, {local_time(zone, column)})"


def _text_of(view: EventView, field_name: str) -> str:
    if field_name in ("name", "person"):
        return field_name
    return view.text_property(field_name.removeprefix(PROPERTY_PREFIX))


def _number_of(view: EventView, field_name: str) -> str:
    if field_name in ("name", "person"):
        return f"TRY_CAST({field_name} AS DOUBLE)"
    return view.numeric_property(field_name.removeprefix(PROPERTY_PREFIX))


def _equals(view: EventView, field_name: str, value: Any) -> Sql:
    if isinstance(value, bool):
        return Sql(f"{_text_of(view, field_name)} = ?", ["true" if value else "false"])
    if isinstance(value, int | float):
        return Sql(f"{_number_of(view, field_name)} = ?", [float(value)])
    return Sql(f"{_text_of(view, field_name)} = ?", [str(value)])


def filter_sql(view: EventView, item: Filter) -> Sql:
    """One filter as a condition. ``!=`` also matches events without the property."""
    text = _text_of(view, item.field)
    if item.op == "is_set":
        return Sql(f"{text} IS NOT NULL AND {text} <> ''")
    if item.op == "=":
        return _equals(view, item.field, item.value)
    if item.op == "!=":
        equal = _equals(view, item.field, item.value)
        return Sql(f"coalesce(NOT ({equal.text}), TRUE)", equal.params)
    if item.op == "in":
        parts = [_equals(view, item.field, value) for value in item.value]
        return Sql(
            "(" + " OR ".join(p.text for p in parts) + ")", [x for p in parts for x in p.params]
        )
    if item.op == "contains":
        return Sql(f"contains(lower({text}), lower(?))", [str(item.value)])
    operator = ">" if item.op == ">" else "<"
    return Sql(f"{_number_of(view, item.field)} {operator} ?", [float(item.value)])


def all_of(parts: list[Sql]) -> Sql:
    if not parts:
        return Sql("TRUE")
    return Sql(" AND ".join(f"({p.text})" for p in parts), [x for p in parts for x in p.params])


def breakdown_label(view: EventView, field_name: str) -> str:
    return f"coalesce(NULLIF({_text_of(view, field_name)}, ''), '(none)')"
