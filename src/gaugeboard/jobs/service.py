"""Schedules and runs for the API and the jobs page: who may see and change which, every
check before one write transaction, and an activity entry with each change.

Admins manage every schedule and run. Editors manage schedules and runs of job types that
point at a target (a dashboard, later a data set or notebook) which they may change; system
jobs (sealing, status upkeep) and untargeted types are for admins only. A schedule an
editor may not manage answers 404, so its existence does not leak.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.errors import Conflict, Forbidden, GaugeboardError, NotFound, ValidationFailed
from gaugeboard.jobs.environment import JobEnvironment
from gaugeboard.jobs.registry import JobType, checked_arguments
from gaugeboard.jobs.schedule_view import run_out, schedule_out
from gaugeboard.jobs.schemas import RunRequest, ScheduleChange, ScheduleCreate
from gaugeboard.jobs.timing import next_due
from gaugeboard.store import job_runs, job_schedules
from gaugeboard.store.activity import record_activity
from gaugeboard.store.dashboards import owner_names
from gaugeboard.store.database import begin_write, flush_or_conflict
from gaugeboard.store.job_models import JobRun, JobSchedule
from gaugeboard.store.types import utcnow


@dataclass(frozen=True)
class Page:
    offset: int
    limit: int
    number: int

    @classmethod
    def of(cls, number: int, limit: int) -> Page:
        return cls((number - 1) * limit, limit, number)


def _may_manage(
    env: JobEnvironment,
    db: Session,
    actor: Actor,
    job_type: str,
    kind: str | None,
    target: str | None,
    system: bool = False,
) -> bool:
    if actor.is_admin:
        return True
    if system or kind is None or target is None or not actor.role_allows("editor"):
        return False
    found = env.registry.get(job_type)
    check = env.registry.target_check(kind)
    if found is None or found.system or check is None:
        return False
    try:
        check(db, actor, target)
    except GaugeboardError:
        return False
    return True


def _require_editor(actor: Actor) -> None:
    if not actor.role_allows("editor"):
        raise Forbidden("schedules and runs need the editor role")


def _schedule_for(env: JobEnvironment, db: Session, actor: Actor, schedule_id: int) -> JobSchedule:
    _require_editor(actor)
    schedule = job_schedules.by_id(db, schedule_id)
    if schedule is None or not _may_manage(
        env, db, actor, schedule.job_type, schedule.target_kind, schedule.target_id, schedule.system
    ):
        raise NotFound(f"no schedule has the id {schedule_id}")
    return schedule


def _check_type_and_target(
    env: JobEnvironment,
    db: Session,
    actor: Actor,
    job_type: JobType,
    kind: str | None,
    target: str | None,
) -> None:
    """The caller may run ``job_type`` on ``target``: a 400 naming the field when the
    target is missing or unknown, a 403 when it is not theirs to change."""
    if job_type.system and not actor.is_admin:
        raise Forbidden(f"job_type: only admins run the system job {job_type.name!r}")
    if job_type.target_kind is None:
        if kind is not None or target is not None:
            raise ValidationFailed(f"target_id: the job type {job_type.name!r} takes no target")
        if not actor.is_admin:
            raise Forbidden(f"job_type: only admins run {job_type.name!r}")
        return
    if kind is not None and kind != job_type.target_kind:
        raise ValidationFailed(
            f"target_kind: {job_type.name!r} runs on a {job_type.target_kind}, not a {kind}"
        )
    if target is None:
        raise ValidationFailed(
            f"target_id: required: the {job_type.target_kind} {job_type.name!r} runs on"
        )
    check = env.registry.target_check(job_type.target_kind)
    if check is None:
        raise ValidationFailed(f"target_kind: no {job_type.target_kind} targets here")
    check(db, actor, target)


def list_schedules(
    env: JobEnvironment,
    db: Session,
    actor: Actor,
    page: Page,
    target: tuple[str, str] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """The schedules the caller may manage (of one target when ``target`` names a kind and
    an id), one page of them, and how many there are."""
    _require_editor(actor)
    if target is not None:
        rows: Sequence[JobSchedule] = job_schedules.for_target(db, *target)
    else:
        rows, _total = job_schedules.listed(db, 0, 100_000)
    visible = [
        row
        for row in rows
        if _may_manage(env, db, actor, row.job_type, row.target_kind, row.target_id, row.system)
    ]
    chosen = visible[page.offset : page.offset + page.limit]
    last = job_runs.last_of_schedules(db, [row.id for row in chosen])
    owners = _owner_names(db, chosen)
    return [schedule_out(row, last.get(row.id), owners) for row in chosen], len(visible)


def _owner_names(db: Session, rows: list[JobSchedule]) -> Mapping[int, str]:
    return owner_names(db, {row.owner_id for row in rows if row.owner_id is not None})


def schedule_detail(
    env: JobEnvironment, db: Session, actor: Actor, schedule_id: int, page: Page
) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    schedule = _schedule_for(env, db, actor, schedule_id)
    runs, total = job_runs.listed(
        db, job_runs.RunFilter(schedule_id=schedule.id), page.offset, page.limit
    )
    last = (
        runs[0]
        if runs and page.number == 1
        else job_runs.last_of_schedules(db, [schedule.id]).get(schedule.id)
    )
    return (
        schedule_out(schedule, last, _owner_names(db, [schedule])),
        [run_out(run) for run in runs],
        total,
    )


def create_schedule(
    env: JobEnvironment, db: Session, actor: Actor, body: ScheduleCreate
) -> dict[str, Any]:
    _require_editor(actor)
    job_type = env.registry.require(body.job_type)
    _check_type_and_target(env, db, actor, job_type, body.target_kind, body.target_id)
    checked_arguments(job_type, body.arguments)
    now = utcnow()
    begin_write(db)
    if job_schedules.by_name(db, body.name) is not None:
        raise Conflict(f"name: a schedule named {body.name!r} already exists")
    schedule = JobSchedule(
        name=body.name,
        job_type=job_type.name,
        arguments=body.arguments,
        target_kind=job_type.target_kind,
        target_id=body.target_id,
        cron=body.cron,
        every_seconds=body.every_seconds,
        timezone=body.timezone,
        catch_up=body.catch_up,
        paused=body.paused,
        next_due_at=next_due(body.cron, body.every_seconds, body.timezone, now),
        owner_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    db.add(schedule)
    flush_or_conflict(db, f"name: a schedule named {body.name!r} already exists")
    _record(db, actor, "schedule.create", schedule)
    db.commit()
    return schedule_out(schedule, None, _owner_names(db, [schedule]))


def update_schedule(
    env: JobEnvironment, db: Session, actor: Actor, schedule_id: int, change: ScheduleChange
) -> dict[str, Any]:
    begin_write(db)  # before reading: the read and the write are one transaction
    schedule = _schedule_for(env, db, actor, schedule_id)
    given = change.model_fields_set
    if schedule.system and given - {"paused"}:
        raise ValidationFailed("system schedules follow the settings; only paused can change here")
    job_type = env.registry.require(schedule.job_type)
    target = change.target_id if "target_id" in given else schedule.target_id
    if "target_id" in given:
        _check_type_and_target(env, db, actor, job_type, None, target)
    if change.arguments is not None:
        checked_arguments(job_type, change.arguments)
        schedule.arguments = change.arguments
    timing_changed = _apply_timing(schedule, change, given)
    schedule.target_id = target
    now = utcnow()
    if change.paused is not None and change.paused != schedule.paused:
        schedule.paused = change.paused
        timing_changed = timing_changed or not change.paused
    if timing_changed:
        schedule.next_due_at = next_due(
            schedule.cron, schedule.every_seconds, schedule.timezone, now
        )
    schedule.updated_at = now
    begin_write(db)
    flush_or_conflict(db, f"name: a schedule named {schedule.name!r} already exists")
    _record(db, actor, "schedule.update", schedule, {"fields": sorted(given)})
    db.commit()
    return _fresh(db, schedule)


def _apply_timing(schedule: JobSchedule, change: ScheduleChange, given: set[str]) -> bool:
    """Copy the timing and plain fields of ``change``; True when the due times move."""
    if "cron" in given and change.cron is not None:
        schedule.cron, schedule.every_seconds = change.cron, None
    if "every_seconds" in given and change.every_seconds is not None:
        schedule.cron, schedule.every_seconds = None, change.every_seconds
    if change.timezone is not None:
        schedule.timezone = change.timezone
    for field_name in ("name", "catch_up"):
        value = getattr(change, field_name)
        if field_name in given and value is not None:
            setattr(schedule, field_name, value)
    return bool(given & {"cron", "every_seconds", "timezone"})


def _fresh(db: Session, schedule: JobSchedule) -> dict[str, Any]:
    last = job_runs.last_of_schedules(db, [schedule.id]).get(schedule.id)
    return schedule_out(schedule, last, _owner_names(db, [schedule]))


def set_paused(
    env: JobEnvironment, db: Session, actor: Actor, schedule_id: int, paused: bool
) -> dict[str, Any]:
    """Pause, or resume from now: a resumed schedule does not run the slots it missed."""
    return update_schedule(env, db, actor, schedule_id, ScheduleChange(paused=paused))


def delete_schedule(env: JobEnvironment, db: Session, actor: Actor, schedule_id: int) -> None:
    begin_write(db)  # before reading: the read and the write are one transaction
    schedule = _schedule_for(env, db, actor, schedule_id)
    if schedule.system:
        raise Conflict("system schedules follow the settings; pause it, or set its setting to 0")
    begin_write(db)
    _record(db, actor, "schedule.delete", schedule)
    db.delete(schedule)
    db.commit()


def trigger_schedule(env: JobEnvironment, db: Session, actor: Actor, schedule_id: int) -> JobRun:
    """Queue a run of the schedule now (outside its due times; paused or not)."""
    schedule = _schedule_for(env, db, actor, schedule_id)
    job_type = env.registry.require(schedule.job_type)
    return _queue(
        db,
        actor,
        job_type,
        schedule.arguments,
        schedule.target_kind,
        schedule.target_id,
        schedule.id,
    )


def queue_run(env: JobEnvironment, db: Session, actor: Actor, body: RunRequest) -> JobRun:
    _require_editor(actor)
    job_type = env.registry.require(body.job_type)
    _check_type_and_target(env, db, actor, job_type, body.target_kind, body.target_id)
    arguments = checked_arguments(job_type, body.arguments).model_dump(mode="json")
    return _queue(db, actor, job_type, arguments, job_type.target_kind, body.target_id, None)


def _queue(
    db: Session,
    actor: Actor,
    job_type: JobType,
    arguments: Mapping[str, Any],
    kind: str | None,
    target: str | None,
    schedule_id: int | None,
) -> JobRun:
    now = utcnow()
    begin_write(db)
    run = job_runs.add(
        db,
        JobRun(
            job_type=job_type.name,
            arguments=dict(arguments),
            schedule_id=schedule_id,
            target_kind=kind,
            target_id=target,
            max_attempts=job_type.retry.attempts,
            queued_at=now,
            not_before=now,
            triggered_by=(actor.username or "api")[:120],
        ),
    )
    if actor.principal is not None:
        record_activity(
            db,
            actor.principal,
            "job.trigger",
            f"{job_type.name} #{run.id}",
            {"schedule": schedule_id},
        )
    db.commit()
    return run


def _run_for(env: JobEnvironment, db: Session, actor: Actor, run_id: int) -> JobRun:
    _require_editor(actor)
    run = job_runs.by_id(db, run_id)
    if run is None or not _may_manage(
        env, db, actor, run.job_type, run.target_kind, run.target_id, _is_system(env, run.job_type)
    ):
        raise NotFound(f"no job run has the id {run_id}")
    return run


def _is_system(env: JobEnvironment, job_type: str) -> bool:
    found = env.registry.get(job_type)
    return found is None or found.system


def get_run(env: JobEnvironment, db: Session, actor: Actor, run_id: int) -> dict[str, Any]:
    return run_out(_run_for(env, db, actor, run_id))


def cancel_run(env: JobEnvironment, db: Session, actor: Actor, run_id: int) -> dict[str, Any]:
    """A queued run ends as cancelled now; a running one stops at its next progress call.
    An ended run answers 409."""
    begin_write(db)  # before reading: the read and the write are one transaction
    run = _run_for(env, db, actor, run_id)
    begin_write(db)
    after = job_runs.request_cancel(db, run.id, utcnow())
    if after is None:
        db.rollback()
        raise Conflict(f"the run {run_id} already ended ({run.state})")
    if actor.principal is not None:
        record_activity(db, actor.principal, "job.cancel", f"{run.job_type} #{run.id}")
    db.commit()
    found = job_runs.by_id(db, run.id)
    assert found is not None
    return run_out(found)


def list_runs(
    env: JobEnvironment, db: Session, actor: Actor, which: job_runs.RunFilter, page: Page
) -> tuple[list[dict[str, Any]], int]:
    """Runs the caller may see, newest first. Admins page in the database; editors'
    runs are filtered by target after reading (they see few)."""
    _require_editor(actor)
    if actor.is_admin:
        rows, total = job_runs.listed(db, which, page.offset, page.limit)
        return [run_out(row) for row in rows], total
    rows, _ = job_runs.listed(db, which, 0, 10_000)
    visible = [
        row
        for row in rows
        if _may_manage(
            env,
            db,
            actor,
            row.job_type,
            row.target_kind,
            row.target_id,
            _is_system(env, row.job_type),
        )
    ]
    return [run_out(row) for row in visible[page.offset : page.offset + page.limit]], len(visible)


def job_types(env: JobEnvironment, actor: Actor) -> list[dict[str, Any]]:
    _require_editor(actor)
    return [
        {
            "name": kind.name,
            "title": kind.title,
            "target_kind": kind.target_kind,
            "system": kind.system,
            "time_limit_seconds": kind.time_limit_seconds,
            "attempts": kind.retry.attempts,
            "concurrency": kind.concurrency,
            "arguments": kind.arguments.model_json_schema(),
        }
        for kind in env.registry.types()
        if actor.is_admin or (kind.target_kind is not None and not kind.system)
    ]


def _record(
    db: Session,
    actor: Actor,
    action: str,
    schedule: JobSchedule,
    detail: Mapping[str, Any] | None = None,
) -> None:
    if actor.principal is not None:
        record_activity(
            db,
            actor.principal,
            action,
            schedule.name,
            {"job_type": schedule.job_type, **(detail or {})},
        )
