"""Metric queries: count, sum, avg, min, max or unique persons of an event over time,
with filters, a top-N breakdown (the rest as ``(other)``) and the previous period."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gaugeboard.events.buckets import bucket_starts, to_utc_iso
from gaugeboard.events.engine import EventView
from gaugeboard.events.query_model import MetricQuery
from gaugeboard.events.rolled_cells import fetch_rolled_cells, one_group_sql
from gaugeboard.events.sql_parts import Sql, all_of, breakdown_label, bucket, filter_sql, time_range
from gaugeboard.events.timeouts import QueryRunner
from gaugeboard.events.unique_persons import fetch_persons, person_aggregate

OTHER = "(other)"
TOTAL = "total"


def _value(query: MetricQuery, view: EventView) -> str:
    assert query.property is not None
    return view.numeric_property(query.property)


def _aggregate(query: MetricQuery, view: EventView) -> str:
    """The metric as one SQL aggregate (used to rank breakdown values)."""
    if query.metric == "count":
        return "count(*)"
    if query.metric == "unique_persons":
        return person_aggregate(query, view.person_key)
    return f"{query.metric}({_value(query, view)})"


def _where(query: MetricQuery, view: EventView, start: datetime, end: datetime) -> Sql:
    parts = [time_range(start, end)]
    if query.event is not None:
        parts.append(Sql("name = ?", [query.event]))
    parts.extend(filter_sql(view, item) for item in query.filters)
    return all_of(parts)


def _label(query: MetricQuery, view: EventView, where: Sql, runner: QueryRunner) -> Sql:
    """The series label of each event: the breakdown value if in the top N, else (other)."""
    if query.breakdown is None:
        return Sql(f"'{TOTAL}'")
    label = breakdown_label(view, query.breakdown)
    ranking = _aggregate(query, view)
    top_sql = (
        f"SELECT {label} AS label FROM events WHERE {where.text} "
        f"GROUP BY 1 ORDER BY {ranking} DESC NULLS LAST, 1 LIMIT {query.breakdown_limit}"
    )
    top = [row[0] for row in runner.fetch(top_sql, where.params)]
    if not top:
        return Sql(f"'{OTHER}'")
    marks = ", ".join("?" for _ in top)
    return Sql(f"CASE WHEN {label} IN ({marks}) THEN {label} ELSE '{OTHER}' END", top)


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    return int(value) if isinstance(value, int) else float(value)


def _partials(query: MetricQuery, view: EventView) -> str:
    """Per-group parts from which bucket values, label totals and the overall total follow."""
    if query.metric == "avg":
        value = _value(query, view)
        return f"sum({value}), count({value})"
    return f"{_aggregate(query, view)}, NULL"


def _combine(metric: str, parts: list[tuple[Any, Any]]) -> Any:
    """Roll group parts up (count, sum, min, max, avg); unique persons never come here."""
    present = [p for p in parts if p[0] is not None]
    if metric in ("count", "sum"):
        return sum(p[0] for p in present)
    if not present:
        return None
    if metric == "min":
        return min(p[0] for p in present)
    if metric == "max":
        return max(p[0] for p in present)
    count = sum(p[1] for p in present)
    return sum(p[0] for p in present) / count if count else None


def _finish(metric: str, part: tuple[Any, Any]) -> Any:
    if metric == "avg":
        return part[0] / part[1] if part[1] else None
    return _number(part[0])


MAX_CELLS = 200_000


Cells = dict[tuple[Any, Any], tuple[Any, Any]]


def _fetch_cells(
    query: MetricQuery,
    view: EventView,
    runner: QueryRunner,
    where: Sql,
    label: Sql,
    limit: int | None,
) -> tuple[Cells, dict[str, Any], Any] | None:
    """One scan: parts per (bucket, label). None when more than ``limit`` rows came back."""
    bucket_expr = bucket(query.bucket, query.timezone) if query.bucket else "NULL"
    if not query.bucket and query.breakdown is None:  # one group: constant bucket and label
        sql = (
            f"SELECT NULL, {label.text}, {_partials(query, view)} FROM events "
            f"WHERE {where.text} {one_group_sql(True)}"
        )
    else:
        sql = (
            f"SELECT b, label, {_partials(query, view)} FROM "
            f"(SELECT {bucket_expr} AS b, {label.text} AS label, * FROM events "
            f"WHERE {where.text}) {one_group_sql(False)}" + (f" LIMIT {limit + 1}" if limit else "")
        )
    rows = runner.fetch(sql, label.params + where.params)
    if limit and len(rows) > limit:
        return None
    return {(b, name): (first, second) for b, name, first, second in rows}, {}, None


def _fetch_persons(
    query: MetricQuery, view: EventView, runner: QueryRunner, where: Sql, label: Sql, buckets: int
) -> tuple[Cells, dict[str, Any], Any]:
    """Unique persons per (bucket, label), each label's total and the overall total."""
    bucket_expr = bucket(query.bucket, query.timezone) if query.bucket else "NULL"
    labels = query.breakdown_limit + 1 if query.breakdown else 1
    rows = fetch_persons(query, view, runner, where, label, bucket_expr, buckets * labels)
    cells: Cells = {}
    totals: dict[str, Any] = {}
    overall: Any = None
    for b, name, persons, grouped_b, grouped_label in rows:
        if grouped_label:
            overall = _number(persons)
        elif grouped_b:
            totals[name] = _number(persons)
        else:
            cells[(b, name)] = (persons, None)
    return cells, totals, overall


