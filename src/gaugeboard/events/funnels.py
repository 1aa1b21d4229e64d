"""Funnels: persons who did step 1 in the range, then each next step within the conversion
window after the previous one (first occurrence each time), with conversion rates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gaugeboard.events.engine import EventView
from gaugeboard.events.query_model import FunnelQuery
from gaugeboard.events.sql_parts import (
    Sql,
    all_of,
    breakdown_label,
    filter_sql,
    naive_utc,
    time_range,
)
from gaugeboard.events.timeouts import QueryRunner

OTHER = "(other)"


def _step_filter(query: FunnelQuery, view: EventView, index: int) -> Sql:
    step = query.steps[index]
    parts = [Sql("name = ?", [step.event]), Sql(f"{view.person_key} IS NOT NULL")]
    parts.extend(filter_sql(view, item) for item in query.filters + step.filters)
    return all_of(parts)


def funnel_sql(query: FunnelQuery, view: EventView, start: datetime, end: datetime) -> Sql:
    """One statement: a CTE per step, each joined to the previous by person and window."""
    window_us = int(query.window.as_timedelta().total_seconds() * 1_000_000)
    first = _step_filter(query, view, 0)
    window_range = time_range(start, end)
    # Without a breakdown every person has the same label: none is carried, and each step
    # is a plain count (a GROUP BY costs about 1 ms of set-up even on one group).
    split = query.breakdown is not None
    label = breakdown_label(view, query.breakdown) if query.breakdown else ""
    first_label = f", arg_min({label}, ts) AS label" if split else ""
    ctes = [
        Sql(
            f"s0 AS (SELECT {view.person_key} AS person, min(ts) AS t{first_label} FROM events "
            f"WHERE {window_range.text} AND {first.text} GROUP BY 1)",
            window_range.params + first.params,
        )
    ]
    horizon = naive_utc(end) + query.window.as_timedelta()
    carried = ", any_value(p.label) AS label" if split else ""
    for index in range(1, len(query.steps)):
        condition = _step_filter(query, view, index)
        ctes.append(
            Sql(
                f"s{index} AS (SELECT p.person, min(e.ts) AS t{carried} "
                f"FROM s{index - 1} p JOIN "
                f"(SELECT {view.person_key} AS person, ts FROM events "
                f"WHERE ts < ? AND {condition.text}) e "
                f"ON e.person = p.person AND e.ts > p.t "
                f"AND e.ts <= p.t + to_microseconds({window_us}) GROUP BY p.person)",
                [horizon, *condition.params],
            )
        )
    counts = " UNION ALL ".join(
        f"SELECT {i} AS step, label, count(*) AS n FROM s{i} GROUP BY label"
        if split
        else f"SELECT {i} AS step, 'total' AS label, count(*) AS n FROM s{i}"
        for i in range(len(query.steps))
    )
    text = "WITH " + ", ".join(c.text for c in ctes) + f" {counts}"
    return Sql(text, [p for c in ctes for p in c.params])


def run_funnel(
    query: FunnelQuery, view: EventView, runner: QueryRunner, start: datetime, end: datetime
) -> dict[str, Any]:
    statement = funnel_sql(query, view, start, end)
    counts: dict[str, list[int]] = {}
    for step, label, n in runner.fetch(statement.text, statement.params):
        counts.setdefault(label, [0] * len(query.steps))[step] = int(n)
    totals = [sum(per_label[i] for per_label in counts.values()) for i in range(len(query.steps))]
    result: dict[str, Any] = {"steps": _steps(query, totals)}
    if query.breakdown:
        ranked = sorted(counts, key=lambda name: (-counts[name][0], name))
        top, rest = ranked[: query.breakdown_limit], ranked[query.breakdown_limit :]
        groups = [{"label": name, "steps": _steps(query, counts[name])} for name in top]
        if rest:
            merged = [sum(counts[name][i] for name in rest) for i in range(len(query.steps))]
            groups.append({"label": OTHER, "steps": _steps(query, merged)})
        result["breakdown"] = groups
    return result


def _steps(query: FunnelQuery, counts: list[int]) -> list[dict[str, Any]]:
    steps = []
    for index, step in enumerate(query.steps):
        previous = counts[index - 1] if index else counts[0]
        steps.append(
            {
                "event": step.event,
                "count": counts[index],
                "conversion_from_previous": counts[index] / previous if previous else None,
                "conversion_from_start": counts[index] / counts[0] if counts[0] else None,
            }
        )
    return steps


def describe(query: FunnelQuery) -> str:
    names = " → ".join(f"'{step.event}'" for step in query.steps)
    window = f"{query.window.value} {query.window.unit}(s)"
    text = f"funnel {names}, each step within {window} of the previous"
    if query.breakdown:
        text += f", split by {query.breakdown} of the first step"
    return text
