"""The Celery backend against the real Redis on 127.0.0.1:6379 (its database 11, emptied
first): a web-side runner hands a queued run to the broker and a Celery worker started as
``gaugeboard worker`` would be runs it; the worker's own timer queues a schedule's runs with
no web server ticking. Skipped, saying why, where no Redis answers."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from gaugeboard.store.job_models import JobRun
from gaugeboard.store.types import utcnow
from tests.jobs.helpers import add_schedule, queue, run_row, runner_of, runs_of
from tests.jobs.worker_processes import StartWorker, wait_for, worker_env, worker_log
from tests.jobs.worker_script import RECORD, register_test_jobs

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
BROKER_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/11"


def redis_answers() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def broker() -> Iterator[str]:
    """The test broker, emptied before the test."""
    if not redis_answers():
        pytest.skip(
            f"Celery tests skipped: no Redis answers on {REDIS_HOST}:{REDIS_PORT} "
            "(start one there to run a real Celery worker against it)"
        )
    redis = pytest.importorskip("redis", reason="the dev extra installs celery[redis]")
    client = redis.Redis.from_url(BROKER_URL)
    client.flushdb()
    client.close()
    yield BROKER_URL


def test_a_celery_worker_runs_a_dispatched_run_and_a_scheduled_one(
    app_factory: Callable[..., Flask],
    cli_env: dict[str, str],
    workers: StartWorker,
    broker: str,
    tmp_path: Path,
) -> None:
    web = app_factory(JOBS_BACKEND="celery", JOBS_BROKER_URL=broker)
    register_test_jobs(runner_of(web).env.registry)
    workers(worker_env(cli_env, JOBS_BACKEND="celery", JOBS_BROKER_URL=broker))
    triggered = queue(web, RECORD, {"path": str(tmp_path / "triggered.log")})
    try:
        runner_of(web).tick()  # the web side hands it to the broker
        assert run_row(web, triggered).dispatched_at is not None
        schedule_id = add_schedule(
            web,
            RECORD,
            utcnow() + timedelta(seconds=1),
            every_seconds=1,
            arguments={"path": str(tmp_path / "scheduled.log")},
        )
        wait_for(
            lambda: (
                run_row(web, triggered).state == "succeeded"
                and any(run.schedule_id == schedule_id for run in _succeeded(web))
            ),
            60,  # a Celery worker's start is slow on a loaded machine
            "the dispatched run and a scheduled run succeeded",
        )
    finally:
        runner_of(web).celery.close()
    ran_on = {run.worker.split(":")[0] for run in _succeeded(web) if run.worker}
    assert ran_on == {"celery"}, worker_log(tmp_path)


def _succeeded(app: Flask) -> list[JobRun]:
    return [run for run in runs_of(app, RECORD) if run.state == "succeeded"]
