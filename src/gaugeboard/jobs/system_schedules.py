"""Keeps the system schedules in step with the settings when a gaugeboard starts: added,
re-timed or removed, never duplicated when several processes start at once (the name is
unique; the loser of that race finds the row already right)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError

from gaugeboard.jobs.builtin import SystemSchedule
from gaugeboard.jobs.environment import JobEnvironment
from gaugeboard.jobs.timing import next_every
from gaugeboard.store import job_schedules
from gaugeboard.store.database import begin_write
from gaugeboard.store.job_models import JobSchedule
from gaugeboard.store.types import utcnow


def sync_system_schedules(env: JobEnvironment, wanted: Sequence[SystemSchedule]) -> None:
    if _in_step(env, wanted):
        return  # the usual start: one read, and no write lock taken
    try:
        _sync(env, wanted)
    except IntegrityError:
        _sync(env, wanted)  # another process added one at the same moment: read it now


def _in_step(env: JobEnvironment, wanted: Sequence[SystemSchedule]) -> bool:
    """Whether the stored system schedules are exactly ``wanted`` already."""
    with env.database.sessions() as db:
        stored = {row.name: row for row in job_schedules.system_ones(db)}
        return set(stored) == {schedule.name for schedule in wanted} and all(
            stored[schedule.name].every_seconds == schedule.every_seconds
            and not stored[schedule.name].cron
            for schedule in wanted
        )


def _sync(env: JobEnvironment, wanted: Sequence[SystemSchedule]) -> None:
    now = utcnow()
    names = {schedule.name for schedule in wanted}
    with env.database.sessions() as db:
        begin_write(db)
        for old in job_schedules.system_ones(db):
            if old.name not in names:
                db.delete(old)
        for schedule in wanted:
            row = job_schedules.by_name(db, schedule.name)
            if row is None:
                db.add(
                    JobSchedule(
                        name=schedule.name,
                        job_type=schedule.job_type,
                        every_seconds=schedule.every_seconds,
                        timezone="UTC",
                        system=True,
                        next_due_at=next_every(schedule.every_seconds, now),
                    )
                )
            elif row.every_seconds != schedule.every_seconds or row.cron:
                row.every_seconds, row.cron = schedule.every_seconds, None
                row.next_due_at = next_every(schedule.every_seconds, now)
                row.updated_at = now
        db.commit()
