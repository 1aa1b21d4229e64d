"""Catalog models of background work: leases on named jobs, schedules, and one row per run.
Queries in ``store/job_locks.py``, ``store/job_schedules.py`` and ``store/job_runs.py``.

The unique key on (schedule, due time) is what makes a scheduled run happen once however
many processes or hosts look at the schedule: the second insert of a due time fails.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base
from gaugeboard.store.types import UtcDateTime, utcnow


class JobLock(Base):
    """A lease on a named job, so one process at a time runs it (sealing, compaction)."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class JobSchedule(Base):
    """When a job type runs by itself: a cron expression in a time zone, or every N
    seconds. ``next_due_at`` is the next due time not yet claimed; ``system`` schedules
    belong to gaugeboard itself (sealing, status upkeep) and are kept in step with the
    settings at start."""

    __tablename__ = "job_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    job_type: Mapped[str] = mapped_column(String(100))
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    target_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    target_id: Mapped[str | None] = mapped_column(String(600), nullable=True)
    cron: Mapped[str | None] = mapped_column(String(120), nullable=True)
    every_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    catch_up: Mapped[bool] = mapped_column(Boolean, default=False)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    system: Mapped[bool] = mapped_column(Boolean, default=False)
    next_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class JobRun(Base):
    """One run of a job: queued, then claimed by one worker (``worker`` with a heartbeat),
    then ended in a final state. A retry re-queues the same row with the next attempt, so a
    due time keeps one row and its history of attempts in ``attempt`` and ``error``."""

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("schedule_id", "due_at", name="uq_job_runs_schedule_due"),
        Index("ix_job_runs_state_not_before", "state", "not_before"),
        Index("ix_job_runs_type_queued", "job_type", "queued_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_type: Mapped[str] = mapped_column(String(100))
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    schedule_id: Mapped[int | None] = mapped_column(
        ForeignKey("job_schedules.id", ondelete="SET NULL"), nullable=True, index=True
    )
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    target_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    target_id: Mapped[str | None] = mapped_column(String(600), nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=1)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    worker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    triggered_by: Mapped[str] = mapped_column(String(120), default="schedule")
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str] = mapped_column(String(1000), default="")
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    progress_message: Mapped[str] = mapped_column(String(300), default="")
