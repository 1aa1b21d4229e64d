"""Schedules and runs as the API answers them (plain dicts the schemas describe)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gaugeboard.store.job_models import JobRun, JobSchedule
from gaugeboard.store.types import iso_utc


def run_out(run: JobRun) -> dict[str, Any]:
    duration = None
    if run.started_at is not None and run.ended_at is not None:
        duration = round((run.ended_at - run.started_at).total_seconds(), 3)
    return {
        "id": run.id,
        "job_type": run.job_type,
        "arguments": dict(run.arguments or {}),
        "schedule_id": run.schedule_id,
        "due_at": iso_utc(run.due_at),
        "state": run.state,
        "attempt": run.attempt,
        "max_attempts": run.max_attempts,
        "queued_at": iso_utc(run.queued_at),
        "started_at": iso_utc(run.started_at),
        "ended_at": iso_utc(run.ended_at),
        "duration_seconds": duration,
        "worker": run.worker,
        "triggered_by": run.triggered_by,
        "cancel_requested": run.cancel_requested,
        "error": run.error,
        "result": dict(run.result or {}),
        "progress": {
            "done": run.progress_done,
            "total": run.progress_total,
            "message": run.progress_message,
        },
    }


def schedule_out(
    schedule: JobSchedule, last: JobRun | None, owners: Mapping[int, str]
) -> dict[str, Any]:
    return {
        "id": schedule.id,
        "name": schedule.name,
        "job_type": schedule.job_type,
        "arguments": dict(schedule.arguments or {}),
        "target_kind": schedule.target_kind,
        "target_id": schedule.target_id,
        "cron": schedule.cron,
        "every_seconds": schedule.every_seconds,
        "timezone": schedule.timezone,
        "catch_up": schedule.catch_up,
        "paused": schedule.paused,
        "system": schedule.system,
        "next_run": None if schedule.paused else iso_utc(schedule.next_due_at),
        "last_run": run_out(last) if last is not None else None,
        "owner": owners.get(schedule.owner_id) if schedule.owner_id is not None else None,
    }
