"""The alerts' jobs: ``alerts.evaluate`` (every enabled alert in one pass, every
ALERT_EVALUATE_SECONDS) and ``notify.retry`` (failed deliveries whose retry time has
come, every NOTIFY_RETRY_SECONDS). Both are system jobs: on the jobs page with their
history, run once per due time across every process."""

from __future__ import annotations

from typing import Any

from gaugeboard.alerts.evaluation import Evaluator
from gaugeboard.config import Settings
from gaugeboard.jobs.builtin import SystemSchedule
from gaugeboard.jobs.context import JobContext
from gaugeboard.jobs.registry import JobFunction, JobRegistry, JobType, RetryPolicy
from gaugeboard.notify.service import Notifier

EVALUATE = "alerts.evaluate"
RETRY = "notify.retry"


def _evaluate_with(evaluator: Evaluator) -> JobFunction:
    def evaluate(context: JobContext, _arguments: Any) -> dict[str, Any]:
        context.progress(0, 0, "evaluating alerts")
        report = evaluator.run()
        return {
            "evaluated": report.evaluated,
            "changed": report.changed,
            "notified": report.notified,
            "queries": report.queries,
            "states": report.states,
        }

    return evaluate


def _retry_with(notifier: Notifier) -> JobFunction:
    def retry(_context: JobContext, _arguments: Any) -> dict[str, Any]:
        return notifier.retry_due()

    return retry


def register_alert_jobs(
    registry: JobRegistry, evaluator: Evaluator, settings: Settings
) -> list[SystemSchedule]:
    """Register both job types on a mount's registry; returns their system schedules."""
    registry.register(
        JobType(
            EVALUATE,
            "Evaluate every alert and notify on state changes",
            _evaluate_with(evaluator),
            time_limit_seconds=600,
            retry=RetryPolicy(attempts=1),
            concurrency=1,
            system=True,
        )
    )
    registry.register(
        JobType(
            RETRY,
            "Send failed notifications again",
            _retry_with(evaluator.notifier),
            time_limit_seconds=600,
            retry=RetryPolicy(attempts=1),
            concurrency=1,
            system=True,
        )
    )
    wanted = [SystemSchedule(RETRY, RETRY, int(settings["NOTIFY_RETRY_SECONDS"]))]
    if settings["ALERT_EVALUATE_SECONDS"]:
        wanted.append(SystemSchedule(EVALUATE, EVALUATE, int(settings["ALERT_EVALUATE_SECONDS"])))
    return wanted
