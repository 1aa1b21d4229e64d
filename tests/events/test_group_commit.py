"""Group commit: concurrent batches share transactions, each is stored exactly once, and a
failure reaches every request of its group."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError

from gaugeboard.events import group_commit
from gaugeboard.events.group_commit import GroupCommitter
from gaugeboard.events.validation import parse_events
from gaugeboard.store.database import open_database
from gaugeboard.store.events import tail_batches, tail_count
from tests.conftest import state


def test_concurrent_batches_are_all_stored_once(app: Flask) -> None:
    committer = GroupCommitter(state(app).database)

    def send(index: int) -> int:
        return committer.submit(1, parse_events([{"_n": f"e{index}"}, {"_n": "x"}]))

    with ThreadPoolExecutor(8) as pool:
        stored = list(pool.map(send, range(40)))
    with state(app).database.sessions() as session:
        assert (sum(stored), tail_count(session)) == (80, 80)


def test_retried_ids_across_a_group_count_once(app: Flask) -> None:
    committer = GroupCommitter(state(app).database)
    records = parse_events([{"_n": "buy", "_id": "order-9"}])
    with ThreadPoolExecutor(4) as pool:
        stored = list(pool.map(lambda _: committer.submit(1, records), range(4)))
    assert sorted(stored) == [0, 0, 0, 1]


def test_a_failed_commit_reaches_the_request(tmp_path: Path) -> None:
    unreachable = open_database(f"sqlite:///{tmp_path / 'no-such-folder' / 'catalog.db'}")
    committer = GroupCommitter(unreachable)
    with pytest.raises((OperationalError, sqlite3.OperationalError), match="unable to open"):
        committer.submit(1, parse_events([{"_n": "x"}]))


def test_a_group_writes_one_tail_row_per_key(app: Flask) -> None:
    committer = GroupCommitter(state(app).database)
    batches = [(1, parse_events([{"_n": "a"}])), (1, parse_events([{"_n": "b"}, {"_n": "c"}]))]
    committer._write([group_commit._Pending(key, records) for key, records in batches])
    with state(app).database.sessions() as session:
        assert (tail_count(session), len(tail_batches(session))) == (3, 1)