def _merge_rest(
    query: MetricQuery, cells: dict[tuple[Any, Any], tuple[Any, Any]]
) -> dict[tuple[Any, Any], tuple[Any, Any]]:
    """Keep the top N labels (by their total) and fold every other label into (other)."""
    names = {name for _, name in cells}
    if len(names) <= query.breakdown_limit:
        return cells
    ranking = {
        name: _combine(query.metric, [p for (_, n), p in cells.items() if n == name])
        for name in names
    }
    top = set(sorted(names, key=lambda n: (-(ranking[n] or 0), n))[: query.breakdown_limit])
    merged: dict[tuple[Any, Any], list[tuple[Any, Any]]] = {}
    for (b, name), part in cells.items():
        merged.setdefault((b, name if name in top else OTHER), []).append(part)
    return {key: _combine_parts(query.metric, parts) for key, parts in merged.items()}


def _combine_parts(metric: str, parts: list[tuple[Any, Any]]) -> tuple[Any, Any]:
    """Several groups' parts as one group's parts (avg keeps sum and count apart)."""
    if metric == "avg":
        present = [p for p in parts if p[0] is not None]
        return (sum(p[0] for p in present), sum(p[1] for p in present)) if present else (None, 0)
    return (_combine(metric, parts), None)


def _fetch_rolled_or_raw(
    query: MetricQuery,
    view: EventView,
    runner: QueryRunner,
    where: Sql,
    start: datetime,
    end: datetime,
    starts: list[datetime],
) -> tuple[Cells, dict[str, Any], Any] | None:
    """Parts per (bucket, breakdown value) from the rollups, else from the events, with the
    top N kept and the rest as (other); None when the values are too many to group in one
    scan (the top N are then found first)."""
    limit = MAX_CELLS if query.breakdown is not None else None
    cells = fetch_rolled_cells(query, view, runner, start, end, starts, limit)
    if cells is None and query.breakdown is None:
        return None
    if cells is None:
        label = Sql(breakdown_label(view, query.breakdown or ""))
        fetched = _fetch_cells(query, view, runner, where, label, MAX_CELLS)
        if fetched is None:
            return None
        cells = fetched[0]
    return (_merge_rest(query, cells) if query.breakdown else cells), {}, None


