"""Queries on notification deliveries; the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gaugeboard.store.alert_models import Delivery
from gaugeboard.store.user_models import Team as Team
from gaugeboard.store.user_models import TeamMember, User


def due_retries(db: Session, now: datetime, limit: int) -> Sequence[Delivery]:
    """Deliveries waiting for another try whose time has come, oldest first."""
    query = (
        select(Delivery)
        .where(Delivery.state == "retrying", Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
    )
    return db.scalars(query).all()


def of_origin(db: Session, origin: str, limit: int) -> Sequence[Delivery]:
    """The newest deliveries sent on behalf of ``origin`` (``alert:12``)."""
    query = (
        select(Delivery).where(Delivery.origin == origin).order_by(Delivery.id.desc()).limit(limit)
    )
    return db.scalars(query).all()


def prunable(db: Session, origin_prefix: str, before: datetime, limit: int) -> list[int]:
    """Deliveries of origins starting with ``origin_prefix`` (``alert:``) created before
    ``before``, except those still waiting for another try."""
    query = (
        select(Delivery.id)
        .where(
            Delivery.origin.startswith(origin_prefix, autoescape=True),
            Delivery.created_at < before,
            Delivery.state != "retrying",
        )
        .order_by(Delivery.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def delete_ids(db: Session, ids: Sequence[int]) -> None:
    db.execute(delete(Delivery).where(Delivery.id.in_(list(ids))))


def team_by_name(db: Session, name: str) -> Team | None:
    return db.scalars(select(Team).where(Team.name == name)).first()


def member_emails(db: Session, team_id: int) -> list[tuple[str, str | None]]:
    """(name, email) of each active member of the team, by name."""
    query = (
        select(User.name, User.email)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id, User.is_active.is_(True))
        .order_by(User.name)
    )
    return [(name, email) for name, email in db.execute(query).all()]
