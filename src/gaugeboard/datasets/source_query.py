"""The ``query`` source: one SQL SELECT over other data sets, run in DuckDB.

The SQL is the user's, so it runs boxed in. DuckDB's own parser decides that it is exactly
one SELECT (no regular expression guesses at SQL). It runs on a fresh in-memory connection
whose configuration is locked before the query sees it: no file or network access, no
extension loading, no reading of Python variables by name. Only the data sets the query
names and the caller may read are there, each as a view of its current version under its
own name; a timer interrupts the query at the time limit, and the rows it may return are
capped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from gaugeboard.datasets.query import QueryTimedOut
from gaugeboard.errors import SourceFailed, ValidationFailed

MAX_SQL = 20_000
MAX_ROWS = 5_000_000
LOCKED_CONFIG: dict[str, Any] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "python_enable_replacements": False,
    "lock_configuration": True,
}
# Finds the current version of a data set by the name a query uses, for the caller; None
# when there is none they may read.
DatasetLookup = Callable[[str], pa.Table | None]


def checked_select(sql: str, where: str = "source.sql") -> str:
    """``sql`` when it is a single SELECT; ValidationFailed saying why not otherwise."""
    if len(sql) > MAX_SQL:
        raise ValidationFailed(f"{where}: at most {MAX_SQL} characters")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise ValidationFailed(f"{where}: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise ValidationFailed(f"{where}: give exactly one SELECT statement")
    if statements[0].type != duckdb.StatementType.SELECT:
        kind = statements[0].type.name
        raise ValidationFailed(f"{where}: only a SELECT may run here, not {kind}")
    return sql


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


def _table_refs(node: Any) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "BASE_TABLE":
                yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def referenced_names(connection: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """The plain table names the SELECT reads (parsed by DuckDB; nothing is bound)."""
    rows = connection.execute("SELECT json_serialize_sql(?)", [sql]).fetchall()
    tree = orjson.loads(rows[0][0]) if rows else {}
    if tree.get("error"):
        raise ValidationFailed(f"source.sql: {tree.get('error_message', 'not readable')}")
    names = [
        str(ref.get("table_name", ""))
        for ref in _table_refs(tree)
        if ref.get("schema_name", "") in ("", "main") and not ref.get("catalog_name")
    ]
    return list(dict.fromkeys(name for name in names if name))


def _read_capped(reader: pa.RecordBatchReader) -> pa.Table:
    batches = []
    rows = 0
    for batch in reader:
        rows += batch.num_rows
        if rows > MAX_ROWS:
            raise SourceFailed(f"query: the query returns more than {MAX_ROWS} rows")
        batches.append(batch)
    return pa.Table.from_batches(batches, reader.schema)


def run_select(sql: str, lookup: DatasetLookup, timeout_seconds: float) -> pa.Table:
    """The rows of the SELECT ``sql`` over the data sets ``lookup`` lets it see."""
    checked_select(sql)
    connection = duckdb.connect(config=LOCKED_CONFIG)
    timer = threading.Timer(timeout_seconds, connection.interrupt)
    try:
        for name in referenced_names(connection, sql):
            found = lookup(name)
            if found is not None:
                connection.register(name, found)
        timer.start()
        return _read_capped(connection.sql(sql).to_arrow_reader())
    except duckdb.InterruptException:
        raise QueryTimedOut(
            f"query: the query ran past its time limit ({timeout_seconds:g} s)"
        ) from None
    except duckdb.Error as exc:
        raise ValidationFailed(f"source.sql: {_first_line(exc)}") from None
    finally:
        timer.cancel()
        connection.close()
