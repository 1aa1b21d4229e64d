"""The runner on one process: due schedules become one run each, runs end in the right
state, failures retry per policy, cancels and time limits stop a run."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from gaugeboard.jobs.execute import claim_one, run_claimed
from gaugeboard.jobs.registry import RetryPolicy
from gaugeboard.store import job_runs, job_schedules
from gaugeboard.store.job_models import JobRun
from gaugeboard.store.types import utcnow
from tests.conftest import state
from tests.jobs.helpers import (
    add_schedule,
    past,
    queue,
    register_echo,
    register_waiter,
    run_row,
    runner_of,
    runs_of,
)


def test_a_due_schedule_runs_once_and_keeps_its_result(app: Flask) -> None:
    register_echo(app)
    add_schedule(app, "test.echo", past(), arguments={"word": "hi"})
    runner_of(app).tick()
    runner_of(app).tick()
    runs = runs_of(app, "test.echo")
    assert [(run.state, run.result) for run in runs] == [("succeeded", {"said": "hi"})]


def test_the_run_records_its_due_time_and_schedule(app: Flask) -> None:
    register_echo(app)
    due = past(5).replace(microsecond=0)
    schedule_id = add_schedule(app, "test.echo", due, every_seconds=3600)
    runner_of(app).tick()
    (run,) = runs_of(app, "test.echo")
    assert (run.schedule_id, run.due_at, run.triggered_by) == (schedule_id, due, "schedule")


def test_the_schedule_moves_to_its_next_due_time(app: Flask) -> None:
    register_echo(app)
    schedule_id = add_schedule(app, "test.echo", past(), every_seconds=3600)
    runner_of(app).tick()
    with state(app).database.sessions() as db:
        schedule = job_schedules.by_id(db, schedule_id)
        assert schedule is not None and schedule.next_due_at is not None
        assert utcnow() < schedule.next_due_at <= utcnow() + timedelta(hours=1)


def test_a_paused_schedule_queues_nothing(app: Flask) -> None:
    register_echo(app)
    add_schedule(app, "test.echo", past(), paused=True)
    runner_of(app).tick()
    assert runs_of(app, "test.echo") == []


def test_a_failing_run_is_retried_until_it_succeeds(app: Flask) -> None:
    calls = register_echo(app)
    run_id = queue(app, "test.echo", {"fail_times": 2}, attempts=3)
    for _ in range(3):
        runner_of(app).tick()
    run = run_row(app, run_id)
    assert (run.state, run.attempt, len(calls)) == ("succeeded", 3, 3)


def test_a_run_failing_every_attempt_ends_failed_with_its_error(app: Flask) -> None:
    register_echo(app)
    run_id = queue(app, "test.echo", {"fail_times": 5}, attempts=2)
    for _ in range(3):
        runner_of(app).tick()
    run = run_row(app, run_id)
    assert (run.state, run.attempt) == ("failed", 2)
    assert run.error == "RuntimeError: attempt 2 fails on purpose"


def test_retries_wait_for_their_backoff(app: Flask) -> None:
    register_echo(app, retry=RetryPolicy(attempts=2, backoff_seconds=3600))
    run_id = queue(app, "test.echo", {"fail_times": 1}, attempts=2)
    runner_of(app).tick()
    runner_of(app).tick()
    run = run_row(app, run_id)
    assert (run.state, run.attempt) == ("queued", 1)
    assert run.not_before > utcnow() + timedelta(minutes=59)


def test_bad_stored_arguments_fail_the_run_naming_the_field(app: Flask) -> None:
    register_echo(app)
    run_id = queue(app, "test.echo", {"colour": "red"})
    runner_of(app).tick()
    run = run_row(app, run_id)
    assert run.state == "failed" and run.error.startswith("arguments.colour:")


def test_a_cancelled_queued_run_never_starts(app: Flask) -> None:
    calls = register_echo(app)
    run_id = queue(app, "test.echo")
    with state(app).database.sessions() as db:
        assert job_runs.request_cancel(db, run_id, utcnow()) == "cancelled"
        db.commit()
    runner_of(app).tick()
    assert (run_row(app, run_id).state, calls) == ("cancelled", [])


def _start_in_pool(app: Flask) -> None:
    runner = runner_of(app)
    runner.poll_seconds = 0.05
    runner.start()


def _wait_for(predicate: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached")


def test_a_running_run_stops_at_its_next_progress_once_cancelled(app_factory: object) -> None:
    app = app_factory(JOBS_HEARTBEAT_SECONDS=1)  # type: ignore[operator]
    release = threading.Event()
    started = register_waiter(app, release)
    run_id = queue(app, "test.wait")
    _start_in_pool(app)
    assert started.wait(20)
    with state(app).database.sessions() as db:
        assert job_runs.request_cancel(db, run_id, utcnow()) == "running"
        db.commit()
    _wait_for(lambda: run_row(app, run_id).state == "cancelled")
    release.set()
    runner_of(app).stop()
    assert run_row(app, run_id).error == "the run was cancelled"


def test_a_run_past_its_time_limit_ends_timed_out(
    app_factory: object, caplog: pytest.LogCaptureFixture
) -> None:
    app = app_factory(JOBS_HEARTBEAT_SECONDS=1)  # type: ignore[operator]
    release = threading.Event()
    register_waiter(app, release, time_limit_seconds=1)
    run_id = queue(app, "test.wait")
    _start_in_pool(app)
    _wait_for(lambda: run_row(app, run_id).state == "timed_out")
    release.set()
    runner_of(app).stop()
    assert run_row(app, run_id).error == "the run passed its time limit"
    assert "another worker or the reaper had it" not in caplog.text


def test_progress_is_saved_while_a_run_works(app_factory: object) -> None:
    app = app_factory(JOBS_HEARTBEAT_SECONDS=1)  # type: ignore[operator]
    release = threading.Event()
    register_waiter(app, release)
    run_id = queue(app, "test.wait")
    _start_in_pool(app)
    _wait_for(lambda: run_row(app, run_id).progress_done > 0)
    release.set()
    _wait_for(lambda: run_row(app, run_id).state == "succeeded")
    runner_of(app).stop()
    assert run_row(app, run_id).progress_message.startswith("step ")


def test_a_type_limited_to_one_never_runs_twice_at_once(app_factory: object) -> None:
    app = app_factory(JOBS_THREADS=3)  # type: ignore[operator]
    release = threading.Event()
    register_waiter(app, release, concurrency=1)
    first, second = queue(app, "test.wait"), queue(app, "test.wait")
    _start_in_pool(app)
    _wait_for(lambda: run_row(app, first).state == "running")
    time.sleep(0.3)  # several ticks pass; the second must stay queued
    assert run_row(app, second).state == "queued"
    release.set()
    _wait_for(lambda: run_row(app, second).state == "succeeded")
    runner_of(app).stop()


def test_the_settings_give_the_system_schedules(app_factory: object) -> None:
    app = app_factory(EVENT_SEAL_SECONDS=30)  # type: ignore[operator]
    with state(app).database.sessions() as db:
        names = {row.name: row.every_seconds for row in job_schedules.system_ones(db)}
    assert names == {
        "events.seal": 30,
        "status.maintain": 60,
        "datasets.vacuum": 86400,
        "alerts.evaluate": 60,
        "notify.retry": 60,
        "reports.send": 60,
        "render.thumbnails": 300,
        "history.prune": 86400,
    }


def test_a_timer_set_to_zero_removes_its_system_schedule(app_factory: object) -> None:
    app_factory(EVENT_SEAL_SECONDS=30)  # type: ignore[operator]
    app = app_factory(  # type: ignore[operator]
        EVENT_SEAL_SECONDS=0,
        ALERT_EVALUATE_SECONDS=0,
        REPORT_CHECK_SECONDS=0,
        ALERT_HISTORY_DAYS=0,
        REPORT_HISTORY_DAYS=0,
    )
    with state(app).database.sessions() as db:
        names = {row.name for row in job_schedules.system_ones(db)}
    assert names == {"status.maintain", "datasets.vacuum", "notify.retry", "render.thumbnails"}


def test_a_run_cancelled_while_running_that_then_fails_ends_cancelled(app: Flask) -> None:
    calls = register_echo(app)
    run_id = queue(app, "test.echo", {"fail_times": 5}, attempts=3)
    with state(app).database.sessions() as db:  # claimed by a worker, then cancelled
        assert job_runs.claim(db, run_id, "w", utcnow(), utcnow() + timedelta(hours=1))
        assert job_runs.request_cancel(db, run_id, utcnow()) == "running"
        db.commit()
    run = run_row(app, run_id)
    run_claimed(runner_of(app).env, run, "w")  # the job fails before its next progress call
    runner_of(app).tick()
    assert (run_row(app, run_id).state, len(calls)) == ("cancelled", 1)


def test_a_dead_workers_cancelled_run_ends_cancelled_not_retried(app: Flask) -> None:
    register_echo(app)
    run_id = queue(app, "test.echo", attempts=3)
    with state(app).database.sessions() as db:
        assert job_runs.claim(db, run_id, "gone", utcnow(), utcnow() + timedelta(hours=1))
        assert job_runs.request_cancel(db, run_id, utcnow()) == "running"
        silent = update(JobRun).where(JobRun.id == run_id)
        db.execute(silent.values(heartbeat_at=utcnow() - timedelta(hours=1)))
        db.commit()
    report = runner_of(app).tick()
    assert (run_row(app, run_id).state, report.retried) == ("cancelled", [])


def test_two_claims_at_once_keep_a_type_limit_on_postgresql(app: Flask) -> None:
    """Two claim transactions overlap: the second counts running runs before the first
    commits, then waits for the type's lock. It must count again once it has the lock."""
    if state(app).database.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's write lock already serialises whole claim transactions")
    register_waiter(app, threading.Event(), concurrency=1)
    first, second = queue(app, "test.wait"), queue(app, "test.wait")
    env = runner_of(app).env
    claimed: list[bool] = []

    def claim_as(worker: str, run_id: int, db: Session) -> None:
        counts = job_runs.running_counts(db)
        run = job_runs.by_id(db, run_id)
        assert run is not None
        claimed.append(claim_one(env, db, run, worker, counts))

    with state(app).database.sessions() as db_a, state(app).database.sessions() as db_b:
        claim_as("a", first, db_a)  # holds the type's lock until it commits
        other = threading.Thread(target=claim_as, args=("b", second, db_b))
        other.start()
        _wait_for(lambda: _advisory_lock_waiters(app) > 0)
        db_a.commit()
        other.join(10)
        db_b.commit()
    assert claimed == [True, False]


def _advisory_lock_waiters(app: Flask) -> int:
    with state(app).database.sessions() as db:
        waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        return int(db.scalar(text(waiting)) or 0)


def test_a_web_server_with_poll_seconds_zero_runs_no_jobs(app_factory: object) -> None:
    quiet = app_factory(JOBS_POLL_SECONDS=0)  # type: ignore[operator]
    busy = app_factory(JOBS_POLL_SECONDS=1)  # type: ignore[operator]
    for server in (quiet, busy):
        server.test_client().get("/login")
    assert (runner_of(quiet).started, runner_of(busy).started) == (False, True)
