"""Workers as real processes on the test's catalog (SQLite, and PostgreSQL when configured):
three of them never run a due time twice; a worker killed mid-run has its runs found by
their stale heartbeat and retried or failed by another; ``gaugeboard worker`` runs the
system schedules with no server and stops cleanly on SIGTERM."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from click.testing import Result
from flask import Flask
from sqlalchemy import update

from gaugeboard.store.job_models import JobSchedule
from gaugeboard.store.types import utcnow
from tests.conftest import state
from tests.jobs.helpers import add_schedule, queue, run_row, runs_of
from tests.jobs.worker_processes import (
    StartWorker,
    kill_worker,
    stop_workers,
    wait_for,
    worker_env,
    worker_log,
)
from tests.jobs.worker_script import RECORD, SLOW

RUNS_TO_SEE = 6


def recorded(path: Path) -> list[tuple[str, str, int]]:
    """(schedule id, due time, run id) of each line the record job wrote."""
    if not path.exists():
        return []
    lines = [line.split() for line in path.read_text().splitlines()]
    return [(schedule, due, int(run)) for schedule, due, run, _attempt, _pid in lines]


def pause(app: Flask, schedule_id: int) -> None:
    with state(app).database.sessions() as db:
        db.execute(update(JobSchedule).where(JobSchedule.id == schedule_id).values(paused=True))
        db.commit()


def test_three_workers_run_each_due_time_once(
    app_factory: Callable[..., Flask],
    cli_env: dict[str, str],
    workers: StartWorker,
    tmp_path: Path,
) -> None:
    app = app_factory()
    record = tmp_path / "record.log"
    schedule_id = add_schedule(
        app,
        RECORD,
        utcnow() + timedelta(seconds=1),
        every_seconds=1,
        arguments={"path": str(record)},
    )
    processes = [workers(worker_env(cli_env)) for _ in range(3)]
    wait_for(lambda: len(recorded(record)) >= RUNS_TO_SEE, 40, "runs recorded")
    pause(app, schedule_id)
    wait_for(
        lambda: all(run.state not in ("queued", "running") for run in runs_of(app, RECORD)),
        20,
        "the queued runs ended",
    )
    assert stop_workers(processes) == [0, 0, 0], worker_log(tmp_path)
    lines = recorded(record)
    runs = runs_of(app, RECORD)
    assert Counter((schedule, due) for schedule, due, _ in lines).most_common(1)[0][1] == 1
    assert sorted(run_id for _, _, run_id in lines) == [run.id for run in runs]
    assert {(run.state, run.attempt) for run in runs} == {("succeeded", 1)}


def test_a_killed_workers_runs_are_retried_or_failed_by_another(
    app_factory: Callable[..., Flask],
    cli_env: dict[str, str],
    workers: StartWorker,
    tmp_path: Path,
) -> None:
    app = app_factory()
    retried = queue(app, SLOW, {"seconds": 60}, attempts=2)
    failed = queue(app, SLOW, {"seconds": 60}, attempts=1)
    first = workers(worker_env(cli_env))
    wait_for(
        lambda: all(run_row(app, run).progress_done > 0 for run in (retried, failed)),
        30,
        "both runs reporting progress on the first worker",
    )
    kill_worker(first)
    second = workers(worker_env(cli_env))
    wait_for(
        lambda: (
            (run_row(app, retried).state, run_row(app, failed).state) == ("succeeded", "failed")
        ),
        30,
        "the second worker ended both runs",
    )
    again, lost = run_row(app, retried), run_row(app, failed)
    assert (again.attempt, again.worker.split(":")[1]) == (2, str(second.pid))
    assert lost.attempt == 1 and f":{first.pid}:" in lost.error
    assert "stopped answering" in lost.error


def test_gaugeboard_worker_runs_the_system_schedules_and_stops_cleanly(
    app_factory: Callable[..., Flask],
    cli_env: dict[str, str],
    workers: StartWorker,
    tmp_path: Path,
) -> None:
    app = app_factory(EVENT_SEAL_SECONDS=1)
    process = workers(
        worker_env(cli_env, EVENT_SEAL_SECONDS=1),
        command=["gaugeboard", "worker", "--threads", "3"],
    )
    wait_for(
        lambda: any(run.state == "succeeded" for run in runs_of(app, "events.seal")),
        30,
        "a sealing run",
    )
    assert stop_workers([process]) == [0], worker_log(tmp_path)
    assert "worker (thread backend)" in worker_log(tmp_path)
    assert "up to 3 runs at once" in worker_log(tmp_path)


def test_the_celery_backend_needs_a_broker_url(
    runner: Callable[..., Result], cli_env: dict[str, str]
) -> None:
    cli_env["GAUGEBOARD_JOBS_BACKEND"] = "celery"
    result = runner("worker")
    assert result.exit_code == 1 and "GAUGEBOARD_JOBS_BROKER_URL" in result.output
