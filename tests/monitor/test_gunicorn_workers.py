"""A host app under a real gunicorn with two worker processes: every request is recorded
once, by the flush timer while running and by the flush at worker exit when stopping."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask

from tests.live_server import free_port, kill_server
from tests.monitor.helpers import count_of

ROOT = Path(__file__).resolve().parents[2]
PATHS = ["/items"] * 60 + ["/user/7"] * 30 + ["/unavailable"] * 20 + ["/missing"] * 10


@contextmanager
def gunicorn(database_url: str, data_dir: Path, flush_seconds: int, log: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "GAUGEBOARD_DATABASE_URL": database_url,
        "GAUGEBOARD_STATUS_FLUSH_SECONDS": str(flush_seconds),
        "GAUGEBOARD_EVENT_SEAL_SECONDS": "0",
        "MONITORED_DATA_DIR": str(data_dir),
    }
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "gthread",
        "--threads", "4", "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "10",
        "tests.monitor.monitored_app:from_environment()",
    ]  # fmt: skip
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base, log)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)  # graceful: workers finish and exit normally
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill_server(process)


def wait_until_up(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/pid", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def send_all(base: str) -> list[int]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(fetch, [base + path for path in PATHS]))


def recorded(app: Flask) -> dict[str, Any]:
    return {
        "/items": count_of(app, "/items", 200),
        "/user/<int:user_id>": count_of(app, "/user/<int:user_id>", 200),
        "/unavailable": count_of(app, "/unavailable", 503),
        "/missing": count_of(app, "/missing", 404),
    }


EXPECTED = {"/items": 60, "/user/<int:user_id>": 30, "/unavailable": 20, "/missing": 10}


def test_the_flush_timer_writes_both_workers_counts(
    monitored: Flask, database_url: str, tmp_path: Path
) -> None:
    with gunicorn(database_url, tmp_path / "served", 1, tmp_path / "gunicorn.log") as base:
        send_all(base)
        deadline = time.monotonic() + 20
        while recorded(monitored) != EXPECTED and time.monotonic() < deadline:
            time.sleep(0.25)
        assert recorded(monitored) == EXPECTED


def test_a_graceful_stop_writes_what_is_left(
    monitored: Flask, database_url: str, tmp_path: Path
) -> None:
    with gunicorn(database_url, tmp_path / "served", 3600, tmp_path / "gunicorn.log") as base:
        statuses = send_all(base)
        assert recorded(monitored) == dict.fromkeys(EXPECTED, 0)  # nothing flushed yet
    assert len(statuses) == 120 and recorded(monitored) == EXPECTED
