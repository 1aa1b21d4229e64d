"""The ``history.prune`` system job: alert history older than ALERT_HISTORY_DAYS (see
``alerts.pruning``) and report runs older than REPORT_HISTORY_DAYS, with their deliveries
and stored images, are deleted once a day. A run still sending or waiting for a retry is
kept. Deleted in small batches, each its own short write transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from gaugeboard.alerts.pruning import BATCH, prune_alert_history
from gaugeboard.jobs.builtin import SystemSchedule
from gaugeboard.jobs.context import JobContext
from gaugeboard.jobs.registry import JobFunction, JobRegistry, JobType, RetryPolicy
from gaugeboard.reports.images import ReportImages
from gaugeboard.store import reports as store
from gaugeboard.store.database import Database, begin_write
from gaugeboard.store.types import utcnow

PRUNE = "history.prune"
PRUNE_EVERY_SECONDS = 86400


def prune_report_history(
    database: Database, images: ReportImages, days: int, now: datetime
) -> dict[str, int]:
    """Delete the runs that began more than ``days`` ago (0: none), their deliveries and
    images; how many runs."""
    deleted = 0
    if days <= 0:
        return {"runs_deleted": 0}
    before = now - timedelta(days=days)
    while True:
        with database.sessions() as db:
            ids = store.prunable_runs(db, before, BATCH)
            if ids:
                begin_write(db)
                store.delete_runs(db, ids)
                db.commit()
        for run_id in ids:
            images.forget(run_id)
        deleted += len(ids)
        if len(ids) < BATCH:
            break
    return {"runs_deleted": deleted}


def prune_history(
    database: Database, images: ReportImages, settings: Mapping[str, Any], now: datetime
) -> dict[str, int]:
    """Both prunings with the settings' retention; the counts of each."""
    counts = prune_alert_history(database, int(settings["ALERT_HISTORY_DAYS"]), now)
    counts.update(prune_report_history(database, images, int(settings["REPORT_HISTORY_DAYS"]), now))
    return counts


def _prune_with(
    database: Database, images: ReportImages, settings: Mapping[str, Any]
) -> JobFunction:
    def prune(context: JobContext, _arguments: Any) -> dict[str, Any]:
        context.progress(0, 0, "deleting old alert and report history")
        return dict(prune_history(database, images, settings, utcnow()))

    return prune


def register_prune_job(
    registry: JobRegistry, database: Database, images: ReportImages, settings: Mapping[str, Any]
) -> list[SystemSchedule]:
    """Register ``history.prune``; its daily system schedule unless both retentions are 0."""
    registry.register(
        JobType(
            PRUNE,
            "Delete old alert evaluations and report runs",
            _prune_with(database, images, settings),
            time_limit_seconds=1800,
            retry=RetryPolicy(attempts=1),
            concurrency=1,
            system=True,
        )
    )
    keeps = int(settings["ALERT_HISTORY_DAYS"]) or int(settings["REPORT_HISTORY_DAYS"])
    return [SystemSchedule(PRUNE, PRUNE, PRUNE_EVERY_SECONDS)] if keeps else []
