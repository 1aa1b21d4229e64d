"""Start ``gaugeboard serve`` as a real subprocess on a free loopback port, and stop it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gaugeboard serve exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"gaugeboard serve did not answer within {STARTUP_SECONDS} s")


def start_server(
    env_overrides: dict[str, str], log: Path, workers: int = 1, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``gaugeboard serve`` in its own process group; return it and its base URL."""
    port = port or free_port()
    env = {**os.environ, **env_overrides}
    command = [sys.executable, "-m", "gaugeboard", "serve"]
    command += ["--port", str(port), "--workers", str(workers)]
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            command, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, f"{base_url}/login", log)
    except BaseException:
        kill_server(process)
        raise
    return process, base_url


def kill_server(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the master and every worker at once, as a crash would."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        kill_server(process)


@contextmanager
def running_server(env_overrides: dict[str, str], log: Path, workers: int = 1) -> Iterator[str]:
    """Yield the base URL of a running server; stop it on the way out."""
    process, base_url = start_server(env_overrides, log, workers)
    try:
        yield base_url
    finally:
        stop_server(process)


def call_api(base_url: str, token: str, method: str, path: str, body: Any = None) -> Any:
    """One JSON API call to a running server with an API token; the parsed answer."""
    request = urllib.request.Request(
        f"{base_url}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())
