"""Demo status history: two weeks of hourly request rollups for the demo server's public
routes (event tracking, dashboard pages, sign-in), so the status page and the
service-health dashboard have something to show on the first visit. Each run of the demo
adds the hours since the last history it finds, never the same hour twice."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from gaugeboard.monitor.counters import DAY, HOUR
from gaugeboard.monitor.histogram import BUCKETS, bucket_of
from gaugeboard.store.status_models import StatusRollup
from gaugeboard.store.status_rollups import HISTOGRAM_COLUMNS, add_rows
from gaugeboard.store.status_routes import RouteInfo, ensure_routes

HISTORY_DAYS = 14


@dataclass(frozen=True)
class DemoRoute:
    info: RouteInfo
    method: str
    per_hour: int  # requests in a busy hour
    typical_ms: float  # the usual duration
    failure_rate: float  # the usual share of 5xx answers


ROUTES = (
    DemoRoute(
        RouteInfo("/e", "gaugeboard.track.track", "gaugeboard.track.track", ""),
        "GET",
        400,
        3.0,
        0.001,
    ),
    DemoRoute(
        RouteInfo("/dashboards/<path:path>", "gaugeboard.web.browse", "gaugeboard.web.browse", ""),
        "GET",
        40,
        80.0,
        0.002,
    ),
    DemoRoute(
        RouteInfo("/login", "gaugeboard.web.login_page", "gaugeboard.web.login_page", ""),
        "GET",
        6,
        12.0,
        0.0,
    ),
)
# One bad afternoon a few days ago: tracking failed for a while (an incident to look at).
OUTAGE_DAYS_AGO = 3
OUTAGE_HOURS = (14, 15)
OUTAGE_FAILURE_RATE = 0.3


def _traffic(route: DemoRoute, hour: int, rng: random.Random) -> int:
    """Requests in an hour: busy in the (UTC) afternoon, quiet at night."""
    daily = 0.55 + 0.45 * math.sin((hour % DAY / HOUR - 8) / 24 * 2 * math.pi)
    return max(0, round(route.per_hour * daily * rng.uniform(0.8, 1.2)))


def _histogram(count: int, typical_ms: float, rng: random.Random) -> tuple[list[int], float]:
    """``count`` durations around ``typical_ms`` as histogram counts and their sum."""
    counts = [0] * BUCKETS
    total = 0.0
    for _ in range(count):
        duration = typical_ms * rng.lognormvariate(0, 0.6)
        counts[bucket_of(duration)] += 1
        total += duration
    return counts, total


def _row(route_id: int, bucket: int, method: str, status: int, durations: Any) -> dict[str, Any]:
    counts, total = durations
    row = {
        "route_id": route_id,
        "grain": HOUR,
        "bucket": bucket,
        "method": method,
        "status": status,
        "count": sum(counts),
        "bytes": sum(counts) * 512,
        "duration_ms": total,
    }
    row.update(zip(HISTOGRAM_COLUMNS, counts, strict=True))
    return row


def _hour_rows(route: DemoRoute, route_id: int, bucket: int, outage: bool) -> list[dict[str, Any]]:
    rng = random.Random(f"{route.info.rule} {bucket}")
    requests = _traffic(route, bucket, rng)
    rate = OUTAGE_FAILURE_RATE if outage and route.info.rule == "/e" else route.failure_rate
    failed = sum(1 for _ in range(requests) if rng.random() < rate)
    rows = []
    if requests - failed:
        durations = _histogram(requests - failed, route.typical_ms, rng)
        rows.append(_row(route_id, bucket, route.method, 200, durations))
    if failed:
        durations = _histogram(failed, route.typical_ms * 10, rng)
        rows.append(_row(route_id, bucket, route.method, 500, durations))
    return rows


def _newest_bucket(connection: Connection, route_ids: list[int]) -> int | None:
    table = StatusRollup.__table__
    found = connection.execute(
        select(func.max(table.c.bucket)).where(table.c.route_id.in_(route_ids))
    ).scalar()
    return int(found) if found is not None else None


def add_status_history(connection: Connection, now: float) -> int:
    """Add hourly rows for the demo routes from the end of their newest history (at most
    HISTORY_DAYS back) to the last whole hour; answers how many hours were added. The
    caller commits."""
    ids = ensure_routes(connection, [route.info for route in ROUTES])
    this_hour = int(now) // HOUR * HOUR
    start = this_hour - HISTORY_DAYS * DAY
    newest = _newest_bucket(connection, list(ids.values()))
    if newest is not None:
        start = max(start, newest // HOUR * HOUR + HOUR)
    outage_day = (this_hour // DAY - OUTAGE_DAYS_AGO) * DAY
    outage = {outage_day + hour * HOUR for hour in OUTAGE_HOURS}
    rows = [
        row
        for bucket in range(start, this_hour, HOUR)
        for route in ROUTES
        for row in _hour_rows(route, ids[route.info.rule], bucket, bucket in outage)
    ]
    add_rows(connection, rows)
    return max(0, (this_hour - start) // HOUR)
