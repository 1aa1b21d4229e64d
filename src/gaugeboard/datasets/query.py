"""Reading a data set through DuckDB: row filters (the metric filter operators), sorting,
paging, and the grouped aggregates a dashboard widget asks for, pushed down into DuckDB.

Column names come only from the data set's own schema (a name the schema lacks is refused
by name) and are quoted; every value is converted to its column's type (a value that does
not fit is refused by position) and bound as a parameter. The query runs on its own DuckDB
connection, in UTC, over the Parquet files of one table version, with a time limit."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Literal

import duckdb
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field, model_validator

from gaugeboard.datasets.columns import MAX_PROBLEMS, REC_ID, Column, coerce
from gaugeboard.datasets.row_scope import RowScope
from gaugeboard.errors import GaugeboardError, ValidationFailed

Operator = Literal["=", "!=", "in", "contains", ">", "<", ">=", "<=", "is_set"]
Aggregate = Literal["count", "sum", "avg", "min", "max", "distinct"]
MAX_LIMIT = 10_000
SQL_TYPES = {
    "text": "VARCHAR",
    "number": "DOUBLE",
    "integer": "BIGINT",
    "datetime": "TIMESTAMPTZ",
    "date": "DATE",
    "percentage": "DOUBLE",
    "checkbox": "BOOLEAN",
    "dropdown": "VARCHAR",
    REC_ID: "BIGINT",
}
NUMERIC_TYPES = frozenset({"number", "integer", "percentage", REC_ID})


class QueryTimedOut(GaugeboardError):
    status = 504
    code = "query_timeout"
    default_message = "The data set query ran past its time limit."


class RowFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column: str = Field(min_length=1, max_length=64)
    op: Operator = "="
    value: Any = None

    @model_validator(mode="after")
    def _value_fits(self) -> RowFilter:
        if self.op == "in" and not isinstance(self.value, list):
            raise ValueError("'in' needs a list of values")
        if self.op not in ("in", "is_set") and isinstance(self.value, list | dict):
            raise ValueError(f"'{self.op}' needs a single value")
        return self


class SortKey(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column: str = Field(min_length=1, max_length=64)
    direction: Literal["asc", "desc"] = "asc"


class Measure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aggregate: Aggregate = "count"
    column: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _column_needed(self) -> Measure:
        if self.aggregate != "count" and not self.column:
            raise ValueError(f"'{self.aggregate}' needs a column")
        return self

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return f"{self.aggregate}_{self.column}" if self.column else "count"


class RowQuery(BaseModel):
    """Which rows, in which order; with ``group_by``/``measures``, grouped aggregates."""

    model_config = ConfigDict(extra="forbid")

    filters: list[RowFilter] = Field(default_factory=list, max_length=50)
    sort: list[SortKey] = Field(default_factory=list, max_length=10)
    group_by: list[str] = Field(default_factory=list, max_length=10)
    measures: list[Measure] = Field(default_factory=list, max_length=20)
    limit: int = Field(default=1000, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Builder:
    """Builds one statement, collecting every problem before any is reported."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.by_name = {column.name: column for column in columns}
        self.params: list[Any] = []
        self.problems: list[str] = []

    def column(self, name: str, where: str) -> Column | None:
        found = self.by_name.get(name)
        if found is None:
            self.problems.append(f"{where}: no column named {name!r}")
        return found

    def value(self, column: Column, raw: Any, where: str) -> Any:
        try:
            return coerce(column, raw)
        except ValueError as exc:
            self.problems.append(f"{where}: {exc}")
            return None

    def condition(self, item: RowFilter, index: int) -> str:
        where = f"filters[{index}]"
        column = self.column(item.column, f"{where}.column")
        if column is None:
            return "TRUE"
        quoted = _quote(column.name)
        if item.op == "is_set":
            return f"{quoted} IS {'NOT ' if item.value in (None, True) else ''}NULL"
        if item.op == "contains":
            self.params.append("" if item.value is None else str(item.value))
            return f"contains(lower(CAST({quoted} AS VARCHAR)), lower(?))"
        if item.op == "in":
            values = [
                self.value(column, raw, f"{where}.value[{i}]") for i, raw in enumerate(item.value)
            ]
            self.params.append(values)
            return f"list_contains(CAST(? AS {SQL_TYPES[column.data_type]}[]), {quoted})"
        self.params.append(self.value(column, item.value, f"{where}.value"))
        operator = {"=": "=", "!=": "<>", ">": ">", "<": "<", ">=": ">=", "<=": "<="}[item.op]
        return f"{quoted} {operator} CAST(? AS {SQL_TYPES[column.data_type]})"

    def where(self, filters: Sequence[RowFilter]) -> str:
        parts = [self.condition(item, index) for index, item in enumerate(filters)]
        return " WHERE " + " AND ".join(parts) if parts else ""

    def measure(self, measure: Measure, index: int) -> str:
        label = _quote(measure.label)
        if measure.aggregate == "count" and not measure.column:
            return f"count(*) AS {label}"
        column = self.column(measure.column or "", f"measures[{index}].column")
        if column is None:
            return f"NULL AS {label}"
        if measure.aggregate in ("sum", "avg") and column.data_type not in NUMERIC_TYPES:
            self.problems.append(
                f"measures[{index}].column: {measure.aggregate} needs a number column, "
                f"{column.name!r} is {column.data_type}"
            )
        quoted = _quote(column.name)
        if measure.aggregate == "distinct":
            return f"count(DISTINCT {quoted}) AS {label}"
        if measure.aggregate == "count":
            return f"count({quoted}) AS {label}"
        return f"{measure.aggregate}({quoted}) AS {label}"

    def grouped(self, query: RowQuery, where: str) -> str:
        groups = [
            _quote(name)
            for i, name in enumerate(query.group_by)
            if self.column(name, f"group_by[{i}]") is not None
        ]
        measures = [self.measure(measure, i) for i, measure in enumerate(query.measures)]
        labels = list(query.group_by) + [measure.label for measure in query.measures]
        doubled = sorted({label for label in labels if labels.count(label) > 1})
        if doubled:
            self.problems.append(f"measures: two outputs named {', '.join(doubled)}; name them")
        selected = ", ".join(groups + (measures or ['count(*) AS "count"']))
        sql = f"SELECT {selected} FROM rows{where}"
        if groups:
            sql += " GROUP BY " + ", ".join(groups)
        outputs = set(labels) if query.measures else set(query.group_by) | {"count"}
        order = []
        for i, key in enumerate(query.sort):
            if key.column not in outputs:
                self.problems.append(
                    f"sort[{i}].column: {key.column!r} is neither grouped by nor a measure"
                )
            order.append(f"{_quote(key.column)} {key.direction.upper()}")
        return sql + (" ORDER BY " + ", ".join(order or groups) if order or groups else "")

    def plain(self, query: RowQuery, where: str) -> str:
        order = [
            f"{_quote(key.column)} {key.direction.upper()}"
            for i, key in enumerate(query.sort)
            if self.column(key.column, f"sort[{i}].column") is not None
        ]
        order.append(_quote(REC_ID))
        return f"SELECT * FROM rows{where} ORDER BY " + ", ".join(order)


