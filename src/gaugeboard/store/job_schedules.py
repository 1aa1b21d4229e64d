"""Queries of job schedules. The caller (``jobs/scheduler.py``, ``jobs/service.py``) owns the
transaction; ``due_for_update`` locks the rows it returns (SKIP LOCKED on PostgreSQL, the
write lock taken by ``begin_write`` on SQLite), so two processes never take the same one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gaugeboard.store.job_models import JobSchedule


def due_for_update(db: Session, now: datetime, limit: int) -> Sequence[JobSchedule]:
    """Schedules due at ``now`` that no other process holds, locked until commit."""
    query = (
        select(JobSchedule)
        .where(
            JobSchedule.paused.is_(False),
            JobSchedule.next_due_at.is_not(None),
            JobSchedule.next_due_at <= now,
        )
        .order_by(JobSchedule.next_due_at, JobSchedule.id)
        .limit(limit)
    )
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.scalars(query).all()


def by_id(db: Session, schedule_id: int, for_update: bool = False) -> JobSchedule | None:
    query = select(JobSchedule).where(JobSchedule.id == schedule_id)
    if for_update and db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return db.scalars(query).first()


def by_name(db: Session, name: str) -> JobSchedule | None:
    return db.scalars(select(JobSchedule).where(JobSchedule.name == name)).first()


def listed(db: Session, offset: int, limit: int) -> tuple[Sequence[JobSchedule], int]:
    """One page of schedules, system ones first then by name, and the total."""
    rows = db.scalars(
        select(JobSchedule)
        .order_by(JobSchedule.system.desc(), JobSchedule.name)
        .offset(offset)
        .limit(limit)
    ).all()
    total = db.scalar(select(func.count()).select_from(JobSchedule)) or 0
    return rows, total


def for_target(db: Session, kind: str, target_id: str) -> Sequence[JobSchedule]:
    return db.scalars(
        select(JobSchedule)
        .where(JobSchedule.target_kind == kind, JobSchedule.target_id == target_id)
        .order_by(JobSchedule.name)
    ).all()


def for_targets(db: Session, kind: str, target_ids: Sequence[str]) -> Sequence[JobSchedule]:
    """The schedules pointing at any of ``target_ids`` of ``kind``, by name."""
    if not target_ids:
        return []
    return db.scalars(
        select(JobSchedule)
        .where(JobSchedule.target_kind == kind, JobSchedule.target_id.in_(list(target_ids)))
        .order_by(JobSchedule.name)
    ).all()


def system_ones(db: Session) -> Sequence[JobSchedule]:
    return db.scalars(select(JobSchedule).where(JobSchedule.system.is_(True))).all()
