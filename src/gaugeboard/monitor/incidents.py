"""Automatic incidents: opened when a route's failure rate over a window passes a
threshold, closed when it recovers; maintenance windows suppress opening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.failure_rule import FailureRule
from gaugeboard.monitor.counters import MINUTE
from gaugeboard.store.database import begin_write
from gaugeboard.store.status_incidents import (
    AUTOMATIC,
    add_incident,
    add_update,
    maintenance_at,
    open_automatic,
)
from gaugeboard.store.status_models import StatusIncident, StatusRoute
from gaugeboard.store.status_rollups import totals


@dataclass(frozen=True)
class IncidentRules:
    window_minutes: int
    open_rate: float
    close_rate: float
    min_requests: int
    major_below: float

    @classmethod
    def from_settings(cls, settings: Any) -> IncidentRules:
        return cls(
            window_minutes=settings["STATUS_INCIDENT_WINDOW_MINUTES"],
            open_rate=settings["STATUS_INCIDENT_OPEN_RATE"],
            close_rate=settings["STATUS_INCIDENT_CLOSE_RATE"],
            min_requests=settings["STATUS_INCIDENT_MIN_REQUESTS"],
            major_below=settings["STATUS_MAJOR_OUTAGE_BELOW"],
        )


@dataclass(frozen=True)
class IncidentChange:
    """An incident that opened or closed during one evaluation (for webhooks)."""

    event: str  # "incident.opened" or "incident.resolved"
    incident_id: int
    title: str
    impact: str
    rule: str
    failure_rate: float
    requests: int
    at: datetime


@dataclass(frozen=True)
class WindowCounts:
    requests: int
    failures: int

    @property
    def failure_rate(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


def window_counts(
    db: Session, at: float, window_minutes: int, rule: FailureRule
) -> dict[int, WindowCounts]:
    """Requests and failures per route over the last ``window_minutes`` whole minutes
    (and the current one)."""
    current = int(at) // MINUTE * MINUTE
    since = current - window_minutes * MINUTE
    counts: dict[int, list[int]] = {}
    for row in totals(db.connection(), since, current + MINUTE):
        slot = counts.setdefault(row["route_id"], [0, 0])
        slot[0] += int(row["count"])
        if rule.is_failure(int(row["status"])):
            slot[1] += int(row["count"])
    return {route: WindowCounts(total, failed) for route, (total, failed) in counts.items()}


def evaluate_incidents(
    db: Session, at: float, failure_rule: FailureRule, rules: IncidentRules
) -> list[IncidentChange]:
    """Open and close automatic incidents; commits. Returns what changed."""
    begin_write(db)
    moment = datetime.fromtimestamp(at, UTC)
    windows = window_counts(db, at, rules.window_minutes, failure_rule)
    open_now = open_automatic(db)
    maintenance = maintenance_at(db, moment)
    everywhere = any(window.route_id is None for window in maintenance)
    in_maintenance = {window.route_id for window in maintenance}
    changes: list[IncidentChange] = []
    for route_id, window in windows.items():
        incident = open_now.get(route_id)
        if incident is None:
            if everywhere or route_id in in_maintenance:
                continue
            if window.requests >= rules.min_requests and window.failure_rate >= rules.open_rate:
                changes.append(_open(db, route_id, window, rules, moment))
        elif window.requests and window.failure_rate <= rules.close_rate:
            changes.append(_close(db, incident, window, moment))
    db.commit()
    return changes


def _route(db: Session, route_id: int) -> StatusRoute:
    route = db.get(StatusRoute, route_id)
    assert route is not None
    return route


def _open(
    db: Session, route_id: int, window: WindowCounts, rules: IncidentRules, at: datetime
) -> IncidentChange:
    route = _route(db, route_id)
    percent = round(window.failure_rate * 100, 1)
    impact = "major" if 1 - window.failure_rate < rules.major_below else "minor"
    incident = add_incident(
        db,
        kind=AUTOMATIC,
        title=f"{route.name}: {percent}% of requests failing",
        impact=impact,
        started_at=at,
        ended_at=None,
        route_id=route_id,
        author="gaugeboard",
        status="investigating",
        body=(
            f"{window.failures} of {window.requests} requests to `{route.rule}` failed in "
            f"the last {rules.window_minutes} minutes."
        ),
    )
    return _change("incident.opened", incident, route, window, at)


def _close(
    db: Session, incident: StatusIncident, window: WindowCounts, at: datetime
) -> IncidentChange:
    route = _route(db, incident.route_id or 0)
    incident.ended_at = at
    add_update(
        db,
        incident,
        "resolved",
        f"Recovered: {window.failures} of {window.requests} requests failed in the window.",
        "gaugeboard",
        at,
    )
    return _change("incident.resolved", incident, route, window, at)


def _change(
    event: str, incident: StatusIncident, route: StatusRoute, window: WindowCounts, at: datetime
) -> IncidentChange:
    return IncidentChange(
        event=event,
        incident_id=incident.id,
        title=incident.title,
        impact=incident.impact,
        rule=route.rule,
        failure_rate=window.failure_rate,
        requests=window.requests,
        at=at,
    )
