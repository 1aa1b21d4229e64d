"""Jobs workers as real processes for the tests: started on the test's catalog in a process
group of their own, stopped (or killed) by their pid; the ``workers`` fixture
(tests/jobs/conftest.py) always stops them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STOP_SECONDS = 20

# Every worker of a test looks for work each second and beats each second (stale after 3 s).
WORKER_SETTINGS = {
    "GAUGEBOARD_JOBS_POLL_SECONDS": "1",
    "GAUGEBOARD_JOBS_HEARTBEAT_SECONDS": "1",
    "GAUGEBOARD_JOBS_THREADS": "2",
}

StartWorker = Callable[..., subprocess.Popen[bytes]]


def worker_env(cli_env: dict[str, str], **settings: object) -> dict[str, str]:
    """The test's settings, a worker's, then ``settings`` (``JOBS_THREADS=1``…)."""
    extra = {f"GAUGEBOARD_{name}": str(value) for name, value in settings.items()}
    return {**cli_env, **WORKER_SETTINGS, **extra}


def start_worker(
    env_overrides: dict[str, str], log: Path, command: list[str] | None = None
) -> subprocess.Popen[bytes]:
    """``python -m tests.jobs.worker_script`` (or ``command``) from the repository root,
    with ``env_overrides`` (see ``worker_env``) over this process's environment."""
    env = {**os.environ, **env_overrides}
    argv = [sys.executable, "-m", *(command or ["tests.jobs.worker_script"])]
    with log.open("ab") as log_file:
        return subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill_worker(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the worker and anything it forked (Celery's pool), as a crash would."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop_workers(processes: list[subprocess.Popen[bytes]]) -> list[int | None]:
    """SIGTERM to each at once: a worker finishes its runs under way and exits; one that
    does not within ``STOP_SECONDS`` is killed. Their exit statuses (None: killed)."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    statuses: list[int | None] = []
    for process in processes:
        try:
            statuses.append(process.wait(timeout=max(0.1, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            kill_worker(process)
            statuses.append(None)
    return statuses


def worker_log(tmp_path: Path) -> str:
    """Every worker's output, for an assertion's message."""
    return "\n".join(path.read_text() for path in sorted(tmp_path.glob("worker-*.log")))


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not reached within {seconds} s: {what}")
