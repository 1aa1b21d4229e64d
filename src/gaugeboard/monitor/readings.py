"""What the status page shows, read from the rollups: day and hour squares, uptime per
window, request counts, error rates and p95 latency per route, and the overall state.

Days and hours are UTC. A square's state follows FlaskStatus's thresholds: every request
succeeded → operational; success rate below STATUS_MAJOR_OUTAGE_BELOW → major outage;
otherwise partial outage; no requests → no data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from gaugeboard.failure_rule import FailureRule
from gaugeboard.monitor.counters import DAY, HOUR
from gaugeboard.monitor.histogram import COLUMNS, percentile
from gaugeboard.store.status_rollups import series
from gaugeboard.store.status_routes import StatusRouteRow

DAYS_SHOWN = 90
HOURS_SHOWN = 24
UPTIME_WINDOWS: tuple[tuple[str, int], ...] = (("24h", 1), ("7d", 7), ("30d", 30), ("90d", 90))
STATE_RANK = {"nodata": 0, "operational": 1, "partial": 2, "major": 3}
STATE_LABELS = {
    "operational": "Operational",
    "partial": "Partial outage",
    "major": "Major outage",
    "nodata": "No data",
    "maintenance": "Under maintenance",
}


@dataclass
class Tally:
    """Sums of one slot: requests, failures, client errors, bytes, latency histogram."""

    requests: int = 0
    failures: int = 0
    client_errors: int = 0
    bytes: int = 0
    histogram: list[int] = field(default_factory=lambda: [0] * len(COLUMNS))

    def add_row(self, row: dict[str, Any], rule: FailureRule) -> None:
        count = int(row["count"])
        status = int(row["status"])
        self.requests += count
        if rule.is_failure(status):
            self.failures += count
        elif 400 <= status < 500:
            self.client_errors += count
        self.bytes += int(row["bytes"])
        for index, column in enumerate(COLUMNS):
            self.histogram[index] += int(row[column])

    def add(self, other: Tally) -> None:
        self.requests += other.requests
        self.failures += other.failures
        self.client_errors += other.client_errors
        self.bytes += other.bytes
        for index, value in enumerate(other.histogram):
            self.histogram[index] += value

    @property
    def success_rate(self) -> float | None:
        return None if not self.requests else (self.requests - self.failures) / self.requests

    @property
    def error_rate(self) -> float | None:
        return None if not self.requests else self.failures / self.requests

    @property
    def p95_ms(self) -> float | None:
        return percentile(self.histogram, 0.95)

    def percentile_ms(self, fraction: float) -> float | None:
        return percentile(self.histogram, fraction)


def state_of(success_rate: float | None, major_below: float) -> str:
    if success_rate is None:
        return "nodata"
    if success_rate >= 1.0:
        return "operational"
    if success_rate < major_below:
        return "major"
    return "partial"


@dataclass(frozen=True)
class Square:
    """One day or hour of one route."""

    start: int
    requests: int
    failures: int
    success_rate: float | None
    state: str

    @property
    def label(self) -> str:
        moment = datetime.fromtimestamp(self.start, UTC)
        return moment.strftime("%Y-%m-%d %H:00 UTC")

    @property
    def day_label(self) -> str:
        return datetime.fromtimestamp(self.start, UTC).strftime("%Y-%m-%d")

    @property
    def description(self) -> str:
        if self.success_rate is None:
            return "No data available."
        if self.failures == 0:
            return f"{self.requests} requests, no failures."
        return (
            f"{self.requests} requests, {self.failures} failed "
            f"({format_percent(self.success_rate)} success)."
        )


def format_percent(rate: float | None) -> str:
    return "--%" if rate is None else f"{rate * 100:.2f}%"


@dataclass
class RouteReading:
    id: int
    rule: str
    name: str
    doc: str
    days: list[Square]
    hours: list[Square]
    uptime: dict[str, float | None]
    last_day: Tally
    current_state: str
    hourly_p95: list[float | None]


@dataclass
class StatusReading:
    generated_at: int
    routes: list[RouteReading]
    overall: str


def tallies_by_slot(
    rows: Sequence[dict[str, Any]], rule: FailureRule
) -> dict[tuple[int, int], Tally]:
    found: dict[tuple[int, int], Tally] = {}
    for row in rows:
        found.setdefault((int(row["route_id"]), int(row["slot"])), Tally()).add_row(row, rule)
    return found


def read_status(
    connection: Connection,
    routes: Sequence[StatusRouteRow],
    now: float,
    rule: FailureRule,
    major_below: float,
) -> StatusReading:
    """Two grouped queries (per day over 90 days, per hour over 24 hours) for every route."""
    ids = [route.id for route in routes]
    today = int(now) // DAY * DAY
    this_hour = int(now) // HOUR * HOUR
    first_day = today - (DAYS_SHOWN - 1) * DAY
    first_hour = this_hour - (HOURS_SHOWN - 1) * HOUR
    daily = tallies_by_slot(series(connection, first_day, today + DAY, DAY, ids), rule)
    hourly = tallies_by_slot(series(connection, first_hour, this_hour + HOUR, HOUR, ids), rule)
    readings: list[RouteReading] = []
    for route in routes:
        days = [
            _square(daily.get((route.id, first_day + i * DAY)), first_day + i * DAY, major_below)
            for i in range(DAYS_SHOWN)
        ]
        hour_tallies = [
            hourly.get((route.id, first_hour + i * HOUR)) or Tally() for i in range(HOURS_SHOWN)
        ]
        hours = [
            _square(tally, first_hour + i * HOUR, major_below)
            for i, tally in enumerate(hour_tallies)
        ]
        last_day = Tally()
        for tally in hour_tallies:
            last_day.add(tally)
        uptime = {"24h": last_day.success_rate}
        for label, count in UPTIME_WINDOWS[1:]:
            window = Tally()
            for offset in range(count):
                window.add(daily.get((route.id, today - offset * DAY)) or Tally())
            uptime[label] = window.success_rate
        current = next((s.state for s in reversed(hours) if s.state != "nodata"), "nodata")
        readings.append(
            RouteReading(
                route.id,
                route.rule,
                route.name,
                route.doc,
                days,
                hours,
                uptime,
                last_day,
                current,
                [tally.p95_ms for tally in hour_tallies],
            )
        )
    worst = max((r.current_state for r in readings), key=STATE_RANK.__getitem__, default="nodata")
    return StatusReading(int(now), readings, worst)


def _square(tally: Tally | None, start: int, major_below: float) -> Square:
    if tally is None:
        return Square(start, 0, 0, None, "nodata")
    rate = tally.success_rate
    return Square(start, tally.requests, tally.failures, rate, state_of(rate, major_below))


def overall_state(worst_route_state: str, ongoing: Sequence[Any], now: datetime) -> str:
    """The headline: an open incident's impact first, then maintenance in progress, then
    the worst current state of any route."""
    started = [item for item in ongoing if item.started_at <= now]
    impacts = {item.impact for item in started if item.kind != "maintenance"}
    if "major" in impacts:
        return "major"
    if impacts:
        return "partial"
    if any(item.kind == "maintenance" for item in started):
        return "maintenance"
    return worst_route_state


def sparkline_points(values: Sequence[float | None], width: int = 120, height: int = 24) -> str:
    """SVG polyline points for a small latency chart (numbers only, so safe to inline)."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    top = max(known) or 1.0
    step = width / max(len(values) - 1, 1)
    points = []
    for index, value in enumerate(values):
        if value is not None:
            y = height - (value / top) * (height - 2) - 1
            points.append(f"{index * step:.1f},{y:.1f}")
    return " ".join(points)