def run_period(
    query: MetricQuery, view: EventView, runner: QueryRunner, start: datetime, end: datetime
) -> dict[str, Any]:
    """Series (one per label, empty buckets filled) and totals for [start, end).

    Count, sum, min, max and avg need one scan: totals and the top-N cut are rolled up from
    the groups. Unique persons cannot be rolled up, so the top N is found first and the
    totals come from the same scan (``unique_persons``)."""
    where = _where(query, view, start, end)
    distinct = query.metric == "unique_persons"
    starts = bucket_starts(start, end, query.bucket, query.timezone) if query.bucket else []
    fetched = None
    if not distinct:
        fetched = _fetch_rolled_or_raw(query, view, runner, where, start, end, starts)
    if fetched is None:
        label = _label(query, view, where, runner)
        if distinct:
            fetched = _fetch_persons(query, view, runner, where, label, max(len(starts), 1))
        else:
            fetched = _fetch_cells(query, view, runner, where, label, None)
    assert fetched is not None
    cells, totals, overall = fetched
    if not distinct:
        names = {name for _, name in cells}
        totals = {
            name: _finish(
                query.metric,
                _combine_parts(query.metric, [p for (_, n), p in cells.items() if n == name]),
            )
            for name in names
        }
        overall = _finish(query.metric, _combine_parts(query.metric, list(cells.values())))
    labels = sorted(totals, key=lambda name: (name == OTHER, -(totals[name] or 0), name))
    if query.breakdown is None:
        labels = [TOTAL]
    series: list[dict[str, Any]] = [
        {"label": name, "total": totals.get(name, _empty(query)), "points": []} for name in labels
    ]
    if query.bucket is not None:
        for entry in series:
            entry["points"] = [
                {
                    "t": to_utc_iso(moment, query.timezone),
                    "local": moment.isoformat(),
                    "value": _point(query, cells.get((moment, entry["label"]))),
                }
                for moment in starts
            ]
    return {"series": series, "total": overall if overall is not None else _empty(query)}


def _point(query: MetricQuery, part: tuple[Any, Any] | None) -> Any:
    return _empty(query) if part is None else _finish(query.metric, part)


def _empty(query: MetricQuery) -> int | None:
    return 0 if query.metric in ("count", "unique_persons", "sum") else None


def describe(query: MetricQuery) -> str:
    """What was computed, in words (no SQL)."""
    what = {
        "count": "number of",
        "unique_persons": "unique persons with",
        "sum": f"sum of {query.property} over",
        "avg": f"average {query.property} over",
        "min": f"smallest {query.property} over",
        "max": f"largest {query.property} over",
    }[query.metric]
    event = f"'{query.event}' events" if query.event else "all events"
    text = f"{what} {event}"
    if query.bucket:
        text += f" per {query.bucket} ({query.timezone})"
    if query.filters:
        text += ", where " + " and ".join(f"{f.field} {f.op} {f.value!r}" for f in query.filters)
    if query.breakdown:
        text += f", split by {query.breakdown} (top {query.breakdown_limit}, the rest as {OTHER})"
    if query.compare:
        text += ", compared with the previous period"
    if query.approximate:
        text += " (approximate: estimated with HyperLogLog)"
    return text


def run_metric(
    query: MetricQuery, view: EventView, runner: QueryRunner, start: datetime, end: datetime
) -> dict[str, Any]:
    result: dict[str, Any] = run_period(query, view, runner, start, end)
    result["range"] = {"start": to_iso(start), "end": to_iso(end)}
    result["approximate"] = query.approximate
    if query.compare:
        length = end - start
        previous = run_period(query, view, runner, start - length, start)
        previous["range"] = {"start": to_iso(start - length), "end": to_iso(start)}
        result["previous"] = previous
        result["change"] = _change(result["total"], previous["total"])
    return result


def _change(current: Any, previous: Any) -> float | None:
    if (
        not isinstance(current, int | float)
        or not isinstance(previous, int | float)
        or not previous
    ):
        return None
    return (current - previous) / abs(previous)


def to_iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
