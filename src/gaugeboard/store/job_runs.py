"""Queries of job runs: adding, claiming, heartbeats, ending, and finding runs whose worker
stopped answering. Every change of state is a conditional UPDATE on the row's current state
(and its worker), so two workers can never both move a run: the second one's update
matches no row. The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from gaugeboard.store.job_models import JobRun

FINAL_STATES = ("succeeded", "failed", "cancelled", "timed_out")
STATES = ("queued", "running", *FINAL_STATES)


def _changed(result: Any) -> int:
    return int(result.rowcount)


def add(db: Session, run: JobRun) -> JobRun:
    db.add(run)
    db.flush()
    return run


def by_id(db: Session, run_id: int) -> JobRun | None:
    return db.get(JobRun, run_id, populate_existing=True)


def running_counts(db: Session) -> dict[str, int]:
    """How many runs of each type are running now, on every worker."""
    rows = db.execute(
        select(JobRun.job_type, func.count())
        .where(JobRun.state == "running")
        .group_by(JobRun.job_type)
    ).all()
    return {job_type: int(count) for job_type, count in rows}


def ready(
    db: Session, now: datetime, limit: int, undispatched_since: datetime | None = None
) -> Sequence[JobRun]:
    """Queued runs whose time has come, oldest first, locked (SKIP LOCKED on PostgreSQL).
    ``undispatched_since``: only runs never handed to a broker, or handed before then."""
    query = select(JobRun).where(
        JobRun.state == "queued", JobRun.not_before <= now, JobRun.cancel_requested.is_(False)
    )
    if undispatched_since is not None:
        query = query.where(
            JobRun.dispatched_at.is_(None) | (JobRun.dispatched_at < undispatched_since)
        )
    query = query.order_by(JobRun.not_before, JobRun.id).limit(limit)
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.scalars(query).all()


def mark_dispatched(db: Session, run_id: int, now: datetime) -> None:
    db.execute(update(JobRun).where(JobRun.id == run_id).values(dispatched_at=now))


def clear_dispatch(db: Session, run_id: int) -> None:
    """Hand the run out again on a later tick (its worker found no room for it)."""
    db.execute(update(JobRun).where(JobRun.id == run_id).values(dispatched_at=None))


def claim(db: Session, run_id: int, worker: str, now: datetime, deadline: datetime) -> bool:
    """Queued → running for ``worker``; False when another worker took it first, it was
    cancelled, or its retry time has not come."""
    return bool(
        _changed(
            db.execute(
                update(JobRun)
                .where(
                    JobRun.id == run_id,
                    JobRun.state == "queued",
                    JobRun.not_before <= now,
                    JobRun.cancel_requested.is_(False),
                )
                .values(
                    state="running",
                    worker=worker,
                    attempt=JobRun.attempt + 1,
                    started_at=now,
                    ended_at=None,
                    heartbeat_at=now,
                    deadline_at=deadline,
                    progress_done=0,
                    progress_total=0,
                    progress_message="",
                )
            )
        )
    )


def _owned(run_id: int, worker: str) -> list[ColumnElement[bool]]:
    return [JobRun.id == run_id, JobRun.state == "running", JobRun.worker == worker]


@dataclass(frozen=True)
class Beat:
    """What a heartbeat learned: whether the run is still this worker's, and cancelled."""

    owned: bool
    cancel_requested: bool


def heartbeat(
    db: Session, run_id: int, worker: str, now: datetime, done: int, total: int, message: str
) -> Beat:
    owned = _changed(
        db.execute(
            update(JobRun)
            .where(*_owned(run_id, worker))
            .values(
                heartbeat_at=now, progress_done=done, progress_total=total, progress_message=message
            )
        )
    )
    cancelled = db.scalar(select(JobRun.cancel_requested).where(JobRun.id == run_id))
    return Beat(owned=bool(owned), cancel_requested=bool(cancelled))


def end(
    db: Session, run_id: int, worker: str, state: str, now: datetime, values: Mapping[str, Any]
) -> bool:
    """Running → a final state, only while ``worker`` still owns the run."""
    return bool(
        _changed(
            db.execute(
                update(JobRun)
                .where(*_owned(run_id, worker))
                .values(state=state, ended_at=now, heartbeat_at=now, **values)
            )
        )
    )


