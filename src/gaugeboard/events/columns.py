"""Event rows as Arrow tables: base columns plus one typed column per property.

Properties are promoted to their own columns (``p_`` + the name, with capitals marked as
``^x`` because DuckDB column names ignore case), so an aggregate over ``amount`` reads one
numeric column instead of parsing JSON. The full ``props`` JSON is always kept too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import orjson
import pyarrow as pa

MAX_PROMOTED = 500
BASE_SCHEMA = pa.schema(
    [
        ("key_id", pa.int32()),
        ("name", pa.string()),
        ("person", pa.string()),
        ("ts", pa.timestamp("us")),  # UTC, stored naive: bucketing in UTC needs no conversion
        ("props", pa.string()),
    ]
)
TYPE_BY_NAME = {"double": pa.float64(), "boolean": pa.bool_(), "string": pa.string()}


def column_name(key: str) -> str:
    """``p_`` + the name, ``^`` doubled and capitals as ``^x``: distinct names never meet
    (DuckDB ignores case in column names; ``A`` and ``^a`` must not share a column)."""
    escaped = key.replace("^", "^^")
    return "p_" + "".join(f"^{ch.lower()}" if ch.isupper() else ch for ch in escaped)


def _value_kind(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "double"
    return "string"


def _as_string(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def infer_columns(
    property_dicts: Sequence[dict[str, Any]],
) -> tuple[dict[str, dict[str, str]], bool]:
    """Promoted columns {column: {"key", "type"}} and whether some keys did not fit."""
    kinds: dict[str, set[str]] = {}
    for properties in property_dicts:
        for key, value in properties.items():
            seen = kinds.setdefault(key, set())
            kind = _value_kind(value)
            if kind is not None:
                seen.add(kind)
    columns: dict[str, dict[str, str]] = {}
    for key, seen in list(kinds.items())[:MAX_PROMOTED]:
        kind = seen.pop() if len(seen) == 1 else "string"
        columns[column_name(key)] = {"key": key, "type": kind}
    return columns, len(kinds) > MAX_PROMOTED


def _column_values(key: str, kind: str, property_dicts: Sequence[dict[str, Any]]) -> pa.Array:
    values = [properties.get(key) for properties in property_dicts]
    if kind == "double":
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    if kind == "boolean":
        return pa.array(values, pa.bool_())
    return pa.array([_as_string(v) for v in values], pa.string())


EventRow = tuple[int, str, str, int, dict[str, Any]]


def expand_batches(batches: Iterable[Any]) -> Iterator[EventRow]:
    """Tail batch rows (key_id, events JSON) → one (key_id, name, person, ts_us, props) each."""
    for batch in batches:
        for name, person, ts_us, properties in orjson.loads(batch.events):
            yield batch.key_id, name, person, ts_us, properties


def build_table(
    rows: Iterable[EventRow], person_ids: Mapping[str, int] | None = None
) -> tuple[pa.Table, dict[str, Any]]:
    """Event rows → (Arrow table, column metadata). With ``person_ids`` (every non-empty
    person of the rows in it) the table has a ``pid`` column: the person's integer, NULL
    for events without a person; the metadata then says ``"pid": true``."""
    key_ids: list[int] = []
    names: list[str] = []
    persons: list[str] = []
    stamps: list[int] = []
    raw_props: list[str] = []
    property_dicts: list[dict[str, Any]] = []
    for key_id, name, person, ts_us, properties in rows:
        key_ids.append(key_id)
        names.append(name)
        persons.append(person)
        stamps.append(ts_us)
        raw_props.append(orjson.dumps(properties).decode() if properties else "{}")
        property_dicts.append(properties)
    columns, overflow = infer_columns(property_dicts)
    arrays = [
        pa.array(key_ids, pa.int32()),
        pa.array(names, pa.string()),
        pa.array(persons, pa.string()),
        pa.array(stamps, pa.timestamp("us")),
        pa.array(raw_props, pa.string()),
    ]
    fields = list(BASE_SCHEMA)
    if person_ids is not None:
        arrays.append(pa.array([person_ids[p] if p else None for p in persons], pa.int64()))
        fields.append(pa.field("pid", pa.int64()))
    for column, spec in columns.items():
        arrays.append(_column_values(spec["key"], spec["type"], property_dicts))
        fields.append(pa.field(column, TYPE_BY_NAME[spec["type"]]))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    return table, {"properties": columns, "overflow": overflow, "pid": person_ids is not None}
