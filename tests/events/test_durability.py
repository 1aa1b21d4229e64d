"""Real servers under load: several gunicorn workers lose nothing, and a crash (SIGKILL of
every process, sealing job included) loses no acknowledged event and duplicates none."""

from __future__ import annotations

import base64
import http.client
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask

from gaugeboard.events.engine import open_event_view
from tests.conftest import state
from tests.live_server import kill_server, start_server, stop_server

BATCH = 20


def acknowledged_by(base_url: str, method: str, path: str, body: str | None = None) -> bool:
    """True only when the server answered ``1``; any failure counts as not acknowledged."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {} if body is None else {"Content-Type": "application/json"}
    try:
        connection.request(method, path, body, headers)
        answer = connection.getresponse().read()
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
    return answer == b"1"


def post_batch(base_url: str, key: str, body: list[dict[str, Any]]) -> bool:
    return acknowledged_by(base_url, "POST", f"/e?_k={key}", json.dumps(body))


def batch(sender: int, number: int) -> list[dict[str, Any]]:
    return [
        {"_n": "load", "_id": f"{sender}-{number}-{i}", "seq": f"{sender}-{number}-{i}"}
        for i in range(BATCH)
    ]


def run_to_end(threads: list[threading.Thread], timeout: float = 120) -> None:
    """Start every sender at once, then wait (bounded) for each to finish."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)


def stored_sequence_numbers(app: Flask) -> Counter[str]:
    with (
        state(app).database.sessions() as session,
        open_event_view(session, state(app).segments_dir) as view,
    ):
        rows = view.connection.execute(f"SELECT {view.text_property('seq')} FROM events").fetchall()
    return Counter(row[0] for row in rows)


@pytest.fixture
def server_env(cli_env: dict[str, str]) -> dict[str, str]:
    return {**cli_env, "GAUGEBOARD_EVENT_SEAL_SECONDS": "1", "GAUGEBOARD_JOBS_POLL_SECONDS": "1"}


def test_four_workers_lose_nothing(
    app_factory: Callable[..., Flask], server_env: dict[str, str], event_key: str, tmp_path: Path
) -> None:
    process, base_url = start_server(server_env, tmp_path / "serve.log", workers=4)
    results: list[bool] = []
    try:

        def send(sender: int) -> None:
            results.extend(post_batch(base_url, event_key, batch(sender, n)) for n in range(15))

        run_to_end([threading.Thread(target=send, args=(sender,)) for sender in range(4)])
    finally:
        stop_server(process)
    counts = stored_sequence_numbers(app_factory())
    assert all(results) and len(counts) == 4 * 15 * BATCH and set(counts.values()) == {1}


def test_a_crash_loses_no_acknowledged_event_and_duplicates_none(
    app_factory: Callable[..., Flask], server_env: dict[str, str], event_key: str, tmp_path: Path
) -> None:
    process, base_url = start_server(server_env, tmp_path / "serve.log", workers=2)
    acknowledged: list[tuple[int, int]] = []
    stop = threading.Event()

    def send(sender: int) -> None:
        for number in range(10_000):  # bounded; the crash ends it long before
            if stop.is_set():
                return
            if post_batch(base_url, event_key, batch(sender, number)):
                acknowledged.append((sender, number))

    threads = [threading.Thread(target=send, args=(sender,)) for sender in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(2.5)  # load is flowing and the sealing job has run at least once
    kill_server(process)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    port = urlsplit(base_url).port
    process, base_url = start_server(server_env, tmp_path / "serve.log", workers=2, port=port)
    try:
        for sender in range(3):  # the client retries everything it had not seen acknowledged
            sent = max((n for s, n in acknowledged if s == sender), default=-1) + 2
            for number in range(sent):
                if (sender, number) not in acknowledged:
                    assert post_batch(base_url, event_key, batch(sender, number))
    finally:
        stop_server(process)
    counts = stored_sequence_numbers(app_factory())
    expected = {f"{s}-{n}-{i}" for s, n in acknowledged for i in range(BATCH)}
    assert acknowledged and expected <= set(counts) and set(counts.values()) == {1}


def get_one(base_url: str, key: str, seq: str) -> bool:
    """One event through ``GET /e`` (the short way through once the key is known)."""
    return acknowledged_by(base_url, "GET", f"/e?_k={key}&_n=single&seq={seq}")


def test_a_crash_during_single_events_loses_no_acknowledged_one(
    app_factory: Callable[..., Flask], server_env: dict[str, str], event_key: str, tmp_path: Path
) -> None:
    process, base_url = start_server(server_env, tmp_path / "serve.log", workers=2)
    acknowledged: list[str] = []
    stop = threading.Event()

    def send(sender: int) -> None:
        for number in range(50_000):  # bounded; the crash ends it long before
            if stop.is_set():
                return
            seq = f"{sender}-{number}"
            if get_one(base_url, event_key, seq):
                acknowledged.append(seq)

    threads = [threading.Thread(target=send, args=(sender,)) for sender in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(2.5)  # single events are flowing through the group commit
    kill_server(process)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    counts = stored_sequence_numbers(app_factory())
    assert acknowledged and set(acknowledged) <= set(counts) and set(counts.values()) == {1}


def poisoned_d() -> str:
    """``_d`` holding a lone surrogate (the ``\\ud800`` escape Python's json module decodes)."""
    return base64.b64encode(b'{"_n": "poison \\ud800"}').decode()


def test_poisoned_requests_fail_no_clean_neighbour(
    app_factory: Callable[..., Flask], server_env: dict[str, str], event_key: str, tmp_path: Path
) -> None:
    process, base_url = start_server(server_env, tmp_path / "serve.log")
    clean: list[tuple[str, bool]] = []
    poisoned: list[bool] = []
    path = f"/e?_k={event_key}&_d={quote(poisoned_d())}"
    try:

        def send_clean(sender: int) -> None:
            for number in range(100):
                seq = f"{sender}-{number}"
                clean.append((seq, get_one(base_url, event_key, seq)))

        def send_poison() -> None:
            poisoned.extend(acknowledged_by(base_url, "GET", path) for _ in range(100))

        threads = [threading.Thread(target=send_clean, args=(sender,)) for sender in range(4)]
        run_to_end(threads + [threading.Thread(target=send_poison) for _ in range(2)])
    finally:
        stop_server(process)
    counts = stored_sequence_numbers(app_factory())
    refused = [seq for seq, acknowledged in clean if not acknowledged]
    assert (len(clean), refused, len(poisoned), any(poisoned)) == (400, [], 200, False)
    assert counts == Counter(seq for seq, _ in clean)
