"""Everything the status page, its JSON and its feed read, gathered in one place."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.monitor.readings import (
    StatusReading,
    overall_state,
    read_status,
)
from gaugeboard.monitor.status_monitor import StatusMonitor
from gaugeboard.store.status_incidents import ongoing
from gaugeboard.store.status_models import StatusIncident
from gaugeboard.store.status_routes import StatusRouteRow, list_routes
from gaugeboard.store.types import iso_utc


@dataclass
class StatusPage:
    reading: StatusReading
    overall: str
    ongoing: list[StatusIncident]
    rules: dict[int, str]
    now: datetime


def shown_routes(db: Session, monitor: StatusMonitor) -> list[StatusRouteRow]:
    """Routes monitored now (the database may remember routes the app no longer has)."""
    if monitor.sync_routes_changed():
        # The routes were written on another connection; a SQLite read transaction begun
        # earlier in this request (to look up the caller) would not see them.
        db.commit()
    current = set(monitor.route_infos())
    return [r for r in list_routes(db.connection()) if r.rule in current]


def all_route_rules(db: Session) -> dict[int, str]:
    return {r.id: r.rule for r in list_routes(db.connection(), include_hidden=True)}


def gather(db: Session, monitor: StatusMonitor, major_below: float) -> StatusPage:
    now_seconds = time.time()
    now = datetime.fromtimestamp(now_seconds, UTC)
    routes = shown_routes(db, monitor)
    reading = read_status(
        db.connection(), routes, now_seconds, monitor.settings.failure_rule, major_below
    )
    current = ongoing(db, now)
    return StatusPage(
        reading, overall_state(reading.overall, current, now), current, all_route_rules(db), now
    )


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def route_json(route: Any) -> dict[str, Any]:
    day = route.last_day
    return {
        "rule": route.rule,
        "name": route.name,
        "doc": route.doc,
        "state": route.current_state,
        "uptime": {label: _rate(rate) for label, rate in route.uptime.items()},
        "requests_24h": day.requests,
        "failures_24h": day.failures,
        "client_errors_24h": day.client_errors,
        "error_rate_24h": _rate(day.error_rate),
        "bytes_24h": day.bytes,
        "latency_ms_24h": {
            "p50": _ms(day.percentile_ms(0.5)),
            "p95": _ms(day.percentile_ms(0.95)),
            "p99": _ms(day.percentile_ms(0.99)),
        },
        "days": [_square_json(s, s.day_label) for s in route.days],
        "hours": [
            _square_json(s, iso_utc(datetime.fromtimestamp(s.start, UTC))) for s in route.hours
        ],
    }


def _square_json(square: Any, label: str | None) -> dict[str, Any]:
    return {
        "start": label,
        "requests": square.requests,
        "failures": square.failures,
        "success_rate": _rate(square.success_rate),
        "state": square.state,
    }
