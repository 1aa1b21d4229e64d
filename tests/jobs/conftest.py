"""Fixtures of the jobs tests: worker processes that are always stopped."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

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
