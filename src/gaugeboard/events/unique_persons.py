"""Unique persons per (bucket, label), per label and overall, from one scan.

Distinct counts cannot be rolled up from the groups, so all three levels come from the
same statement. When persons are the persons dictionary's integers, the exact count is a
bitmap per group (DuckDB's ``bitstring_agg`` over the query's id span): setting a bit is
cheaper than a distinct hash table, and a label's or the overall total is the union
(``bit_or``) of its groups' bitmaps. That bounds memory by groups × span / 8 bytes, so
past ``MAX_BITMAP_BYTES`` (many minute buckets, or a wide id span), and for text person
ids, the count is ``count(DISTINCT)`` over grouping sets. ``approximate`` queries use
HyperLogLog (``approx_count_distinct``) over the same grouping sets instead.
"""

from __future__ import annotations

from typing import Any

from gaugeboard.events.engine import EventView
from gaugeboard.events.query_model import MetricQuery
from gaugeboard.events.sql_parts import Sql
from gaugeboard.events.timeouts import QueryRunner

# Bitmaps held at once (both DuckDB threads keep their own partial groups), in bytes.
MAX_BITMAP_BYTES = 64 * 1024 * 1024
DUCKDB_THREADS = 2
ONLY_LABEL = "total"  # the series label of a query without a breakdown (metrics.TOTAL)

Rows = list[tuple[Any, ...]]  # bucket, label, persons, GROUPING(b), GROUPING(label)


def person_aggregate(query: MetricQuery, person: str) -> str:
    """The SQL aggregate counting the persons of ``person`` (used to rank breakdown values)."""
    if query.approximate:
        return f"approx_count_distinct({person})"
    return f"count(DISTINCT {person})"


def _id_span(
    view: EventView, runner: QueryRunner, where: Sql, groups: int
) -> tuple[int, int] | None:
    """The smallest and largest person id the events may have (the view's span, else a
    pass over the range), when bitmaps of that span fit."""
    if view.person_key != "pid":
        return None
    if view.person_span is not None:
        low, high = view.person_span  # known without a pass over the events
    else:
        span_sql = f"SELECT min(pid), max(pid) FROM events WHERE {where.text}"
        low, high = runner.fetch(span_sql, where.params)[0]
        if low is None or high is None:
            return None
    bitmap_bytes = (int(high) - int(low)) // 8 + 1
    if bitmap_bytes * groups * DUCKDB_THREADS > MAX_BITMAP_BYTES:
        return None
    return int(low), int(high)


def _bitmap_sql(source: str, span: tuple[int, int]) -> str:
    bits = "coalesce(bit_count({}), 0)"
    return (
        f"WITH g AS (SELECT b, label, bitstring_agg(who, {span[0]}, {span[1]}) AS bits "
        f"FROM {source} GROUP BY b, label) "
        f"SELECT b, label, {bits.format('bits')}, 0, 0 FROM g "
        f"UNION ALL SELECT NULL, label, {bits.format('bit_or(bits)')}, 1, 0 FROM g GROUP BY label "
        f"UNION ALL SELECT NULL, NULL, {bits.format('bit_or(bits)')}, 1, 1 FROM g"
    )


def fetch_persons(
    query: MetricQuery,
    view: EventView,
    runner: QueryRunner,
    where: Sql,
    label: Sql,
    bucket_expr: str,
    groups: int,
) -> Rows:
    """Rows of (bucket, label, persons, GROUPING(b), GROUPING(label)); ``groups`` is an upper
    bound of the (bucket, label) pairs, which decides whether bitmaps fit."""
    source = (
        f"(SELECT {bucket_expr} AS b, {label.text} AS label, {view.person_key} AS who "
        f"FROM events WHERE {where.text})"
    )
    span = None if query.approximate else _id_span(view, runner, where, groups)
    if span is not None:
        sql = _bitmap_sql(source, span)
    elif query.breakdown is None:
        # One label: its total is the overall count, so one grouping set fewer (each set
        # hashes every event again).
        sql = (
            f"SELECT b, label, {person_aggregate(query, 'who')}, GROUPING(b), GROUPING(label) "
            f"FROM {source} GROUP BY GROUPING SETS ((b, label), ())"
        )
        rows = [tuple(row) for row in runner.fetch(sql, label.params + where.params)]
        overall = [row for row in rows if row[4]]
        return rows + [(None, ONLY_LABEL, row[2], 1, 0) for row in overall]
    else:
        sql = (
            f"SELECT b, label, {person_aggregate(query, 'who')}, GROUPING(b), GROUPING(label) "
            f"FROM {source} GROUP BY GROUPING SETS ((b, label), (label), ())"
        )
    return [tuple(row) for row in runner.fetch(sql, label.params + where.params)]
