"""Reading a data set through DuckDB: row filters (the metric filter operators), sorting,
paging, and the grouped aggregates a dashboard widget asks for, pushed down into DuckDB.

Column names come only from the data set's own schema (a name the schema lacks is refused
by name) and are quoted; every value is a bound parameter. The query runs on its own
DuckDB connection with a time limit."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

import duckdb
import pyarrow.dataset as pads
from pydantic import BaseModel, ConfigDict, Field, model_validator

from gaugeboard.datasets.columns import REC_ID, Column
from gaugeboard.errors import GaugeboardError, ValidationFailed

Operator = Literal["=", "!=", "in", "contains", ">", "<", ">=", "<=", "is_set"]
Aggregate = Literal["count", "sum", "avg", "min", "max", "distinct"]
MAX_LIMIT = 10_000


class QueryTimedOut(GaugeboardError):
    status = 504
    code = "query_timed_out"
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


def _known(columns: Sequence[Column], name: str, where: str) -> str:
    if name not in {column.name for column in columns}:
        raise ValidationFailed(f"{where}: no column named {name!r}")
    return _quote(name)


def _condition(columns: Sequence[Column], item: RowFilter, index: int, params: list[Any]) -> str:
    column = _known(columns, item.column, f"filters[{index}].column")
    if item.op == "is_set":
        return f"{column} IS {'NOT ' if item.value in (None, True) else ''}NULL"
    if item.op == "in":
        params.append(list(item.value))
        return f"list_contains(?, {column})"
    if item.op == "contains":
        params.append(str(item.value))
        return f"contains(lower(CAST({column} AS VARCHAR)), lower(?))"
    params.append(item.value)
    operator = {"=": "=", "!=": "<>", ">": ">", "<": "<", ">=": ">=", "<=": "<="}[item.op]
    return f"{column} {operator} ?"


def where_clause(columns: Sequence[Column], filters: Sequence[RowFilter], params: list[Any]) -> str:
    parts = [_condition(columns, item, index, params) for index, item in enumerate(filters)]
    return " WHERE " + " AND ".join(parts) if parts else ""


def _measure(columns: Sequence[Column], measure: Measure, index: int) -> str:
    label = _quote(
        measure.name or (f"{measure.aggregate}_{measure.column}" if measure.column else "count")
    )
    if measure.aggregate == "count" and not measure.column:
        return f"count(*) AS {label}"
    column = _known(columns, measure.column or "", f"measures[{index}].column")
    if measure.aggregate == "distinct":
        return f"count(DISTINCT {column}) AS {label}"
    return f"{measure.aggregate}({column}) AS {label}"


def build_sql(columns: Sequence[Column], query: RowQuery, params: list[Any]) -> str:
    where = where_clause(columns, query.filters, params)
    if query.group_by or query.measures:
        groups = [_known(columns, name, f"group_by[{i}]") for i, name in enumerate(query.group_by)]
        measures = [_measure(columns, measure, i) for i, measure in enumerate(query.measures)]
        selected = ", ".join(groups + (measures or ['count(*) AS "count"']))
        sql = f"SELECT {selected} FROM rows{where}"
        if groups:
            sql += " GROUP BY " + ", ".join(groups)
        order = [f"{_quote(key.column)} {key.direction.upper()}" for key in query.sort] or groups
    else:
        sql = f"SELECT * FROM rows{where}"
        order = [
            f"{_known(columns, key.column, f'sort[{i}].column')} {key.direction.upper()}"
            for i, key in enumerate(query.sort)
        ]
        order.append(_quote(REC_ID))
    if order:
        sql += " ORDER BY " + ", ".join(order)
    sql += f" LIMIT {int(query.limit)} OFFSET {int(query.offset)}"
    return sql


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def run_query(
    dataset: pads.Dataset, columns: Sequence[Column], query: RowQuery, timeout_seconds: float
) -> list[dict[str, Any]]:
    """The rows ``query`` asks for, as JSON-ready dicts."""
    params: list[Any] = []
    sql = build_sql(columns, query, params)
    connection = duckdb.connect()
    timer = threading.Timer(timeout_seconds, connection.interrupt)
    try:
        connection.register("rows", dataset)
        timer.start()
        cursor = connection.execute(sql, params)
        names = [item[0] for item in cursor.description or []]
        found = cursor.fetchall()
    except duckdb.InterruptException:
        raise QueryTimedOut() from None
    except duckdb.Error as exc:
        raise ValidationFailed(f"query: {exc}") from None
    finally:
        timer.cancel()
        connection.close()
    return [{name: _plain(value) for name, value in zip(names, row, strict=True)} for row in found]


def matching_ids(
    dataset: pads.Dataset, columns: Sequence[Column], filters: Sequence[RowFilter], first_only: bool
) -> list[int]:
    """The row ids the filters match (the first by ``rec_id`` only, when asked)."""
    params: list[Any] = []
    sql = f"SELECT {_quote(REC_ID)} FROM rows{where_clause(columns, filters, params)} ORDER BY 1"
    if first_only:
        sql += " LIMIT 1"
    connection = duckdb.connect()
    try:
        connection.register("rows", dataset)
        return [int(row[0]) for row in connection.execute(sql, params).fetchall()]
    finally:
        connection.close()


def count_rows(dataset: pads.Dataset) -> int:
    return int(dataset.count_rows())


def as_query(raw: Mapping[str, Any]) -> RowQuery:
    return RowQuery.model_validate(raw)
