"""Group commit: concurrent batches share transactions, each is stored exactly once, a
database failure reaches every request of its group, and one request's bad rows fail only
that request."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError

from gaugeboard.events import group_commit
from gaugeboard.events.group_commit import GroupCommitter
from gaugeboard.events.records import EventRecord
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


def poisoned(kind: str) -> tuple[int, list[EventRecord]]:
    """A batch whose rows the writer really refuses, built past validation (which refuses the
    lone surrogate): the tail's serialiser refuses the one, the database (or its driver) the
    key id beyond 64 bits."""
    (record,) = parse_events([{"_n": "poison"}])
    if kind == "serialiser":
        return 1, [record._replace(name="poison \ud800")]
    return 2**63, [record]


def clean(number: int) -> list[EventRecord]:
    """Two events tagged with their sequence number; every other batch has insert ids, so
    ids claimed in a failed group transaction must still be stored on the retry."""
    events = [{"_n": "clean", "seq": f"{number}-{i}"} for i in range(2)]
    if number % 2:
        events = [{**event, "_id": event["seq"]} for event in events]
    return parse_events(events)


def stored_seqs(app: Flask) -> Counter[str]:
    with state(app).database.sessions() as session:
        batches = tail_batches(session)
    return Counter(event[3]["seq"] for batch in batches for event in json.loads(batch.events))


@pytest.mark.parametrize("kind", ["serialiser", "database"])
def test_a_bad_request_fails_alone_in_its_group(app: Flask, kind: str) -> None:
    committer = GroupCommitter(state(app).database)

    def send(number: int) -> str:
        key_id, records = poisoned(kind) if number % 3 == 0 else (1, clean(number))
        try:
            return f"stored {committer.submit(key_id, records)}"
        except Exception:
            return "refused"

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(120)))
    clean_numbers = [number for number in range(120) if number % 3]
    expected = Counter(f"{number}-{i}" for number in clean_numbers for i in range(2))
    assert Counter(answers) == Counter({"stored 2": 80, "refused": 40})
    assert stored_seqs(app) == expected
