"""gaugeboard's own jobs: sealing the event tail and keeping the status rollups. Each is a
system job type with a system schedule derived from the settings, so it shows on the jobs
page with its history like any other, and runs once per due time across all processes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gaugeboard.config import Settings
from gaugeboard.events.sealing_job import SealingJob
from gaugeboard.jobs.context import JobContext
from gaugeboard.jobs.registry import JobRegistry, JobType, RetryPolicy
from gaugeboard.monitor.status_monitor import MAINTAIN_EVERY_SECONDS, StatusMonitor

SEAL = "events.seal"
STATUS = "status.maintain"


@dataclass(frozen=True)
class SystemSchedule:
    name: str
    job_type: str
    every_seconds: int


def _seal_with(sealing: SealingJob) -> Any:
    def seal(_context: JobContext, _arguments: Any) -> dict[str, Any]:
        report = sealing.run_once()
        if report is None:
            return {
                "skipped": "another pass was sealing (another process, `gaugeboard events "
                "seal`, or this process's previous pass still running)"
            }
        return {
            "sealed_rows": report.sealed_rows,
            "segments_written": report.segments_written,
            "segments_compacted": report.segments_compacted,
            "segments_dropped": report.segments_dropped,
            "files_removed": report.files_removed,
        }

    return seal


def _maintain_with(monitor: StatusMonitor) -> Any:
    def maintain(_context: JobContext, _arguments: Any) -> dict[str, Any]:
        report = monitor.maintain()
        if report is None:
            return {"skipped": "another process held the status lease"}
        return {
            "folded_minutes": report.folded_minutes,
            "folded_hours": report.folded_hours,
            "deleted_days": report.deleted_days,
            "incident_changes": len(report.changes),
        }

    return maintain


def register_builtin(
    registry: JobRegistry, sealing: SealingJob, monitor: StatusMonitor | None
) -> None:
    registry.register(
        JobType(
            SEAL,
            "Seal, compact and expire events",
            _seal_with(sealing),
            time_limit_seconds=3600,
            retry=RetryPolicy(attempts=2, backoff_seconds=30),
            concurrency=1,
            system=True,
        )
    )
    if monitor is not None:
        registry.register(
            JobType(
                STATUS,
                "Fold status rollups and evaluate incidents",
                _maintain_with(monitor),
                time_limit_seconds=600,
                retry=RetryPolicy(attempts=1),
                concurrency=1,
                system=True,
            )
        )


def system_schedules(settings: Settings) -> list[SystemSchedule]:
    """The system schedules these settings ask for (a timer set to 0 has none)."""
    wanted = []
    if settings["EVENT_SEAL_SECONDS"]:
        wanted.append(SystemSchedule(SEAL, SEAL, int(settings["EVENT_SEAL_SECONDS"])))
    if settings["STATUS_ENABLED"]:
        wanted.append(SystemSchedule(STATUS, STATUS, MAINTAIN_EVERY_SECONDS))
    return wanted
