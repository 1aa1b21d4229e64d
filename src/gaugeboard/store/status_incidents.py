"""SQL of incidents and maintenance windows and their Markdown updates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gaugeboard.store.status_models import StatusIncident, StatusIncidentUpdate

AUTOMATIC = "automatic"
MANUAL = "manual"
MAINTENANCE = "maintenance"


def open_automatic(db: Session) -> dict[int, StatusIncident]:
    """Open automatic incidents by route id."""
    found = db.scalars(
        select(StatusIncident).where(
            StatusIncident.kind == AUTOMATIC, StatusIncident.ended_at.is_(None)
        )
    )
    return {incident.route_id: incident for incident in found if incident.route_id is not None}


def maintenance_at(db: Session, at: datetime) -> list[StatusIncident]:
    """Maintenance windows in progress at ``at``."""
    return list(
        db.scalars(
            select(StatusIncident).where(
                StatusIncident.kind == MAINTENANCE,
                StatusIncident.started_at <= at,
                or_(StatusIncident.ended_at.is_(None), StatusIncident.ended_at > at),
            )
        )
    )


def ongoing(db: Session, at: datetime) -> list[StatusIncident]:
    """Incidents not yet resolved, and maintenance not yet over, newest first."""
    return list(
        db.scalars(
            select(StatusIncident)
            .where(or_(StatusIncident.ended_at.is_(None), StatusIncident.ended_at > at))
            .order_by(StatusIncident.started_at.desc(), StatusIncident.id.desc())
        )
    )


def page_of_incidents(db: Session, limit: int, offset: int) -> tuple[list[StatusIncident], int]:
    total = db.scalar(select(func.count()).select_from(StatusIncident)) or 0
    items = db.scalars(
        select(StatusIncident)
        .order_by(StatusIncident.started_at.desc(), StatusIncident.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(items), int(total)


def get_incident(db: Session, incident_id: int) -> StatusIncident | None:
    return db.get(StatusIncident, incident_id)


def add_incident(
    db: Session,
    *,
    kind: str,
    title: str,
    impact: str,
    started_at: datetime,
    ended_at: datetime | None,
    route_id: int | None,
    author: str,
    status: str,
    body: str,
) -> StatusIncident:
    incident = StatusIncident(
        kind=kind,
        title=title,
        impact=impact,
        started_at=started_at,
        ended_at=ended_at,
        route_id=route_id,
        created_by=author,
    )
    incident.updates.append(
        StatusIncidentUpdate(status=status, body=body, author=author, created_at=started_at)
    )
    db.add(incident)
    db.flush()
    return incident


def add_update(
    db: Session, incident: StatusIncident, status: str, body: str, author: str, at: datetime
) -> StatusIncidentUpdate:
    update = StatusIncidentUpdate(status=status, body=body, author=author, created_at=at)
    incident.updates.append(update)
    db.flush()
    return update
