"""Retention: persons grouped into cohorts by the period of their first start event in the
range; for each later period, the share of the cohort that did the return event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gaugeboard.events.buckets import local_naive, step, to_utc_iso, truncate
from gaugeboard.events.engine import EventView
from gaugeboard.events.query_model import RetentionQuery
from gaugeboard.events.sql_parts import Sql, all_of, bucket, filter_sql, naive_utc, time_range
from gaugeboard.events.timeouts import QueryRunner

OFFSET_SQL = {
    "day": "date_diff('day', f.c, r.b)",
    "week": "date_diff('day', f.c, r.b) // 7",
    "month": "date_diff('month', f.c, r.b)",
}


def retention_sql(query: RetentionQuery, view: EventView, start: datetime, end: datetime) -> Sql:
    filters = all_of([filter_sql(view, item) for item in query.filters])
    cohort_range = time_range(start, end)
    later_end = naive_utc(_periods_after(end, query))
    period = bucket(query.period, query.timezone)
    return_event = query.return_event or query.start_event
    person = view.person_key
    # With return_any the name test is always true (the parameter stays, so the
    # parameters keep their places).
    return_name = "(name = ? OR TRUE)" if query.return_any else "name = ?"
    # ``f`` has one row per person and ``r`` one per (person, period), and a cohort's
    # periods map to distinct offsets: a plain count is each offset's distinct persons.
    text = (
        f"WITH f AS (SELECT {person} AS person, min({period}) AS c FROM events "
        f"WHERE name = ? AND {person} IS NOT NULL AND {cohort_range.text} AND {filters.text} "
        "GROUP BY 1), "
        f"r AS (SELECT DISTINCT {person} AS person, {period} AS b FROM events "
        f"WHERE {return_name} AND {person} IS NOT NULL AND ts >= ? AND ts < ? AND {filters.text}) "
        f"SELECT f.c, 0 AS k, count(*) FROM f GROUP BY 1 "
        f"UNION ALL SELECT f.c, {OFFSET_SQL[query.period]} AS k, count(*) "
        f"FROM f JOIN r ON r.person = f.person AND r.b > f.c GROUP BY 1, 2"
    )
    params = [
        query.start_event,
        *cohort_range.params,
        *filters.params,
        return_event,
        naive_utc(start),
        later_end,
        *filters.params,
    ]
    return Sql(text, params)


def _periods_after(end: datetime, query: RetentionQuery) -> datetime:
    from datetime import timedelta

    days = {"day": 1, "week": 7, "month": 31}[query.period] * (query.periods + 1)
    return end + timedelta(days=days)


def run_retention(
    query: RetentionQuery,
    view: EventView,
    runner: QueryRunner,
    start: datetime,
    end: datetime,
    now: datetime,
) -> dict[str, Any]:
    statement = retention_sql(query, view, start, end)
    sizes: dict[datetime, int] = {}
    returned: dict[tuple[datetime, int], int] = {}
    for cohort, offset, n in runner.fetch(statement.text, statement.params):
        if offset == 0:
            sizes[cohort] = int(n)
        elif offset <= query.periods:
            returned[(cohort, int(offset))] = int(n)
    current = truncate(local_naive(now, query.timezone), query.period)
    cohorts = []
    for cohort in sorted(sizes):
        size = sizes[cohort]
        values: list[dict[str, Any]] = []
        moment = cohort
        for offset in range(query.periods + 1):
            # A period counts once it has ended; the cohort's own period gives its size.
            complete = offset == 0 or moment < current
            count = size if offset == 0 else returned.get((cohort, offset), 0)
            values.append(
                {
                    "period": offset,
                    "count": count if complete else None,
                    "share": (count / size if size else None) if complete else None,
                }
            )
            moment = step(moment, query.period)
        cohorts.append(
            {
                "start": to_utc_iso(cohort, query.timezone),
                "local": cohort.isoformat(),
                "size": size,
                "values": values,
            }
        )
    return {"cohorts": cohorts}


def describe(query: RetentionQuery) -> str:
    returning = query.return_event or query.start_event
    doing = "any event" if query.return_any else f"'{returning}'"
    return (
        f"retention per {query.period} ({query.timezone}): cohorts by first '{query.start_event}', "
        f"share doing {doing} in each of the next {query.periods} {query.period}s"
    )
