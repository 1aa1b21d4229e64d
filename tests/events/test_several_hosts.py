"""Several hosts: servers with instance folders of their own, sharing one catalog and one
segment folder, ingest and seal at the same time; every acknowledged event is stored once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from tests.events.test_durability import BATCH, batch, post_batch, stored_sequence_numbers
from tests.live_server import start_server, stop_server

HOSTS = 2
SENDERS_PER_HOST = 2
BATCHES = 12
SEAL_WAIT_SECONDS = 30


def test_hosts_sharing_catalog_and_segments_lose_and_duplicate_nothing(
    app_factory: Callable[..., Flask], cli_env: dict[str, str], event_key: str, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-segments"
    servers = []
    for host in range(HOSTS):
        env = {
            **cli_env,
            "GAUGEBOARD_DATA_DIR": str(tmp_path / f"host-{host}"),
            "GAUGEBOARD_EVENT_SEGMENTS_DIR": str(shared),
            "GAUGEBOARD_EVENT_SEAL_SECONDS": "1",
            "GAUGEBOARD_JOBS_POLL_SECONDS": "1",
        }
        servers.append(start_server(env, tmp_path / f"host-{host}.log", workers=2))
    results: list[bool] = []
    try:

        def send(base_url: str, sender: int) -> None:
            results.extend(
                post_batch(base_url, event_key, batch(sender, n)) for n in range(BATCHES)
            )

        threads = [
            threading.Thread(target=send, args=(base_url, host * SENDERS_PER_HOST + s))
            for host, (_process, base_url) in enumerate(servers)
            for s in range(SENDERS_PER_HOST)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        deadline = time.monotonic() + SEAL_WAIT_SECONDS  # the hosts' sealing jobs run each second
        while not any(shared.rglob("*.parquet")) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        for process, _base_url in servers:
            stop_server(process)
    counts = stored_sequence_numbers(app_factory(EVENT_SEGMENTS_DIR=str(shared)))
    expected = HOSTS * SENDERS_PER_HOST * BATCHES * BATCH
    sealed = any(shared.rglob("*.parquet"))
    assert (all(results), len(counts), set(counts.values()), sealed) == (True, expected, {1}, True)
