"""``EVENT_MEMORY_ROWS``: a small set of sealed events is copied into a DuckDB table in
each process, and queries read the copy; past the limit they read the Parquet files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from gaugeboard.events import engine, segments
from gaugeboard.events.analytics import run_query
from gaugeboard.store import events as store
from tests.conftest import state
from tests.events.helpers import DAY1, DAY2, ingest

RANGE = {"start": "2026-01-01T00:00:00Z", "end": "2026-06-01T00:00:00Z"}


def total(app: Flask, db: Session) -> Any:
    """Events of ``x`` with a person: a filtered count, which rollups cannot answer."""
    raw = {
        "event": "x",
        "bucket": None,
        "range": RANGE,
        "filters": [{"field": "person", "op": "is_set"}],
    }
    return run_query(db, state(app).segments_dir, raw, 30)["total"]


def sealed_view(app: Flask, db: Session) -> Any:
    root = state(app).segments_dir
    infos = engine._infos(db)
    return engine.sealed_cache(root).current(root, store.live_segment_keys(db), lambda: infos)


def seal_three_events(app: Flask, db: Session) -> None:
    ingest(
        db,
        *({"_n": name, "_p": "p1", "_t": t} for name, t in [("x", DAY1), ("x", DAY2), ("y", DAY2)]),
    )
    segments.seal_tail(db, state(app).segments_dir)


def delete_segment_files(root: Path) -> None:
    """The segments and their rollups."""
    for path in root.rglob("*"):
        if path.is_file():
            path.unlink()


def test_a_small_set_is_answered_from_memory_without_the_files(app: Flask, db: Session) -> None:
    seal_three_events(app, db)
    assert total(app, db) == 2
    delete_segment_files(state(app).segments_dir)
    assert total(app, db) == 2


def test_the_copy_is_rebuilt_with_the_events_of_the_next_seal(app: Flask, db: Session) -> None:
    seal_three_events(app, db)
    assert total(app, db) == 2
    ingest(db, {"_n": "x", "_p": "p2", "_t": DAY2 + 60})
    segments.seal_tail(db, state(app).segments_dir)
    assert (sealed_view(app, db).in_memory, total(app, db)) == (True, 3)


def test_a_set_past_the_limit_is_read_from_the_files(app: Flask, db: Session) -> None:
    engine.sealed_cache(state(app).segments_dir).configure(2)
    seal_three_events(app, db)
    assert (sealed_view(app, db).in_memory, total(app, db)) == (False, 2)


def test_a_limit_of_zero_always_reads_the_files(app_factory: Any, db: Session) -> None:
    app = app_factory(EVENT_MEMORY_ROWS=0)
    seal_three_events(app, db)
    assert sealed_view(app, db).in_memory is False


def test_a_new_limit_rebuilds_the_view(app: Flask, db: Session) -> None:
    seal_three_events(app, db)
    assert sealed_view(app, db).in_memory is True
    engine.sealed_cache(state(app).segments_dir).configure(1)
    assert sealed_view(app, db).in_memory is False


def test_the_copy_keeps_the_property_columns(app: Flask, db: Session) -> None:
    ingest(db, {"_n": "x", "_t": DAY1, "amount": 2.5}, {"_n": "x", "_t": DAY2, "amount": 4})
    segments.seal_tail(db, state(app).segments_dir)
    raw = {"event": "x", "metric": "sum", "property": "amount", "bucket": None, "range": RANGE}
    answer = run_query(db, state(app).segments_dir, raw, 30)["total"]
    assert (sealed_view(app, db).in_memory, answer) == (True, 6.5)


def test_a_copy_past_the_size_cap_is_dropped_for_the_files(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "MAX_MEMORY_COPY_BYTES", 0)
    seal_three_events(app, db)
    assert (sealed_view(app, db).in_memory, total(app, db)) == (False, 2)


def test_a_copy_that_fails_leaves_the_files_to_read(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "MEMORY_TABLE", '"no table')  # DuckDB refuses to make it
    seal_three_events(app, db)
    assert (sealed_view(app, db).in_memory, total(app, db)) == (False, 2)
