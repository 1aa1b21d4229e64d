"""Sealing in DuckDB: closed days go to their month file, and the promoted columns and
their values are the ones the tail's Python builder (``columns.build_table``) gives."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from gaugeboard.events import segments
from gaugeboard.events.columns import build_table, expand_batches
from gaugeboard.store import events as store
from tests.events.helpers import DAY1, DAY2, ingest

MIXED = [
    {"_n": "a", "_t": DAY1, "n": 1, "flag": True, "odd/key~": "x", "mix": 2.5, "gone": None},
    {"_n": "b", "_t": DAY1 + 1, "n": 2.5, "flag": False, "mix": "text", "deep": {"k": [1, "é"]}},
    {"_n": "c", "_t": DAY1 + 2, "mix": True, "deep": [1, 2], "üñí": "ok", "Plan": "P"},
    {"_n": "d", "_t": DAY1 + 3, "plan": "p", "gone": None, "n": None},
]


def test_closed_days_are_sealed_into_one_file_per_month(db: Session, root: Path) -> None:
    ingest(db, {"_n": "x", "_t": DAY1}, {"_n": "x", "_t": DAY2})
    segments.seal_tail(db, root, today="2026-03-05")
    assert [(s.day, s.row_count) for s in store.live_segments(db)] == [("2026-03-01", 2)]


def test_today_is_sealed_into_a_file_of_its_own(db: Session, root: Path) -> None:
    ingest(db, {"_n": "x", "_t": DAY1}, {"_n": "x", "_t": DAY2})
    segments.seal_tail(db, root, today="2026-03-02")
    assert [s.day for s in store.live_segments(db)] == ["2026-03-01", "2026-03-02"]


def test_promoted_columns_are_the_ones_the_tail_builder_infers(db: Session, root: Path) -> None:
    ingest(db, *MIXED)
    expected = build_table(expand_batches(store.tail_batches(db)))[1]["properties"]
    segments.seal_tail(db, root)
    assert store.live_segments(db)[0].columns["properties"] == expected


def test_property_values_are_the_ones_the_tail_builder_gives(db: Session, root: Path) -> None:
    ingest(db, *MIXED)
    table = build_table(expand_batches(store.tail_batches(db)))[0]
    expected = table.sort_by([("name", "ascending"), ("ts", "ascending")])
    segments.seal_tail(db, root)
    sealed = pq.read_table(root / store.live_segments(db)[0].path)
    columns = [c for c in expected.column_names if c != "props"]
    assert sealed.select(columns).to_pylist() == expected.select(columns).to_pylist()


def test_a_pass_stopped_by_its_limit_says_more_is_waiting(db: Session, root: Path) -> None:
    ingest(db, {"_n": "x", "_t": DAY1})
    ingest(db, {"_n": "x", "_t": DAY2})
    assert segments.seal_tail(db, root, max_rows=1).tail_left


def test_a_pass_that_took_the_whole_tail_says_nothing_is_waiting(db: Session, root: Path) -> None:
    ingest(db, {"_n": "x", "_t": DAY1})
    ingest(db, {"_n": "x", "_t": DAY2})
    assert not segments.seal_tail(db, root).tail_left
