"""One tick of scheduling, run by every process that runs jobs: turn due schedules into
queued runs (each due time once: the schedule row is locked while its next due time moves
on, and the unique (schedule, due time) key refuses a second insert), and take back runs
whose worker stopped beating (retried per the type's policy, or ended)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gaugeboard.jobs.environment import JobEnvironment
from gaugeboard.jobs.timing import next_due, slot_to_run
from gaugeboard.store import job_runs, job_schedules
from gaugeboard.store.database import begin_write
from gaugeboard.store.job_models import JobRun, JobSchedule

log = logging.getLogger(__name__)
SCHEDULES_PER_TICK = 100


@dataclass
class TickReport:
    queued: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)


def _queue_slot(
    env: JobEnvironment, db: Session, schedule: JobSchedule, now: datetime
) -> int | None:
    assert schedule.next_due_at is not None
    due, following = slot_to_run(
        schedule.cron,
        schedule.every_seconds,
        schedule.timezone,
        schedule.next_due_at,
        now,
        schedule.catch_up,
    )
    schedule.next_due_at = following
    job_type = env.registry.get(schedule.job_type)
    if job_type is None:
        log.warning(
            "schedule %r names unknown job type %r; skipped", schedule.name, schedule.job_type
        )
        return None
    run = JobRun(
        job_type=schedule.job_type,
        arguments=dict(schedule.arguments),
        schedule_id=schedule.id,
        due_at=due,
        target_kind=schedule.target_kind,
        target_id=schedule.target_id,
        max_attempts=job_type.retry.attempts,
        queued_at=now,
        not_before=now,
        triggered_by="schedule",
    )
    try:
        with db.begin_nested():
            job_runs.add(db, run)
    except IntegrityError:
        return None  # another process queued this due time first
    return run.id


def queue_due(env: JobEnvironment, now: datetime, report: TickReport) -> None:
    with env.database.sessions() as db:
        begin_write(db)
        for schedule in job_schedules.due_for_update(db, now, SCHEDULES_PER_TICK):
            run_id = _queue_slot(env, db, schedule, now)
            if run_id is not None:
                report.queued.append(run_id)
        db.commit()


def reap(env: JobEnvironment, now: datetime, report: TickReport) -> None:
    """Runs whose worker died (no heartbeat for ``stale_after_seconds``) are retried per
    their policy or failed; runs far past their deadline are timed out."""
    cutoff = now - timedelta(seconds=env.stale_after_seconds)
    with env.database.sessions() as db:
        begin_write(db)
        for run in job_runs.stale(db, cutoff, now):
            if run.deadline_at is not None and run.deadline_at < cutoff:
                job_runs.force_end(db, run.id, "timed_out", now, "the run passed its time limit")
                report.ended.append(run.id)
                continue
            seen = run.heartbeat_at.isoformat(timespec="seconds") if run.heartbeat_at else "start"
            error = (
                f"attempt {run.attempt}: the worker {run.worker} stopped answering "
                f"(last heartbeat {seen})"
            )
            if run.cancel_requested:  # a cancelled run is not tried again
                job_runs.force_end(db, run.id, "cancelled", now, error)
                report.ended.append(run.id)
            elif run.attempt < run.max_attempts:
                job_type = env.registry.get(run.job_type)
                wait = job_type.retry.delay_after(run.attempt) if job_type else 0.0
                job_runs.requeue(db, run.id, None, now + timedelta(seconds=wait), error)
                report.retried.append(run.id)
            else:
                job_runs.force_end(db, run.id, "failed", now, error)
                report.ended.append(run.id)
        db.commit()


def first_due(
    cron: str | None, every_seconds: int | None, timezone: str, now: datetime
) -> datetime:
    """The first due time of a new or changed schedule."""
    return next_due(cron, every_seconds, timezone, now)
