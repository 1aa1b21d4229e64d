"""The sealing job: lease-guarded passes, the CLI command, and its schedule on the runner."""

from __future__ import annotations

import time
from collections.abc import Callable

from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.store.events import tail_count
from gaugeboard.store.job_locks import try_acquire
from gaugeboard.store.types import utcnow
from tests.conftest import state


def tail_size(app: Flask) -> int:
    with state(app).database.sessions() as session:
        return tail_count(session)


def test_a_pass_seals_the_tail(app: Flask, client: FlaskClient, event_key: str) -> None:
    client.get("/e", query_string={"_k": event_key, "_n": "x"})
    job = state(app).sealing_job
    assert job is not None and job.run_once() is not None and tail_size(app) == 0


def test_no_pass_while_another_process_holds_the_lease(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    client.get("/e", query_string={"_k": event_key, "_n": "x"})
    with state(app).database.sessions() as session:
        try_acquire(session, "events.seal", "other-host:1", utcnow(), utcnow().replace(year=2100))
    job = state(app).sealing_job
    assert job is not None and job.run_once() is None and tail_size(app) == 1


def test_cli_seal_reports_what_it_did(
    runner: Callable[..., Result], client: FlaskClient, event_key: str
) -> None:
    client.get("/e", query_string={"_k": event_key, "_n": "x"})
    assert runner("events", "seal").output.startswith("sealed 1 events into 1 segments")


def test_the_seal_job_runs_on_its_schedule_after_a_request(
    app_factory: Callable[..., Flask], event_key: str
) -> None:
    app = app_factory(EVENT_SEAL_SECONDS=1, JOBS_POLL_SECONDS=1)
    app.test_client().get("/e", query_string={"_k": event_key, "_n": "x"})
    deadline = time.monotonic() + 15
    while tail_size(app) and time.monotonic() < deadline:
        time.sleep(0.2)
    runner = state(app).jobs
    assert runner is not None
    runner.stop()
    assert tail_size(app) == 0


def test_no_second_pass_of_the_job_while_one_runs_in_this_process(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    client.get("/e", query_string={"_k": event_key, "_n": "x"})
    job = state(app).sealing_job
    assert job is not None
    with job.one_pass:  # a pass of this job is running (one that outlived its time limit)
        assert job.run_once() is None
    assert tail_size(app) == 1
