"""Metric queries: count, sum, avg, min, max or unique persons of an event over time,
with filters, a top-N breakdown (the rest as ``(other)``) and the previous period."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gaugeboard.events.buckets import bucket_starts, to_utc_iso
from gaugeboard.events.engine import EventView
from gaugeboard.events.query_model import MetricQuery
from gaugeboard.events.sql_parts import Sql, all_of, breakdown_label, bucket, filter_sql, time_range
from gaugeboard.events.timeouts import QueryRunner

OTHER = "(other)"
TOTAL = "total"


def _aggregate(query: MetricQuery, view: EventView) -> str:
    if query.metric == "count":
        return "count(*)"
    if query.metric == "unique_persons":
        return "count(DISTINCT person) FILTER (WHERE person <> '')"
    assert query.property is not None
    return f"{query.metric}({view.numeric_property(query.property)})"


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


def run_period(
    query: MetricQuery, view: EventView, runner: QueryRunner, start: datetime, end: datetime
) -> dict[str, Any]:
    """Series (one per label, empty buckets filled) and totals for [start, end), computed in
    one scan: GROUPING SETS give per-bucket values, per-label totals and the overall total."""
    where = _where(query, view, start, end)
    label = _label(query, view, where, runner)
    aggregate = _aggregate(query, view)
    bucket_expr = bucket(query.bucket, query.timezone) if query.bucket else "NULL"
    sets = "(b, label), (label), ()" if query.bucket else "(label), ()"
    grouped_bucket = "GROUPING(b)" if query.bucket else "1"  # without buckets, rows are totals
    sql = (
        f"SELECT {'b' if query.bucket else 'NULL'} AS b, label, {aggregate} AS v, "
        f"{grouped_bucket} AS gb, GROUPING(label) AS gl "
        f"FROM (SELECT *, {bucket_expr} AS b, {label.text} AS label "
        f"FROM events WHERE {where.text}) "
        f"GROUP BY GROUPING SETS ({sets})"
    )
    values: dict[tuple[Any, Any], Any] = {}
    totals: dict[str, Any] = {}
    overall: Any = None
    for b, name, value, grouped_b, grouped_label in runner.fetch(sql, label.params + where.params):
        if grouped_label:
            overall = _number(value)
        elif grouped_b:
            totals[name] = _number(value)
        else:
            values[(b, name)] = _number(value)
    labels = sorted(totals, key=lambda name: (name == OTHER, -(totals[name] or 0), name))
    if query.breakdown is None:
        labels = [TOTAL]
    series: list[dict[str, Any]] = [
        {"label": name, "total": totals.get(name, _empty(query)), "points": []} for name in labels
    ]
    if query.bucket is not None:
        starts = bucket_starts(start, end, query.bucket, query.timezone)
        for entry in series:
            entry["points"] = [
                {
                    "t": to_utc_iso(moment, query.timezone),
                    "local": moment.isoformat(),
                    "value": values.get((moment, entry["label"]), _empty(query)),
                }
                for moment in starts
            ]
    return {"series": series, "total": overall if overall is not None else _empty(query)}


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
    return text


def run_metric(
    query: MetricQuery, view: EventView, runner: QueryRunner, start: datetime, end: datetime
) -> dict[str, Any]:
    result: dict[str, Any] = run_period(query, view, runner, start, end)
    result["range"] = {"start": to_iso(start), "end": to_iso(end)}
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