def build_sql(
    columns: Sequence[Column], query: RowQuery, params: list[Any], paged: bool = True
) -> str:
    """The statement of ``query`` over the view ``rows`` (every row it matches when not
    ``paged``); its parameters are appended to ``params``. ValidationFailed lists every
    unknown column and unfit value."""
    builder = _Builder(columns)
    where = builder.where(query.filters)
    if query.group_by or query.measures:
        sql = builder.grouped(query, where)
    else:
        sql = builder.plain(query, where)
    if builder.problems:
        raise ValidationFailed(builder.problems)
    params.extend(builder.params)
    return sql + (f" LIMIT {int(query.limit)} OFFSET {int(query.offset)}" if paged else "")


def filter_sql(columns: Sequence[Column], filters: Sequence[RowFilter], params: list[Any]) -> str:
    """`` WHERE …`` of ``filters`` (empty without any); ValidationFailed as build_sql."""
    builder = _Builder(columns)
    where = builder.where(filters)
    if builder.problems:
        raise ValidationFailed(builder.problems)
    params.extend(builder.params)
    return where


def _allowed(column: Column, raw: Sequence[str]) -> list[Any]:
    """The values of a restriction that fit the column (one that does not matches none)."""
    fitting = []
    for value in raw:
        try:
            fitting.append(coerce(column, value))
        except ValueError:
            continue
    return [value for value in fitting if value is not None]


