"""DuckDB over sealed Parquet segments plus the unsealed tail, as one ``events`` view.

Each query opens an in-memory DuckDB connection (cheap), registers the tail rows of the
time range as an Arrow table, and reads only the registered segment files that can hold
events of that range. No DuckDB extension is ever downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy.orm import Session

from gaugeboard.events.columns import build_table, column_name
from gaugeboard.store import events as store

DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": True,
    "threads": 2,
}
SQL_TYPE = {"double": "DOUBLE", "boolean": "BOOLEAN", "string": "VARCHAR"}


@dataclass
class EventView:
    """An open DuckDB connection with an ``events`` view, and what its property columns are."""

    connection: duckdb.DuckDBPyConnection
    property_types: dict[str, str] = field(default_factory=dict)  # column → double|boolean|string
    overflow: bool = False

    def property_expression(self, key: str) -> str:
        """SQL for a property's value (NULL when no event has it)."""
        column = column_name(key)
        json_path = "$." + '"' + key.replace('"', '\\"') + '"'
        fallback = f"json_extract_string(props, {sql_literal(json_path)})"
        if column not in self.property_types:
            return fallback if self.overflow else "NULL"
        quoted = quote_identifier(column)
        return f"coalesce(CAST({quoted} AS VARCHAR), {fallback})" if self.overflow else quoted

    def numeric_property(self, key: str) -> str:
        column = column_name(key)
        if self.property_types.get(column) == "double" and not self.overflow:
            return quote_identifier(column)
        return f"TRY_CAST({self.property_expression(key)} AS DOUBLE)"

    def text_property(self, key: str) -> str:
        expression = self.property_expression(key)
        if self.property_types.get(column_name(key)) == "string" and not self.overflow:
            return expression
        return f"CAST({expression} AS VARCHAR)"


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _merge_types(target: dict[str, str], columns: dict[str, Any]) -> None:
    for column, spec in columns.get("properties", {}).items():
        known = target.get(column)
        target[column] = spec["type"] if known in (None, spec["type"]) else "string"


@contextmanager
def open_event_view(
    db: Session, root: Path, min_ts_us: int | None = None, max_ts_us: int | None = None
) -> Iterator[EventView]:
    """Yield a view of every event in [min, max) (both optional), tail included."""
    segments = store.live_segments(db, min_ts_us, max_ts_us)
    tail_table, tail_columns = build_table(
        (r.key_id, r.name, r.person, r.ts_us, r.properties)
        for r in store.tail_rows(db, min_ts_us, max_ts_us)
    )
    db.rollback()  # end the read transaction: the rest runs in DuckDB
    view = EventView(duckdb.connect(config=DUCKDB_CONFIG))
    try:
        file_columns: set[str] = set()
        for segment in segments:
            _merge_types(view.property_types, segment.columns)
            file_columns.update(segment.columns.get("properties", {}))
            view.overflow = view.overflow or bool(segment.columns.get("overflow"))
        _merge_types(view.property_types, tail_columns)
        view.overflow = view.overflow or bool(tail_columns.get("overflow"))
        _create_view(view, [str(root / s.path) for s in segments], file_columns, tail_table)
        yield view
    finally:
        view.connection.close()


def _projection(view: EventView, available: set[str]) -> str:
    """Every column of the view, typed the same on both sides of the union."""
    columns = ["key_id", "name", "person", "ts", "props"]
    for column, kind in sorted(view.property_types.items()):
        source = quote_identifier(column) if column in available else "NULL"
        columns.append(f"CAST({source} AS {SQL_TYPE[kind]}) AS {quote_identifier(column)}")
    return ", ".join(columns)


def _create_view(
    view: EventView, paths: list[str], file_columns: set[str], tail_table: Any
) -> None:
    con = view.connection
    con.register("tail_rows", tail_table)
    parts = ["SELECT " + _projection(view, set(tail_table.column_names)) + " FROM tail_rows"]
    if paths:
        listing = "[" + ", ".join(sql_literal(p) for p in paths) + "]"
        source = f"read_parquet({listing}, union_by_name=true)"
        parts.append("SELECT " + _projection(view, file_columns) + " FROM " + source)
    con.execute("CREATE VIEW events AS " + " UNION ALL ".join(parts))
