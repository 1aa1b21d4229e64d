"""Manual incidents and maintenance windows: checked input, stored whole or not at all.

``IncidentCreate`` and ``IncidentUpdateCreate`` describe the API's bodies and are the
check, here: a new incident's route is looked up beside its other problems, and an
update's statuses depend on the kind of the incident it updates, so both are checked after
the lookup, every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
)
from sqlalchemy.orm import Session

from gaugeboard.errors import NotFound, ValidationFailed
from gaugeboard.input_checks import checked, checked_part, with_rules, worded
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
ALL_STATUSES = INCIDENT_STATUSES + ("scheduled", "in_progress", "completed")
KINDS = ("incident", "maintenance")
MAX_BODY = 10_000
MAX_TITLE = 200
ENDS_WHEN_RESOLVED = "set by resolving the incident, not when opening it"
# The lists above, spelled out for the type checker (tests/test_openapi.py compares them).
Impact = Literal["minor", "major"]
OpeningStatus = Literal["investigating", "identified", "monitoring", "update"]
UpdateStatus = Literal[
    "investigating",
    "identified",
    "monitoring",
    "update",
    "resolved",
    "scheduled",
    "in_progress",
    "completed",
]


def _one_of(allowed: tuple[str, ...]) -> BeforeValidator:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value

    return BeforeValidator(check)


def _text(limit: int) -> BeforeValidator:
    """Required text, stripped, of at most ``limit`` characters."""

    def check(value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("is required and must be a non-empty string")
        if len(value) > limit:
            raise ValueError(f"longer than {limit} characters")
        return value.strip()

    return BeforeValidator(check)


def _markdown(value: Any) -> Any:
    if not isinstance(value, str) or len(value) > MAX_BODY:
        raise ValueError(f"must be a string of at most {MAX_BODY} characters")
    return value


def _moment(value: Any) -> Any:
    """ISO 8601 with a zone, or Unix seconds, as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("must be an ISO 8601 time or Unix seconds")
    try:
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                raise ValueError("no time zone")
            return parsed.astimezone(UTC)
        return datetime.fromtimestamp(float(value), UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise ValueError(f"not a valid time ({exc})") from None


Moment = Annotated[
    datetime | None,
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]}),
    BeforeValidator(_moment),
]


def _window_rules(data: Any) -> list[tuple[tuple[int | str, ...], str]]:
    """A window's start and end, read from the raw body (so they are said even when a time
    is also wrong)."""
    if not isinstance(data, dict):
        return []
    starts, ends = (_quiet_moment(data.get(name)) for name in ("starts_at", "ends_at"))
    if data.get("kind", "incident") != "maintenance":
        return [] if ends is None else [(("ends_at",), ENDS_WHEN_RESOLVED)]
    if starts is None or ends is None:
        return [(("starts_at, ends_at",), "a maintenance window needs both")]
    return [] if ends > starts else [(("ends_at",), "must be after starts_at")]


def _quiet_moment(value: Any) -> datetime | None:
    try:
        moment: datetime | None = _moment(value)
    except ValueError:
        return None
    return moment


class IncidentCreate(BaseModel):
    """An incident (impact, status) or a maintenance window (starts_at, ends_at)."""

    kind: Annotated[Literal["incident", "maintenance"], _one_of(KINDS)] = "incident"
    title: Annotated[str, Field(min_length=1, max_length=MAX_TITLE), _text(MAX_TITLE)]
    body: Annotated[
        str, Field(max_length=MAX_BODY, description="Markdown"), BeforeValidator(_markdown)
    ] = ""
    route: str | None = Field(None, description="The rule of a monitored route")
    impact: Annotated[Impact, _one_of(IMPACTS)] = "minor"
    status: Annotated[OpeningStatus, _one_of(INCIDENT_STATUSES[:-1])] = "investigating"
    starts_at: Moment = Field(None, description="ISO 8601 or epoch seconds")
    ends_at: Moment = Field(None, description="Maintenance only")

    _words = worded({"missing": "is required and must be a non-empty string"})
    _rules = with_rules(_window_rules)


def _update_status(value: Any, info: ValidationInfo) -> Any:
    """One of the statuses of the incident's kind (given as context), or of any kind."""
    allowed = (info.context or {}).get("statuses", ALL_STATUSES)
    if value not in allowed:
        raise ValueError(f"must be one of {', '.join(allowed)}")
    return value


class IncidentUpdateCreate(BaseModel):
    status: Annotated[
        UpdateStatus,
        Field(description="resolved (or completed) ends it; the kind's own statuses only"),
        BeforeValidator(_update_status),
    ] = "update"
    body: Annotated[
        str, Field(min_length=1, max_length=MAX_BODY, description="Markdown"), _text(MAX_BODY)
    ]

    _words = worded({"missing": "is required and must be a non-empty string"})


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


def parse_new_incident(db: Session, body: dict[str, Any]) -> NewIncident:
    """Check a new incident or maintenance window (``IncidentCreate``) and look up its
    route; every problem is listed at once."""
    problems: list[str] = []
    new = checked_part(IncidentCreate, body, (), problems)
    rule = body.get("route")
    route = None
    if isinstance(rule, str):
        route = db.query(StatusRoute).filter_by(rule=rule).one_or_none()
        if route is None:
            problems.append(f"route: no monitored route {rule!r}")
    if new is None or problems:
        raise ValidationFailed(problems)
    maintenance = new.kind == "maintenance"
    return NewIncident(
        kind=MAINTENANCE if maintenance else MANUAL,
        title=new.title,
        impact="maintenance" if maintenance else new.impact,
        started_at=new.starts_at or utcnow(),
        ended_at=new.ends_at,
        route=route,
        status="scheduled" if maintenance else new.status,
        body=new.body,
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
    """Add a Markdown update (an admin's call), checked by ``IncidentUpdateCreate`` once the
    incident is found (its kind says which statuses it takes); status ``resolved`` (or
    ``completed``) ends the incident. Commits."""
    begin_write(db)
    incident = find_incident(db, incident_id)
    allowed = MAINTENANCE_STATUSES if incident.kind == MAINTENANCE else INCIDENT_STATUSES
    update = checked(IncidentUpdateCreate, body, "body", context={"statuses": allowed})
    now = utcnow()
    add_update(db, incident, update.status, update.body, author, now)
    if update.status in {"resolved", "completed"} and (
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
