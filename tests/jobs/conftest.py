"""Fixtures of the jobs tests: worker processes that are always stopped, and the callers
of the schedule and job APIs."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.jobs.api_helpers import Callers, register_refresh, set_up_callers
from tests.jobs.worker_processes import StartWorker, start_worker, stop_workers


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[StartWorker]:
    """Start workers with ``workers(env, command=None)``; each is stopped (by its pid) at
    the end, killed with its process group when it does not stop in time."""
    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str], command: list[str] | None = None) -> subprocess.Popen[bytes]:
        process = start_worker(env, tmp_path / f"worker-{len(started)}.log", command)
        started.append(process)
        return process

    yield start
    stop_workers(started)


@pytest.fixture
def ran(app: Flask) -> list[int]:
    return register_refresh(app)


@pytest.fixture
def callers(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
    ran: list[int],
) -> Callers:
    return set_up_callers(client, auth_headers, make_user, make_token)
