"""Tables that come from a data set's source: JSON and CSV read into Arrow, the column types
a table's Arrow types stand for, and its rows as plain values to check against a schema.

A source's table keeps what the source said: JSON strings stay strings, JSON values of
mixed kinds in one column become text, CSV columns take the types Arrow infers. Only a
``recreate`` turns the table into columns, and it reads a text column whose every value is
an ISO date (or date and time) as a ``date`` (``datetime``) column, since neither JSON nor
CSV has a type for them.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.types as patypes
from pydantic import ValidationError

from gaugeboard.datasets.columns import REC_ID, Column, coerce
from gaugeboard.datasets.schemas import ColumnIn
from gaugeboard.errors import SourceFailed, ValidationFailed

MAX_COLUMNS = 500
DATE_LENGTH = len("2026-12-31")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return "json"


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def _json_column(values: list[Any]) -> pa.Array:
    kinds = {_kind(value) for value in values if value is not None}
    if kinds == {"bool"}:
        return pa.array(values, pa.bool_())
    if kinds == {"int"} and all(-(2**63) <= value < 2**63 for value in values if value is not None):
        return pa.array(values, pa.int64())
    if kinds and kinds <= {"int", "float"}:
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    return pa.array([_as_text(value) for value in values], pa.string())


def json_table(payload: Any, where: str) -> pa.Table:
    """A list of objects (or ``{"data": [...]}``) as a table: columns in order of first
    appearance, a key missing from a row is null there."""
    rows = payload.get("data") if isinstance(payload, dict) else payload
    if not isinstance(rows, list):
        raise SourceFailed(f'{where}: expected a JSON list of objects, or {{"data": [...]}}')
    names: dict[str, None] = {}
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise SourceFailed(f"{where}: item [{index}] is not an object")
        names.update(dict.fromkeys(row))
    if len(names) > MAX_COLUMNS:
        raise SourceFailed(f"{where}: more than {MAX_COLUMNS} columns")
    columns = {name: _json_column([row.get(name) for row in rows]) for name in names}
    return pa.table(columns) if columns else pa.table({})


def csv_table(body: bytes, where: str) -> pa.Table:
    """CSV with a header line, types as Arrow infers them (numbers, true/false, dates)."""
    if not body.strip():
        raise SourceFailed(f"{where}: the CSV is empty (a header line is needed)")
    try:
        return pacsv.read_csv(pa.BufferReader(body))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise SourceFailed(f"{where}: not readable as CSV ({exc})") from None


def _is_date_text(value: str) -> bool:
    try:
        return len(value) == DATE_LENGTH and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _is_datetime_text(value: str) -> bool:
    try:
        coerce(Column("t", "datetime"), value)
    except ValueError:
        return False
    return len(value) > DATE_LENGTH


def _text_type(values: Sequence[Any]) -> str:
    present = [value for value in values if value not in (None, "")]
    if present and all(_is_date_text(value) for value in present):
        return "date"
    if present and all(_is_datetime_text(value) for value in present):
        return "datetime"
    return "text"


def _column_type(field: pa.Field, column: pa.ChunkedArray) -> str:
    kind = field.type
    if patypes.is_boolean(kind):
        return "checkbox"
    if patypes.is_integer(kind) and kind != pa.uint64():
        return "integer"
    if patypes.is_floating(kind) or patypes.is_decimal(kind) or kind == pa.uint64():
        return "number"
    if patypes.is_timestamp(kind):
        return "datetime"
    if patypes.is_date(kind):
        return "date"
    if patypes.is_string(kind) or patypes.is_large_string(kind) or patypes.is_string_view(kind):
        return _text_type(column.to_pylist())
    return "text"


def source_names(table: pa.Table, where: str) -> list[str]:
    """The table's column names, ``rec_id`` left out (gaugeboard numbers rows itself);
    ValidationFailed when a name repeats."""
    names = [name for name in table.column_names if name != REC_ID]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise ValidationFailed(f"{where}: the column {', '.join(map(repr, doubled))} repeats")
    return names


def inferred_columns(table: pa.Table, where: str = "source") -> list[Column]:
    """The data set columns the table stands for (``rec_id`` first); every name that
    cannot be a column name is reported."""
    names = source_names(table, where)
    if not names:
        raise ValidationFailed(f"{where}: no columns to build a data set from")
    problems = []
    columns = [Column(REC_ID, REC_ID)]
    for index, name in enumerate(names):
        data_type = _column_type(table.schema.field(name), table.column(name))
        try:
            ColumnIn(name=name, data_type=data_type)
        except ValidationError as exc:
            reasons = "; ".join(item["msg"].removeprefix("Value error, ") for item in exc.errors())
            problems.append(f"{where}.columns[{index}] {name[:70]!r}: {reasons}")
        columns.append(Column(name, data_type))
    if len(names) > MAX_COLUMNS:
        problems.append(f"{where}: more than {MAX_COLUMNS} columns")
    if problems:
        raise ValidationFailed(problems[:50])
    return columns


def _plain(value: Any) -> Any:
    """A cell as JSON would carry it: dates and times as ISO text (UTC with ``Z``),
    lists and objects as JSON text."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, Mapping | list | tuple):
        return orjson.dumps(value, default=str).decode()
    return str(value)


def plain_rows(table: pa.Table, names: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of the named columns, each cell a plain value."""
    return [
        {name: _plain(value) for name, value in row.items()}
        for row in table.select(list(names)).to_pylist()
    ]
