"""Manual incidents and maintenance windows: validated input, stored whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.errors import NotFound, ValidationFailed
from gaugeboard.store.database import begin_write
from gaugeboard.store.status_incidents import (
    MAINTENANCE,
    MANUAL,
    add_incident,
    add_update,
    get_incident,
)
from gaugeboard.store.status_models import StatusIncident, StatusRoute
from gaugeboard.store.types import iso_utc, utcnow

IMPACTS = ("minor", "major")
INCIDENT_STATUSES = ("investigating", "identified", "monitoring", "update", "resolved")
MAINTENANCE_STATUSES = ("scheduled", "in_progress", "update", "completed")
MAX_BODY = 10_000
MAX_TITLE = 200


@dataclass(frozen=True)
class NewIncident:
    kind: str
    title: str
    impact: str
    started_at: datetime
    ended_at: datetime | None
    route: StatusRoute | None
    status: str
    body: str


def _text(body: dict[str, Any], name: str, limit: int, problems: list[str]) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{name}: is required and must be a non-empty string")
        return ""
    if len(value) > limit:
        problems.append(f"{name}: longer than {limit} characters")
    return value.strip()


def _moment(body: dict[str, Any], name: str, problems: list[str]) -> datetime | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(f"{name}: must be an ISO 8601 time or Unix seconds")
        return None
    try:
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                raise ValueError("no time zone")
            return parsed.astimezone(UTC)
        return datetime.fromtimestamp(float(value), UTC)
    except (ValueError, OverflowError, OSError) as exc:
        problems.append(f"{name}: not a valid time ({exc})")
        return None


def _choice(value: Any, name: str, allowed: tuple[str, ...], problems: list[str]) -> str:
    if value not in allowed:
        problems.append(f"{name}: must be one of {', '.join(allowed)}")
        return allowed[0]
    return str(value)


def parse_new_incident(db: Session, body: dict[str, Any]) -> NewIncident:
    """Check every field of a new incident or maintenance window; list all problems."""
    problems: list[str] = []
    kind = _choice(body.get("kind", "incident"), "kind", ("incident", "maintenance"), problems)
    title = _text(body, "title", MAX_TITLE, problems)
    text = body.get("body", "")
    if not isinstance(text, str) or len(text) > MAX_BODY:
        problems.append(f"body: must be a string of at most {MAX_BODY} characters")
        text = ""
    route = None
    if body.get("route") is not None:
        route = db.query(StatusRoute).filter_by(rule=body.get("route")).one_or_none()
        if route is None:
            problems.append(f"route: no monitored route {body.get('route')!r}")
    starts = _moment(body, "starts_at", problems)
    ends = _moment(body, "ends_at", problems)
    if kind == "maintenance":
        impact = "maintenance"
        status = "scheduled"
        if starts is None or ends is None:
            problems.append("starts_at, ends_at: a maintenance window needs both")
        elif ends <= starts:
            problems.append("ends_at: must be after starts_at")
    else:
        impact = _choice(body.get("impact", "minor"), "impact", IMPACTS, problems)
        status = _choice(
            body.get("status", "investigating"), "status", INCIDENT_STATUSES[:-1], problems
        )
        if ends is not None:
            problems.append("ends_at: set by resolving the incident, not when opening it")
    if problems:
        raise ValidationFailed(problems)
    return NewIncident(
        kind=MAINTENANCE if kind == "maintenance" else MANUAL,
        title=title,
        impact=impact,
        started_at=starts or utcnow(),
        ended_at=ends,
        route=route,
        status=status,
        body=text,
    )


def create_incident(db: Session, body: dict[str, Any], author: str) -> StatusIncident:
    """Store a new incident or maintenance window (an admin's call); commits."""
    begin_write(db)
    new = parse_new_incident(db, body)
    incident = add_incident(
        db,
        kind=new.kind,
        title=new.title,
        impact=new.impact,
        started_at=new.started_at,
        ended_at=new.ended_at,
        route_id=new.route.id if new.route is not None else None,
        author=author,
        status=new.status,
        body=new.body,
    )
    db.commit()
    return incident


def find_incident(db: Session, incident_id: int) -> StatusIncident:
    incident = get_incident(db, incident_id)
    if incident is None:
        raise NotFound(f"incident: no incident with id {incident_id}")
    return incident


def post_update(db: Session, incident_id: int, body: dict[str, Any], author: str) -> StatusIncident:
    """Add a Markdown update (an admin's call); status ``resolved`` (or ``completed``) ends
    the incident. Commits."""
    begin_write(db)
    incident = find_incident(db, incident_id)
    problems: list[str] = []
    allowed = MAINTENANCE_STATUSES if incident.kind == MAINTENANCE else INCIDENT_STATUSES
    status = _choice(body.get("status", "update"), "status", allowed, problems)
    text = _text(body, "body", MAX_BODY, problems)
    if problems:
        raise ValidationFailed(problems)
    now = utcnow()
    add_update(db, incident, status, text, author, now)
    if status in {"resolved", "completed"} and (
        incident.ended_at is None or incident.ended_at > now
    ):
        incident.ended_at = now
    db.commit()
    return incident


def incident_state(incident: StatusIncident, now: datetime) -> str:
    if incident.kind == MAINTENANCE:
        if incident.started_at > now:
            return "scheduled"
        if incident.ended_at is not None and incident.ended_at <= now:
            return "completed"
        return "in_progress"
    return "resolved" if incident.ended_at is not None else "open"


def describe_incident(
    incident: StatusIncident, rules: dict[int, str], now: datetime
) -> dict[str, Any]:
    return {
        "id": incident.id,
        "kind": incident.kind,
        "title": incident.title,
        "impact": incident.impact,
        "state": incident_state(incident, now),
        "route": rules.get(incident.route_id) if incident.route_id is not None else None,
        "started_at": iso_utc(incident.started_at),
        "ended_at": iso_utc(incident.ended_at),
        "created_by": incident.created_by,
        "updates": [
            {
                "id": update.id,
                "status": update.status,
                "body": update.body,
                "author": update.author,
                "created_at": iso_utc(update.created_at),
            }
            for update in incident.updates
        ],
    }