def _scope_where(
    connection: duckdb.DuckDBPyConnection, columns: Sequence[Column], scope: RowScope | None
) -> str:
    """`` WHERE …`` keeping only the rows ``scope`` allows: each restriction's values go
    into a temporary table through a bound parameter, and the view reads ``column IN``
    that table. A column the version lacks allows nothing."""
    if scope is None:
        return ""
    by_name = {column.name: column for column in columns}
    conditions = []
    for index, restriction in enumerate(scope.restrictions):
        column = by_name.get(restriction.column)
        if column is None:
            conditions.append("FALSE")
            continue
        kind = SQL_TYPES[column.data_type]
        table = f"allowed_{index}"
        connection.execute(f"CREATE TEMP TABLE {table} (value {kind})")
        values = _allowed(column, restriction.values)
        if values:
            connection.execute(f"INSERT INTO {table} SELECT unnest(CAST(? AS {kind}[]))", [values])
        conditions.append(f"{_quote(column.name)} IN (SELECT value FROM {table})")
    return " WHERE " + " AND ".join(conditions) if conditions else ""


@contextmanager
def connected(
    files: Sequence[str], columns: Sequence[Column], scope: RowScope | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection, in UTC, whose view ``rows`` holds ``columns`` of ``files``
    (one table version), only the rows ``scope`` allows when given; an empty version reads
    as no rows of those types."""
    connection = duckdb.connect()
    try:
        connection.execute("SET TimeZone = 'UTC'")
        if files:
            selected = ", ".join(_quote(column.name) for column in columns)
            raw = connection.read_parquet(list(files), union_by_name=True)
            raw.create_view("table_files")
            where = _scope_where(connection, columns, scope)
            connection.execute(
                f"CREATE TEMP VIEW rows AS SELECT {selected} FROM table_files{where}"
            )
        else:
            empty = ", ".join(
                f"CAST(NULL AS {SQL_TYPES[column.data_type]}) AS {_quote(column.name)}"
                for column in columns
            )
            connection.execute(f"CREATE TEMP VIEW rows AS SELECT {empty} WHERE FALSE")
        yield connection
    finally:
        connection.close()


@contextmanager
def time_limit(connection: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[None]:
    """Interrupt the connection's statement after ``seconds`` (QueryTimedOut)."""
    timer = threading.Timer(seconds, connection.interrupt)
    timer.start()
    try:
        yield
    except duckdb.InterruptException:
        raise QueryTimedOut() from None
    finally:
        timer.cancel()


def plain(value: Any) -> Any:
    """A value as JSON shows it: times in ISO 8601 (UTC with ``Z``)."""
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def run_query(
    files: Sequence[str],
    columns: Sequence[Column],
    query: RowQuery,
    timeout_seconds: float,
    scope: RowScope | None = None,
) -> list[dict[str, Any]]:
    """The rows ``query`` asks for (of those ``scope`` allows), as JSON-ready dicts."""
    params: list[Any] = []
    sql = build_sql(columns, query, params)
    with connected(files, columns, scope) as connection, time_limit(connection, timeout_seconds):
        try:
            relation = connection.sql(sql, params=params)
            names = list(relation.columns)
            found = relation.fetchall()
        except duckdb.InterruptException:
            raise
        except duckdb.Error as exc:
            raise ValidationFailed(f"query: {str(exc).splitlines()[0]}") from None
    return [{name: plain(value) for name, value in zip(names, row, strict=True)} for row in found]


def matching_ids(
    files: Sequence[str], columns: Sequence[Column], filters: Sequence[RowFilter], first_only: bool
) -> list[int]:
    """The row ids the filters match (the first by ``rec_id`` only, when asked)."""
    params: list[Any] = []
    sql = f"SELECT {_quote(REC_ID)} FROM rows{filter_sql(columns, filters, params)} ORDER BY 1"
    if first_only:
        sql += " LIMIT 1"
    with connected(files, columns) as connection:
        return [int(row[0]) for row in connection.sql(sql, params=params).fetchall()]


def _one_number(files: Sequence[str], columns: Sequence[Column], sql: str) -> int:
    with connected(files, columns) as connection:
        found = connection.sql(sql).fetchall()
    return int(found[0][0]) if found and found[0][0] is not None else 0


def count_rows(files: Sequence[str], columns: Sequence[Column]) -> int:
    return _one_number(files, columns, "SELECT count(*) FROM rows")


def largest_id(files: Sequence[str], columns: Sequence[Column]) -> int:
    """The largest ``rec_id`` in the files (0 without rows)."""
    return _one_number(files, columns, f"SELECT max({_quote(REC_ID)}) FROM rows")


def as_query(raw: Mapping[str, Any]) -> RowQuery:
    return RowQuery.model_validate(raw)


def _key_match(keys: Sequence[str], left: str, right: str) -> str:
    return " AND ".join(
        f"{left}.{_quote(key)} IS NOT DISTINCT FROM {right}.{_quote(key)}" for key in keys
    )


def key_problems(
    files: Sequence[str],
    columns: Sequence[Column],
    keys: Sequence[str],
    incoming: pa.Table | Sequence[str],
    where: str,
) -> tuple[list[str], list[str]]:
    """Rows about to be added whose unique key repeats another new row's, and those whose
    key a stored row has; ``incoming`` (a table, or Parquet files) numbers its rows from 0
    in ``rec_id``. At most ``MAX_PROBLEMS`` of each, by position."""
    listed = ", ".join(_quote(key) for key in keys)
    rec_id = _quote(REC_ID)
    with connected(files, columns) as connection:
        if isinstance(incoming, pa.Table):
            connection.register("incoming", incoming)
        else:
            connection.read_parquet(list(incoming)).create_view("incoming")
        repeats = connection.sql(
            f"SELECT {rec_id}, first FROM (SELECT {rec_id}, first_value({rec_id}) OVER "
            f"(PARTITION BY {listed} ORDER BY {rec_id}) AS first FROM incoming) "
            f"WHERE first <> {rec_id} ORDER BY {rec_id} LIMIT {MAX_PROBLEMS}"
        ).fetchall()
        clashes = connection.sql(
            f"SELECT DISTINCT incoming.{rec_id} FROM incoming JOIN rows ON "
            f"{_key_match(keys, 'incoming', 'rows')} ORDER BY 1 LIMIT {MAX_PROBLEMS}"
        ).fetchall()
    named = ", ".join(keys)
    return (
        [f"{where}[{row}]: the key ({named}) repeats {where}[{first}]" for row, first in repeats],
        [f"{where}[{row}]: a row with this key ({named}) exists already" for (row,) in clashes],
    )


def keys_repeat_after(
    files: Sequence[str], columns: Sequence[Column], keys: Sequence[str], changed: pa.Table
) -> bool:
    """Whether replacing the stored rows of ``changed`` (same ``rec_id``) by it would give
    two rows the same key."""
    listed = ", ".join(_quote(key) for key in keys)
    rec_id = _quote(REC_ID)
    with connected(files, columns) as connection:
        connection.register("changed", changed)
        found = connection.sql(
            f"SELECT 1 FROM (SELECT {listed} FROM rows WHERE {rec_id} NOT IN "
            f"(SELECT {rec_id} FROM changed) UNION ALL SELECT {listed} FROM changed) "
            f"GROUP BY {listed} HAVING count(*) > 1 LIMIT 1"
        ).fetchall()
    return bool(found)


def matching_rows(
    files: Sequence[str],
    columns: Sequence[Column],
    filters: Sequence[RowFilter],
    scope: RowScope | None = None,
) -> pa.Table:
    """Every row the filters match (of those ``scope`` allows), as an Arrow table."""
    params: list[Any] = []
    sql = f"SELECT * FROM rows{filter_sql(columns, filters, params)} ORDER BY {_quote(REC_ID)}"
    with connected(files, columns, scope) as connection:
        return connection.sql(sql, params=params).to_arrow_table()
