"""Run any analytics query: resolve its range, open the event view, run it under the time
limit, and return the result with a description and how long it took."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.events import funnels, metrics, retention
from gaugeboard.events.engine import open_event_view
from gaugeboard.events.query_model import (
    FunnelQuery,
    MetricQuery,
    RetentionQuery,
    parse_query,
    resolve_range,
)
from gaugeboard.events.timeouts import QueryRunner


def _scan_range(
    query: MetricQuery | FunnelQuery | RetentionQuery, start: datetime, end: datetime
) -> tuple[int, int]:
    """The stored time range a query may read (earlier period, later steps and returns)."""
    low, high = start, end
    if isinstance(query, MetricQuery) and query.compare:
        low = start - (end - start)
    if isinstance(query, FunnelQuery):
        high = end + query.window.as_timedelta()
    if isinstance(query, RetentionQuery):
        high = retention._periods_after(end, query)
    return int(low.timestamp() * 1_000_000), int(high.timestamp() * 1_000_000) + 1


def run_query(
    db: Session, root: Path, raw: Any, timeout_seconds: float, now: datetime | None = None
) -> dict[str, Any]:
    """Validate and run a query; the result carries ``query``, ``description``, ``elapsed_ms``."""
    began = time.perf_counter()
    query = parse_query(raw)
    moment = now or datetime.now(UTC)
    start, end = resolve_range(query.range, query.timezone, moment)
    low, high = _scan_range(query, start, end)
    with open_event_view(db, root, low, high) as view:
        runner = QueryRunner(view.connection, timeout_seconds)
        try:
            if isinstance(query, MetricQuery):
                result = metrics.run_metric(query, view, runner, start, end)
                description = metrics.describe(query)
            elif isinstance(query, FunnelQuery):
                result = funnels.run_funnel(query, view, runner, start, end)
                description = funnels.describe(query)
            else:
                result = retention.run_retention(query, view, runner, start, end, moment)
                description = retention.describe(query)
        finally:
            runner.close()
    result.setdefault("range", {"start": metrics.to_iso(start), "end": metrics.to_iso(end)})
    return {
        "ok": True,
        "query": query.model_dump(mode="json"),
        "description": description,
        "elapsed_ms": round((time.perf_counter() - began) * 1000, 2),
        **result,
    }
