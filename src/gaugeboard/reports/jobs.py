"""The ``reports.send`` system job: every REPORT_CHECK_SECONDS, send each report whose
cron time has come (claimed by one process), take up again the runs whose drawing
failed (when their next try has come) or whose sender died mid-send (past its lease), then
delete the images of runs whose link has expired. On the jobs page with its history, run
once per due time across processes. Failed deliveries are tried again by notify's
``notify.retry`` job."""

from __future__ import annotations

from typing import Any

from gaugeboard.config import Settings
from gaugeboard.jobs.builtin import SystemSchedule
from gaugeboard.jobs.context import JobContext
from gaugeboard.jobs.registry import JobFunction, JobRegistry, JobType, RetryPolicy
from gaugeboard.reports.pruning import register_prune_job
from gaugeboard.reports.sending import ReportSender

SEND = "reports.send"


def _send_with(sender: ReportSender) -> JobFunction:
    def send(context: JobContext, _arguments: Any) -> dict[str, Any]:
        context.progress(0, 0, "sending the reports that are due")
        counts: dict[str, Any] = dict(sender.run_due())
        counts.update(sender.resume_due())
        counts["images_deleted"] = sender.forget_expired()
        return counts

    return send


def register_report_jobs(
    registry: JobRegistry, sender: ReportSender, settings: Settings
) -> list[SystemSchedule]:
    """Register ``reports.send`` on a mount's registry, with its system schedule unless
    REPORT_CHECK_SECONDS is 0, and ``history.prune`` (see ``pruning``)."""
    registry.register(
        JobType(
            SEND,
            "Send the scheduled reports that are due",
            _send_with(sender),
            time_limit_seconds=1800,
            retry=RetryPolicy(attempts=1),
            concurrency=1,
            system=True,
        )
    )
    every = int(settings["REPORT_CHECK_SECONDS"])
    wanted = [SystemSchedule(SEND, SEND, every)] if every else []
    database = sender.notifier.database
    return wanted + register_prune_job(registry, database, sender.images, settings.values)
