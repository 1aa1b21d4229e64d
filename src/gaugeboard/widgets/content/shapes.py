"""Recognising the payload shapes content widgets accept, and saying what arrived instead.

Sources hand widgets plain JSON: rows, a ``{"columns", "rows"}`` table, an events metric
or funnel result, or a jsondash object. Errors name the shapes a type takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gaugeboard.widgets.request import WidgetDataError

Record = dict[str, Any]


def is_metric_result(payload: Any) -> bool:
    """An events metric result: ``{"series": [...], "total": …}``."""
    return (
        isinstance(payload, dict)
        and isinstance(payload.get("series"), list)
        and ("total" in payload)
    )


def is_funnel_result(payload: Any) -> bool:
    """An events funnel result: ``{"steps": [{"event", "count", …}]}``."""
    return isinstance(payload, dict) and isinstance(payload.get("steps"), list)


def is_column_table(payload: Any) -> bool:
    """A ``{"columns": [...], "rows": [[...]]}`` table."""
    return (
        isinstance(payload, dict)
        and isinstance(payload.get("columns"), list)
        and isinstance(payload.get("rows"), list)
    )


def is_records(payload: Any) -> bool:
    """A non-empty list of row objects (an empty list counts as no rows)."""
    return isinstance(payload, list) and all(isinstance(item, dict) for item in payload)


def column_names(payload: dict[str, Any]) -> list[str]:
    """The names of a ``{"columns", "rows"}`` table; columns are names or ``{"name"}``."""
    names = []
    for index, column in enumerate(payload["columns"]):
        name = column.get("name") if isinstance(column, dict) else column
        if not isinstance(name, str) or not name:
            raise WidgetDataError(f"payload.columns[{index}]: must be a name or {{'name': …}}")
        names.append(name)
    return names


def table_records(payload: dict[str, Any]) -> list[Record]:
    """The rows of a ``{"columns", "rows"}`` table as objects, checking every row's length."""
    names = column_names(payload)
    records = []
    for index, row in enumerate(payload["rows"]):
        if not isinstance(row, list) or len(row) != len(names):
            raise WidgetDataError(
                f"payload.rows[{index}]: must be a list of {len(names)} cells, one per column"
            )
        records.append(dict(zip(names, row, strict=True)))
    return records


def as_records(payload: Any) -> list[Record] | None:
    """Rows as objects for a list of objects or a columns/rows table; None for other shapes."""
    if is_column_table(payload):
        return table_records(payload)
    if isinstance(payload, list) and payload and is_records(payload):
        return payload
    return None


def describe(payload: Any) -> str:
    """A few words on what ``payload`` is, for error messages."""
    if payload is None:
        return "nothing (the widget has no source or the source returned null)"
    if isinstance(payload, bool):
        return "a boolean"
    if isinstance(payload, int | float):
        return "a number"
    if isinstance(payload, str):
        return "a string"
    if isinstance(payload, list):
        return f"a list of {len(payload)} items" if payload else "an empty list"
    if isinstance(payload, dict):
        keys = list(payload)[:6]
        more = ", …" if len(payload) > len(keys) else ""
        return f"an object with keys {', '.join(map(str, keys))}{more}" if keys else "{}"
    return f"a {type(payload).__name__}"


def wrong_shape(widget_type: str, accepted: Sequence[str], payload: Any) -> WidgetDataError:
    """The error for a payload no branch of ``widget_type`` takes."""
    takes = "; or ".join(accepted)
    return WidgetDataError(
        f"payload: a {widget_type} widget takes {takes}; got {describe(payload)}"
    )
