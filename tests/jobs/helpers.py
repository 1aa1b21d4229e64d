"""Job types for tests, registered on a test app's own registry, and small catalog reads."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from pydantic import BaseModel, ConfigDict

from gaugeboard.jobs.context import JobContext
from gaugeboard.jobs.registry import JobType, RetryPolicy
from gaugeboard.jobs.runner import JobRunner
from gaugeboard.store import job_runs
from gaugeboard.store.job_models import JobRun, JobSchedule
from gaugeboard.store.types import utcnow
from tests.conftest import state


class Echo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    word: str = "hello"
    fail_times: int = 0


def runner_of(app: Flask) -> JobRunner:
    runner = state(app).jobs
    assert runner is not None
    return runner


def register_echo(app: Flask, **options: Any) -> list[int]:
    """``test.echo``: answers its word; fails its first ``fail_times`` attempts. Returns the
    list of run ids it ran, in order."""
    calls: list[int] = []

    def echo(context: JobContext, arguments: Echo) -> dict[str, Any]:
        calls.append(context.run_id)
        context.progress(1, 1, "said it")
        if context.attempt <= arguments.fail_times:
            raise RuntimeError(f"attempt {context.attempt} fails on purpose")
        return {"said": arguments.word}

    settings = {"retry": RetryPolicy(attempts=3, backoff_seconds=0), **options}
    runner_of(app).env.registry.register(JobType("test.echo", "Echo", echo, Echo, **settings))
    return calls


def register_waiter(app: Flask, release: threading.Event, **options: Any) -> threading.Event:
    """``test.wait``: reports progress until ``release`` is set; the returned event is set
    once it started."""
    started = threading.Event()

    def wait(context: JobContext, _arguments: Any) -> dict[str, Any]:
        started.set()
        step = 0
        while not release.wait(0.02):
            step += 1
            context.progress(step, 0, f"step {step}")
        return {"steps": step}

    runner_of(app).env.registry.register(JobType("test.wait", "Wait", wait, **options))
    return started


def add_schedule(app: Flask, job_type: str, due: datetime, **fields: Any) -> int:
    with state(app).database.sessions() as db:
        schedule = JobSchedule(
            name=fields.pop("name", f"{job_type} schedule"),
            job_type=job_type,
            every_seconds=fields.pop("every_seconds", 60),
            timezone="UTC",
            next_due_at=due,
            **fields,
        )
        db.add(schedule)
        db.commit()
        return schedule.id


def queue(
    app: Flask, job_type: str, arguments: dict[str, Any] | None = None, attempts: int = 1
) -> int:
    with state(app).database.sessions() as db:
        run = job_runs.add(
            db,
            JobRun(
                job_type=job_type,
                arguments=arguments or {},
                max_attempts=attempts,
                triggered_by="test",
            ),
        )
        db.commit()
        return run.id


def run_row(app: Flask, run_id: int) -> JobRun:
    with state(app).database.sessions() as db:
        found = job_runs.by_id(db, run_id)
        assert found is not None
        return found


def runs_of(app: Flask, job_type: str) -> list[JobRun]:
    with state(app).database.sessions() as db:
        rows, _ = job_runs.listed(db, job_runs.RunFilter(job_types=(job_type,)), 0, 1000)
        return list(reversed(rows))


def past(seconds: float = 1) -> datetime:
    return utcnow() - timedelta(seconds=seconds)