def requeue(db: Session, run_id: int, worker: str | None, not_before: datetime, error: str) -> bool:
    """Running → queued again for its next attempt (``worker`` None: whoever held it).
    False for a run whose cancel was asked: claims skip it, so queued it would wait forever."""
    conditions = [
        JobRun.id == run_id,
        JobRun.state == "running",
        JobRun.cancel_requested.is_(False),
    ]
    if worker is not None:
        conditions.append(JobRun.worker == worker)
    return bool(
        _changed(
            db.execute(
                update(JobRun)
                .where(*conditions)
                .values(
                    state="queued",
                    worker=None,
                    not_before=not_before,
                    error=error[:1000],
                    dispatched_at=None,
                )
            )
        )
    )


def stale(db: Session, heartbeat_before: datetime, now: datetime) -> Sequence[JobRun]:
    """Running runs whose worker stopped beating, or that passed their deadline."""
    query = select(JobRun).where(
        JobRun.state == "running",
        (JobRun.heartbeat_at < heartbeat_before) | (JobRun.deadline_at < heartbeat_before),
    )
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.scalars(query).all()


def force_end(db: Session, run_id: int, state: str, now: datetime, error: str) -> bool:
    """Running → final, whoever held it (the reaper, for a worker that is gone)."""
    return bool(
        _changed(
            db.execute(
                update(JobRun)
                .where(JobRun.id == run_id, JobRun.state == "running")
                .values(state=state, ended_at=now, error=error[:1000])
            )
        )
    )


def request_cancel(db: Session, run_id: int, now: datetime) -> str | None:
    """Cancel: a queued run ends now; a running one is flagged and stops at its next
    progress call. Returns the state after, or None when the run had already ended."""
    if _changed(
        db.execute(
            update(JobRun)
            .where(JobRun.id == run_id, JobRun.state == "queued")
            .values(
                state="cancelled",
                cancel_requested=True,
                ended_at=now,
                error="cancelled before it started",
            )
        )
    ):
        return "cancelled"
    if _changed(
        db.execute(
            update(JobRun)
            .where(JobRun.id == run_id, JobRun.state == "running")
            .values(cancel_requested=True)
        )
    ):
        return "running"
    return None


@dataclass(frozen=True)
class RunFilter:
    states: tuple[str, ...] = ()
    job_types: tuple[str, ...] = ()
    schedule_id: int | None = None
    target_kind: str | None = None
    target_id: str | None = None


def listed(db: Session, which: RunFilter, offset: int, limit: int) -> tuple[Sequence[JobRun], int]:
    """One page of runs, newest first, and how many match."""
    conditions: list[ColumnElement[bool]] = []
    if which.states:
        conditions.append(JobRun.state.in_(which.states))
    if which.job_types:
        conditions.append(JobRun.job_type.in_(which.job_types))
    if which.schedule_id is not None:
        conditions.append(JobRun.schedule_id == which.schedule_id)
    if which.target_kind is not None:
        conditions.append(JobRun.target_kind == which.target_kind)
    if which.target_id is not None:
        conditions.append(JobRun.target_id == which.target_id)
    rows = db.scalars(
        select(JobRun).where(*conditions).order_by(JobRun.id.desc()).offset(offset).limit(limit)
    ).all()
    total = db.scalar(select(func.count()).select_from(JobRun).where(*conditions)) or 0
    return rows, total


def last_of_schedules(db: Session, schedule_ids: Sequence[int]) -> dict[int, JobRun]:
    """The newest run of each schedule."""
    if not schedule_ids:
        return {}
    newest = (
        select(func.max(JobRun.id))
        .where(JobRun.schedule_id.in_(schedule_ids))
        .group_by(JobRun.schedule_id)
    )
    rows = db.scalars(select(JobRun).where(JobRun.id.in_(newest))).all()
    return {row.schedule_id: row for row in rows if row.schedule_id is not None}
