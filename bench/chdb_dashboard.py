"""The dashboard's 30 widget queries in ClickHouse SQL, for the chDB baseline of
bench/dashboard.py: the same 30 queries run one after another in embedded ClickHouse on the
same rows (persons as integers), to compare with the cold batched dashboard request.

Only the query shapes the bench's dashboard uses are translated (a count, sum, average,
maximum or exact distinct persons of one event or all, per day, per week or in all, split by
plan or not, with the previous period when ``compare`` is set; funnels with a window and a
split by the first step's plan; weekly retention), all in UTC like the dashboard. The
statements follow gaugeboard's own (events/funnels.py, events/retention.py): the same ranges,
the same joins, no windowFunnel/retention functions.
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta
from typing import Any

from int_baselines import Chdb

METRICS = {
    "count": "count()",
    "sum": "sum(amount)",
    "avg": "avg(amount)",
    "max": "max(amount)",
    "unique_persons": "uniqExact(person)",
}
BUCKETS = {"day": "toStartOfDay(ts)", "week": "toStartOfWeek(ts, 1)"}
WINDOW_UNITS = {"day": 1, "week": 7}


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)


def _at(moment: datetime) -> str:
    return f"toDateTime64('{moment:%Y-%m-%d %H:%M:%S}', 6, 'UTC')"


def _metric_sql(query: dict[str, Any], start: datetime, end: datetime) -> str:
    keys = [BUCKETS[query["bucket"]]] if query.get("bucket") else []
    if query.get("breakdown"):
        keys.append(query["breakdown"])
    where = [f"ts >= {_at(start)}", f"ts < {_at(end)}"]
    if query.get("event"):
        where.append(f"name = '{query['event']}'")
    aggregate = METRICS[query.get("metric", "count")]
    select = ", ".join([*keys, aggregate])
    group = f" GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}" if keys else ""
    return f"SELECT {select} FROM events WHERE {' AND '.join(where)}{group}"


def _funnel_sql(query: dict[str, Any], start: datetime, end: datetime) -> str:
    window = timedelta(days=query["window"]["value"] * WINDOW_UNITS[query["window"]["unit"]])
    seconds = int(window.total_seconds())
    label = f"argMin({query['breakdown']}, ts)" if query.get("breakdown") else "'total'"
    steps = [step["event"] for step in query["steps"]]
    ctes = [
        f"s0 AS (SELECT person, min(ts) AS t, {label} AS label FROM events "
        f"WHERE ts >= {_at(start)} AND ts < {_at(end)} AND name = '{steps[0]}' GROUP BY 1)"
    ]
    for index in range(1, len(steps)):
        ctes.append(
            f"s{index} AS (SELECT p.person AS person, min(e.ts) AS t, any(p.label) AS label "
            f"FROM s{index - 1} AS p JOIN (SELECT person, ts FROM events "
            f"WHERE ts < {_at(end + window)} AND name = '{steps[index]}') AS e "
            f"ON e.person = p.person AND e.ts > p.t "
            f"AND e.ts <= p.t + INTERVAL {seconds} SECOND GROUP BY p.person)"
        )
    counts = " UNION ALL ".join(
        f"SELECT {i} AS step, label, count() AS n FROM s{i} GROUP BY label"
        for i in range(len(steps))
    )
    return "WITH " + ", ".join(ctes) + " " + counts


def _retention_sql(query: dict[str, Any], start: datetime, end: datetime) -> str:
    period = BUCKETS[query["period"]]
    later = end + timedelta(days=WINDOW_UNITS[query["period"]] * (query["periods"] + 1))
    offset = (
        "intDiv(dateDiff('day', f.c, r.b), 7)"
        if query["period"] == "week"
        else ("dateDiff('day', f.c, r.b)")
    )
    return (
        f"WITH f AS (SELECT person, min({period}) AS c FROM events "
        f"WHERE name = '{query['start_event']}' AND ts >= {_at(start)} AND ts < {_at(end)} "
        "GROUP BY 1), "
        f"r AS (SELECT DISTINCT person, {period} AS b FROM events "
        f"WHERE name = '{query['return_event']}' AND ts >= {_at(start)} "
        f"AND ts < {_at(later)}) "
        "SELECT f.c, 0 AS k, count() FROM f GROUP BY 1 "
        f"UNION ALL SELECT f.c, {offset} AS k, uniqExact(f.person) "
        "FROM f JOIN r ON r.person = f.person AND r.b > f.c GROUP BY 1, 2"
    )


def clickhouse_statements(query: dict[str, Any]) -> list[str]:
    """The statements one widget's query needs: one, or two with the previous period."""
    start, end = _moment(query["range"]["start"]), _moment(query["range"]["end"])
    if query.get("timezone", "UTC") != "UTC":
        raise ValueError(f"timezone: only UTC is translated, not {query['timezone']!r}")
    kind = query.get("type", "metric")
    if kind == "funnel":
        return [_funnel_sql(query, start, end)]
    if kind == "retention":
        return [_retention_sql(query, start, end)]
    statements = [_metric_sql(query, start, end)]
    if query.get("compare"):
        statements.append(_metric_sql(query, start - (end - start), start))
    return statements


def time_dashboard(chdb: Chdb, queries: dict[str, dict[str, Any]], rounds: int) -> dict[str, Any]:
    """Every widget's statements one after another, ``rounds`` times: the first round's
    total (the first queries after the load) and the median total of all rounds, in ms,
    and each widget's median."""
    statements = {wid: clickhouse_statements(query) for wid, query in queries.items()}
    totals = []
    per_widget: dict[str, list[float]] = {wid: [] for wid in statements}
    for _ in range(rounds):
        total = 0.0
        for wid, texts in statements.items():
            began = time.perf_counter()
            for text in texts:
                chdb.run(text)
            ms = (time.perf_counter() - began) * 1000
            per_widget[wid].append(ms)
            total += ms
        totals.append(total)
    return {
        "first": totals[0],
        "median": statistics.median(totals),
        "per_widget": {wid: statistics.median(times) for wid, times in per_widget.items()},
    }
