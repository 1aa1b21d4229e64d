"""Values converted to a column's type by Arrow alone, with no Python per value: the fast
way of the CSV upload (text cells) and of JSON rows (values JSON already typed). Each
function answers None when a value needs a closer look; the caller then checks the column
value by value with ``columns.coerce``, which accepts the same values and names each
problem by its row. So the fast way only decides how fast, never what is accepted.

(A check of this: ``tests/datasets/test_fast_values.py`` runs both ways on the same values.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from gaugeboard.datasets.columns import (
    FALSE_WORDS,
    MAX_TEXT,
    REC_ID,
    TRUE_WORDS,
    Column,
    arrow_schema,
)


def _fast_text(column: Column, text: pa.Array) -> pa.Array | None:
    if (pc.max(pc.utf8_length(text)).as_py() or 0) > MAX_TEXT:
        return None
    if pc.any(pc.match_substring(text, "\x00")).as_py():
        return None
    if column.data_type == "dropdown":
        allowed = pc.is_in(text, value_set=pa.array(column.values, pa.string()))
        if not pc.all(pc.or_kleene(allowed, pc.is_null(text))).as_py():
            return None
    return text


def _fast_number(_column: Column, text: pa.Array) -> pa.Array | None:
    numbers = pc.cast(pc.utf8_trim_whitespace(text), pa.float64())
    if pc.any(pc.is_inf(numbers)).as_py():
        return None
    return pc.if_else(pc.is_nan(numbers), pa.scalar(None, pa.float64()), numbers)


def _fast_checkbox(_column: Column, text: pa.Array) -> pa.Array | None:
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(text))
    yes = pc.is_in(lowered, value_set=pa.array(sorted(TRUE_WORDS)))
    no = pc.is_in(lowered, value_set=pa.array(sorted(FALSE_WORDS)))
    if not pc.all(pc.or_kleene(pc.or_(yes, no), pc.is_null(text))).as_py():
        return None
    return pc.if_else(pc.is_null(text), pa.scalar(None, pa.bool_()), yes)


def _fast_cast(arrow_type: pa.DataType) -> Callable[[Column, pa.Array], pa.Array | None]:
    def cast(_column: Column, text: pa.Array) -> pa.Array | None:
        return pc.cast(pc.utf8_trim_whitespace(text), arrow_type)

    return cast


FAST: dict[str, Callable[[Column, pa.Array], pa.Array | None]] = {
    "text": _fast_text,
    "dropdown": _fast_text,
    "number": _fast_number,
    "percentage": _fast_number,
    "integer": _fast_cast(pa.int64()),
    "date": _fast_cast(pa.date32()),
    "datetime": _fast_cast(pa.timestamp("us", tz="UTC")),
    "checkbox": _fast_checkbox,
}


def fast_text(column: Column, text: pa.Array) -> pa.Array | None:
    """``text`` as the column's type by Arrow casts; None when a value needs a closer look
    (which may still accept it, as the JSON rules would)."""
    try:
        return FAST[column.data_type](column, text)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _fast_typed(column: Column, found: pa.Array) -> pa.Array | None:
    """JSON numbers and booleans (already typed by Arrow's inference) as the column's type."""
    kind, wanted = found.type, column.data_type
    if wanted in ("number", "percentage") and (
        pa.types.is_integer(kind) or pa.types.is_floating(kind)
    ):
        numbers = pc.cast(found, pa.float64())
        if pc.any(pc.is_inf(numbers)).as_py():
            return None
        return pc.if_else(pc.is_nan(numbers), pa.scalar(None, pa.float64()), numbers)
    if wanted == "integer" and pa.types.is_integer(kind):
        return pc.cast(found, pa.int64())
    if wanted == "checkbox" and pa.types.is_boolean(kind):
        return found
    return None


def fast_values(column: Column, values: list[Any]) -> pa.Array | None:
    """JSON values of one column (None: empty) as its type, or None to check them one by one."""
    target = arrow_schema([column]).field(0).type
    try:
        found = pa.array(values)
        if pa.types.is_null(found.type):
            return pa.nulls(len(values), target)
        if pa.types.is_string(found.type) or pa.types.is_large_string(found.type):
            return fast_text(column, found.cast(pa.string()))
        return _fast_typed(column, found)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        return None


def fast_rows(columns: Sequence[Column], rows: Sequence[Any]) -> pa.Table | None:
    """JSON rows (objects by column name) as an Arrow table of the columns' schema numbered
    from 0 in ``rec_id``, by Arrow alone; None when any row or value needs the per-value
    rules (an unknown column, a ``rec_id``, a value Arrow cannot take as it is)."""
    known = {column.name for column in columns if column.name != REC_ID}
    for row in rows:
        if not isinstance(row, Mapping) or not row.keys() <= known:
            return None
    arrays = []
    for column in columns:
        if column.name == REC_ID:
            arrays.append(pa.array(range(len(rows)), pa.int64()))
            continue
        found = fast_values(column, [row.get(column.name) for row in rows])
        if found is None:
            return None
        arrays.append(found)
    return pa.Table.from_arrays(arrays, schema=arrow_schema(columns))
