"""A host app's first start under gunicorn with several workers, on an empty instance folder.

Every worker opens, migrates and prepares the same new SQLite catalog at the same moment:
each start must serve, with every worker booted. A first start leaves the folder private.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest

from gaugeboard import create_app
from tests.conftest import shutdown
from tests.live_server import free_port

WORKERS = 4
STARTS = 5
BOOT_SECONDS = 90
GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST_MODULE = "first_start_host"

HOST_APP = '''\
"""A host app that mounts gaugeboard, as a user writes it."""

import os
from pathlib import Path

from flask import Flask

from gaugeboard import Gaugeboard

app = Flask(__name__)


@app.get("/hello")
def hello() -> str:
    return "hello from the host"


Gaugeboard(app)
# Reached only when gaugeboard started: the test counts the workers that got here.
(Path(os.environ["BOOTED_DIR"]) / str(os.getpid())).touch()
'''


def children_of(pid: int) -> set[int]:
    """The live (not zombie) child processes of ``pid``, read from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def wait_for_workers(process: subprocess.Popen[bytes], booted: Path, log: Path) -> None:
    deadline = time.monotonic() + BOOT_SECONDS
    while len(list(booted.iterdir())) < WORKERS:
        assert process.poll() is None, f"gunicorn exited:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"workers did not boot:\n{log.read_text()}"
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the master (a graceful stop of its workers), then wait for it."""
    with suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the group this test started
        process.wait(timeout=10)


def start_once(tmp_path: Path, run: int) -> tuple[Path, str]:
    """Start gunicorn on a new empty instance folder; check every worker boots and serves."""
    instance, booted = tmp_path / f"instance{run}", tmp_path / f"booted{run}"
    log = tmp_path / f"gunicorn{run}.log"
    booted.mkdir()
    port = free_port()
    env = {
        **os.environ,
        "GAUGEBOARD_DATA_DIR": str(instance),
        "BOOTED_DIR": str(booted),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
    }
    env.pop("GAUGEBOARD_DATABASE_URL", None)
    env.pop("GAUGEBOARD_SECRET_KEY", None)
    command = [str(GUNICORN), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", f"{HOST_MODULE}:app"]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=tmp_path,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_workers(process, booted, log)
        workers = children_of(process.pid)
        assert {int(name.name) for name in booted.iterdir()} == workers, log.read_text()
        assert get(f"http://127.0.0.1:{port}/hello") == (200, "hello from the host")
        assert get(f"http://127.0.0.1:{port}/gaugeboard/login")[0] == 200
        assert children_of(process.pid) == workers  # none died after booting
    finally:
        stop(process)
    return instance, log.read_text()


def test_host_app_under_gunicorn_serves_on_every_first_start(tmp_path: Path) -> None:
    (tmp_path / f"{HOST_MODULE}.py").write_text(HOST_APP)
    for run in range(STARTS):
        _instance, log = start_once(tmp_path, run)
        assert "Worker failed to boot" not in log and "Traceback" not in log, log


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most systems give users (022): files default to world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def modes_under(root: Path) -> dict[str, int]:
    """The permission bits of everything under ``root``. The chart bundle is built in the
    background into a temporary folder that is then renamed: a walk that meets it as it
    goes is taken again (bounded), so every entry reported is one that exists."""
    for _ in range(200):
        try:
            return {
                str(path.relative_to(root.parent)): stat.S_IMODE(path.stat().st_mode)
                for path in [root, *root.rglob("*")]
            }
        except FileNotFoundError:
            time.sleep(0.05)
    raise AssertionError(f"{root} kept changing for 10 s")


def test_first_start_leaves_the_instance_folder_private(tmp_path: Path, usual_umask: None) -> None:
    instance = tmp_path / "new" / "instance"
    app = create_app({"DATA_DIR": str(instance), "EVENT_SEAL_SECONDS": 0})
    try:
        assert app.test_client().get("/login").status_code == 200
        modes = modes_under(tmp_path / "new")  # while running: with the -wal and -shm files
    finally:
        shutdown(app)
    expected = {"gaugeboard.db", "gaugeboard.db-wal", "gaugeboard.db-shm", "secret_key"}
    assert {f"new/instance/{name}" for name in expected} <= modes.keys()
    assert {name: oct(mode) for name, mode in modes.items() if mode & 0o077} == {}
