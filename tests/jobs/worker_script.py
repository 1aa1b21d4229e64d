"""A jobs worker process for the tests: the standalone app built from the environment (the
test's catalog and settings), the test job types below registered on its registry, then the
same ``run_worker`` that ``gaugeboard worker`` runs. Started as
``python -m tests.jobs.worker_script`` from the repository root (tests/jobs/worker_processes.py).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from pydantic import BaseModel, ConfigDict

from gaugeboard.app import create_app
from gaugeboard.jobs.context import JobContext
from gaugeboard.jobs.registry import JobRegistry, JobType, RetryPolicy
from gaugeboard.jobs.worker import run_worker
from gaugeboard.state import EXTENSION_KEY, GaugeboardState
from gaugeboard.store import job_runs

RECORD = "test.record"
SLOW = "test.slow"


class RecordTo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str


class SlowFor(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: float = 60.0


def record(context: JobContext, arguments: RecordTo) -> dict[str, Any]:
    """Append ``schedule_id due_at run_id attempt pid`` to the file, in one O_APPEND write,
    so lines of several processes never mix."""
    with context.database.sessions() as db:
        run = job_runs.by_id(db, context.run_id)
        assert run is not None
        due = run.due_at.isoformat() if run.due_at is not None else "-"
        line = f"{run.schedule_id} {due} {run.id} {context.attempt} {os.getpid()}\n"
    descriptor = os.open(arguments.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line.encode())
    finally:
        os.close(descriptor)
    return {"pid": os.getpid()}


def slow(context: JobContext, arguments: SlowFor) -> dict[str, Any]:
    """Reports progress every 0.1 s for ``seconds`` on its first attempt; a retry ends at once."""
    if context.attempt > 1:
        return {"attempt": context.attempt}
    step = 0
    deadline = time.monotonic() + arguments.seconds
    while time.monotonic() < deadline:
        step += 1
        context.progress(step, 0, f"step {step}")
        time.sleep(0.1)
    return {"steps": step}


def register_test_jobs(registry: JobRegistry) -> None:
    registry.register(JobType(RECORD, "Record the due time", record, RecordTo))
    registry.register(
        JobType(SLOW, "Slow", slow, SlowFor, retry=RetryPolicy(attempts=2, backoff_seconds=0))
    )


def main() -> int:
    app = create_app()
    state = app.extensions[EXTENSION_KEY]
    assert isinstance(state, GaugeboardState) and state.jobs is not None
    register_test_jobs(state.jobs.env.registry)
    try:
        return run_worker(state.jobs)
    finally:
        state.database.dispose()


if __name__ == "__main__":
    sys.exit(main())
