"""A metric query's (bucket, label) parts from the segments' rollups where they can answer,
and from the events for the rest (the tail, and partial hours at the range's edges).

The parts are the same as ``metrics._fetch_cells`` gives from the events alone: (count,
NULL), (sum, NULL), (sum, count of values) for avg, (min, NULL), (max, NULL); each source
gives them per group and the outer statement combines them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gaugeboard.events.columns import column_name
from gaugeboard.events.engine import EventView, quote_identifier
from gaugeboard.events.query_model import MetricQuery
from gaugeboard.events.rollups import RollupFiles, measure_columns, pieces_sql, rollup_plan
from gaugeboard.events.sql_parts import (
    PROPERTY_PREFIX,
    Sql,
    all_of,
    breakdown_label,
    bucket,
    time_range,
)
from gaugeboard.events.timeouts import QueryRunner

ROLLED_METRICS = ("count", "sum", "avg", "min", "max")
TOTAL = "total"
Cells = dict[tuple[Any, Any], tuple[Any, Any]]


def _key(field_name: str) -> str | None:
    """The property key of a breakdown or property field; None for name and person."""
    if field_name in ("name", "person"):
        return None
    return field_name.removeprefix(PROPERTY_PREFIX)


def _usable(query: MetricQuery, files: RollupFiles) -> tuple[str | None, str | None] | None:
    """(dimension column, measure column) the query reads, when every rollup holds them."""
    if query.metric not in ROLLED_METRICS or query.filters:
        return None
    dim = measure = None
    if query.breakdown is not None:
        key = _key(query.breakdown)
        dim = column_name(key) if key is not None else None
        if dim is None or dim not in files.dims:
            return None
    if query.metric != "count":
        key = _key(query.property or "")
        measure = column_name(key) if key else None
        if measure is None or measure not in files.measures:
            return None
    return dim, measure


def _event_parts(query: MetricQuery, value: str | None) -> str:
    """The parts of a group of events (``value``: the property's numeric SQL)."""
    if query.metric == "count":
        return "count(*), NULL"
    assert value is not None
    if query.metric == "avg":
        return f"sum({value}), count({value})"
    return f"{query.metric}({value}), NULL"


def _rollup_parts(query: MetricQuery, measure: str | None) -> str:
    if query.metric == "count":
        return "sum(n), NULL"
    assert measure is not None
    total, count, low, high = (quote_identifier(c) for c in measure_columns(measure))
    if query.metric == "sum":
        return f"sum({total}), NULL"
    if query.metric == "avg":
        return f"sum({total}), sum({count})"
    return f"min({low}), NULL" if query.metric == "min" else f"max({high}), NULL"


def one_group_sql(single: bool) -> str:
    """How a part ends: a plain aggregate when it has one group (no bucket, one label),
    which skips a hash table's set-up (about 1 ms); no row when nothing matched."""
    return "HAVING count(*) > 0" if single else "GROUP BY b, label"


def fetch_rolled_cells(
    query: MetricQuery,
    view: EventView,
    runner: QueryRunner,
    start: datetime,
    end: datetime,
    starts: list[datetime],
    limit: int | None,
) -> Cells | None:
    """The parts per (bucket, label), or None when the rollups cannot answer this query
    (then, or past ``limit`` groups, the caller reads the events)."""
    if view.root is None:
        return None
    files = RollupFiles.of(view.root, view.rollups, view.day_rows_table)
    usable = _usable(query, files) if files is not None else None
    if files is None or usable is None:
        return None
    plan = rollup_plan(start, end, starts, query.timezone, files.grains)
    if plan is None:
        return None
    dim, measure = usable
    unit = query.bucket
    name = [Sql("name = ?", [query.event])] if query.event is not None else []
    # rollup rows: the plan's whole hours and days of every segment
    rolled_bucket = bucket(unit, query.timezone, "t") if unit else "NULL"
    rolled_label = "coalesce(NULLIF(value, ''), '(none)')" if dim is not None else f"'{TOTAL}'"
    which = Sql("dim IS NULL") if dim is None else Sql("dim = ?", [dim])
    grouping = one_group_sql(unit is None and dim is None)
    parts: list[Sql] = []
    for grain, ranges in sorted(plan.pieces.items()):
        for source, grain_condition in files.sources(grain):
            pieces, piece_params = pieces_sql(ranges)
            where = all_of([*name, which, Sql(grain_condition), Sql(pieces, piece_params)])
            parts.append(
                Sql(
                    f"SELECT {rolled_bucket} AS b, {rolled_label} AS label, "
                    f"{_rollup_parts(query, measure)} FROM {source} WHERE {where.text} "
                    f"{grouping}",
                    where.params,
                )
            )
    # events: the edges from every source, the whole hours from the tail alone
    label = breakdown_label(view, query.breakdown) if query.breakdown else f"'{TOTAL}'"
    value = view.numeric_property(_key(query.property or "") or "") if measure else None
    event_bucket = bucket(unit, query.timezone) if unit else "NULL"
    reads = [("events", time_range(*edge)) for edge in plan.edges]
    if view.tail_sql is not None:
        reads.append((f"({view.tail_sql})", time_range(*plan.middle)))
    for source, span in reads:
        where = all_of([span, *name])
        parts.append(
            Sql(
                f"SELECT {event_bucket} AS b, {label} AS label, {_event_parts(query, value)} "
                f"FROM {source} WHERE {where.text} {grouping}",
                where.params,
            )
        )
    # Each part is grouped already; their few rows are combined here rather than by
    # another hash aggregate in DuckDB (about 1 ms of set-up each).
    union = " UNION ALL ".join(f"SELECT * FROM ({p.text})" for p in parts)
    rows = runner.fetch(union, [p for part in parts for p in part.params])
    cells: Cells = {}
    for b, label_, first, second in rows:
        known = cells.get((b, label_))
        cells[(b, label_)] = (
            (first, second) if known is None else _add(query.metric, known, (first, second))
        )
        if limit and len(cells) > limit:
            return None
    return cells


def _add(metric: str, one: tuple[Any, Any], other: tuple[Any, Any]) -> tuple[Any, Any]:
    """Two parts of the same group as one (NULL parts: no value in that source)."""

    def pick(a: Any, b: Any, how: Any) -> Any:
        return b if a is None else a if b is None else how(a, b)

    if metric == "min":
        return pick(one[0], other[0], min), None
    if metric == "max":
        return pick(one[0], other[0], max), None
    add = lambda a, b: a + b  # noqa: E731
    return pick(one[0], other[0], add), pick(one[1], other[1], add)
