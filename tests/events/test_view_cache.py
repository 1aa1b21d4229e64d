"""The per-process cache of the sealed view: checked against the catalog's live segments on
every query, so seals and compactions by other processes show at once, and a query opens
only the segment files of its time range."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from gaugeboard.events import engine, segments
from gaugeboard.events.analytics import run_query
from tests.conftest import state
from tests.events.helpers import DAY1, DAY2, ingest

SEAL_IN_ANOTHER_PROCESS = """
import sys
from gaugeboard.app import create_app
from gaugeboard.events.segments import seal_tail
from gaugeboard.state import EXTENSION_KEY
app = create_app({"DATA_DIR": sys.argv[1], "DATABASE_URL": sys.argv[2], "EVENT_SEAL_SECONDS": 0})
parts = app.extensions[EXTENSION_KEY]
with parts.database.sessions() as session:
    print(seal_tail(session, parts.segments_dir).sealed_rows)
parts.database.dispose()
"""


def since(start: str) -> dict[str, str]:
    return {"start": start, "end": "2026-06-01T00:00:00Z"}


def total(app: Flask, db: Session, **query: Any) -> Any:
    raw = {"event": "x", "bucket": None, "range": since("2026-01-01T00:00:00Z"), **query}
    return run_query(db, state(app).segments_dir, raw, 30)["total"]


def test_a_segment_sealed_by_another_process_is_read_by_the_next_query(
    app: Flask, db: Session, settings_overrides: dict[str, Any]
) -> None:
    ingest(db, {"_n": "x", "_t": DAY1})
    segments.seal_tail(db, state(app).segments_dir)
    assert total(app, db) == 1  # the view over one segment is cached now
    ingest(db, {"_n": "x", "_t": DAY2})
    db.commit()
    sealed = subprocess.run(
        [sys.executable, "-c", SEAL_IN_ANOTHER_PROCESS]
        + [settings_overrides["DATA_DIR"], settings_overrides["DATABASE_URL"]],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert (sealed.stdout.split(), total(app, db)) == (["1"], 2)


def test_a_segment_sealed_through_another_connection_is_read_by_the_next_query(
    app: Flask, db: Session, app_factory: Callable[..., Flask]
) -> None:
    ingest(db, {"_n": "x", "_t": DAY1})
    segments.seal_tail(db, state(app).segments_dir)
    assert total(app, db) == 1
    other = state(app_factory())
    with other.database.sessions() as session:
        ingest(session, {"_n": "x", "_t": DAY2})
        segments.seal_tail(session, other.segments_dir)
    assert total(app, db) == 2


def test_a_compactions_retired_files_are_not_read(app: Flask, db: Session) -> None:
    root = state(app).segments_dir
    for moment in (DAY1, DAY2):
        ingest(db, {"_n": "x", "_t": moment})
        segments.seal_tail(db, root)
    assert total(app, db) == 2  # cached: a view over the two day files
    segments.compact_closed_days(db, root, today="2026-04-01")
    later = datetime.now(UTC) + segments.RETIRED_GRACE + timedelta(seconds=1)
    assert segments.remove_dead_files(db, root, later) == 2  # the day files are gone
    assert total(app, db) == 2


def test_a_query_with_tail_rows_does_not_open_segment_files_outside_its_range(
    app: Flask, db: Session
) -> None:
    root = state(app).segments_dir
    ingest(db, {"_n": "x", "_t": DAY1 - 86400 * 30}, {"_n": "x", "_t": DAY1})
    segments.seal_tail(db, root)
    assert total(app, db) == 2  # the view over both files is built and cached
    next(root.rglob("2026-01-30/*.parquet")).write_bytes(b"not parquet")  # a read would fail
    ingest(db, {"_n": "x", "_t": DAY2})
    assert total(app, db, range=since("2026-03-01T00:00:00Z")) == 2


def test_a_query_does_not_open_several_segment_files_outside_its_range(
    app: Flask, db: Session
) -> None:
    root = state(app).segments_dir
    old_days = [DAY1 - 86400 * (30 + n) for n in range(engine.PRUNE_MIN_FILES)]
    ingest(db, *({"_n": "x", "_t": moment} for moment in [*old_days, DAY1]))
    segments.seal_tail(db, root)
    assert total(app, db) == 1 + len(old_days)
    for path in root.rglob("2026-01-*/*.parquet"):
        path.write_bytes(b"not parquet")
    assert total(app, db, range=since("2026-03-01T00:00:00Z")) == 1


def test_a_range_without_segments_still_knows_their_properties(app: Flask, db: Session) -> None:
    root = state(app).segments_dir
    ingest(db, {"_n": "x", "_t": DAY1, "amount": 5})
    segments.seal_tail(db, root)
    ingest(db, {"_n": "x", "_t": DAY2 + 86400 * 20})
    query = {"metric": "sum", "property": "amount", "range": since("2026-03-10T00:00:00Z")}
    assert total(app, db, **query) == 0


def test_segments_of_the_range_and_the_tail_are_read_together(app: Flask, db: Session) -> None:
    root = state(app).segments_dir
    ingest(db, {"_n": "x", "_t": DAY1 - 86400 * 30}, {"_n": "x", "_t": DAY1, "amount": 2})
    segments.seal_tail(db, root)
    ingest(db, {"_n": "x", "_t": DAY2, "amount": 3})
    query = {"metric": "sum", "property": "amount", "range": since("2026-03-01T00:00:00Z")}
    assert total(app, db, **query) == 5


def test_a_view_cached_before_pruning_reads_every_segment_without_a_range(
    app: Flask, db: Session
) -> None:
    root = state(app).segments_dir
    ingest(db, {"_n": "x", "_t": DAY1 - 86400 * 30}, {"_n": "x", "_t": DAY1})
    segments.seal_tail(db, root)
    assert total(app, db, range=since("2026-03-01T00:00:00Z")) == 1
    assert total(app, db) == 2
