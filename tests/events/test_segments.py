"""Sealing the tail into Parquet segments: exactly once, crash-safe, compacted, retained."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from gaugeboard.events import segments
from gaugeboard.events.columns import build_table
from gaugeboard.events.engine import open_event_view
from gaugeboard.events.segments import write_parquet_atomically
from gaugeboard.store import events as store
from tests.events.helpers import DAY1, DAY2, ingest


def count_events(db: Session, root: Path) -> int:
    with open_event_view(db, root) as view:
        return int(view.connection.execute("SELECT count(*) FROM events").fetchone()[0])  # type: ignore[index]


def test_sealed_events_leave_the_tail(db: Session, root: Path) -> None:
    ingest(db, {"_n": "a", "_t": DAY1}, {"_n": "b", "_t": DAY2})
    segments.seal_tail(db, root)
    assert store.tail_count(db) == 0


def test_sealed_events_are_still_read_once(db: Session, root: Path) -> None:
    ingest(db, {"_n": "a", "_t": DAY1}, {"_n": "b", "_t": DAY2})
    segments.seal_tail(db, root)
    assert count_events(db, root) == 2


def test_one_segment_per_day(db: Session, root: Path) -> None:
    ingest(db, {"_n": "a", "_t": DAY1}, {"_n": "b", "_t": DAY2})
    assert segments.seal_tail(db, root).segments_written == 2


def test_sealing_again_adds_nothing(db: Session, root: Path) -> None:
    ingest(db, {"_n": "a", "_t": DAY1})
    segments.seal_tail(db, root)
    assert (segments.seal_tail(db, root).sealed_rows, count_events(db, root)) == (0, 1)


def test_tail_and_segments_are_read_together(db: Session, root: Path) -> None:
    ingest(db, {"_n": "a", "_t": DAY1})
    segments.seal_tail(db, root)
    ingest(db, {"_n": "b", "_t": DAY1 + 60})
    assert count_events(db, root) == 2


def test_crash_after_writing_files_but_before_commit_loses_and_duplicates_nothing(
    db: Session, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(db, {"_n": "a", "_t": DAY1}, {"_n": "b", "_t": DAY1 + 1})

    def crash(*_args: object) -> None:
        raise RuntimeError("killed before the catalog commit")

    monkeypatch.setattr(store, "delete_batch_range", crash)
    with pytest.raises(RuntimeError):
        segments.seal_tail(db, root)
    db.rollback()
    monkeypatch.undo()
    assert (count_events(db, root), len(list(root.rglob("*.parquet")))) == (2, 1)


def test_resealing_after_a_crash_counts_each_event_once(
    db: Session, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(db, {"_n": "a", "_t": DAY1})
    monkeypatch.setattr(
        store, "delete_batch_range", lambda *_a: (_ for _ in ()).throw(RuntimeError())
    )
    with pytest.raises(RuntimeError):
        segments.seal_tail(db, root)
    db.rollback()
    monkeypatch.undo()
    segments.seal_tail(db, root)
    assert count_events(db, root) == 1


def test_properties_become_typed_columns(db: Session, root: Path) -> None:
    ingest(db, {"_n": "buy", "_t": DAY1, "amount": 2.5, "plan": "pro", "trial": True})
    segments.seal_tail(db, root)
    types = {name: kind for name, kind in store.live_segments(db)[0].columns["properties"].items()}
    assert {column: spec["type"] for column, spec in types.items()} == {
        "p_amount": "double",
        "p_plan": "string",
        "p_trial": "boolean",
    }


def test_property_names_differing_in_case_stay_apart(db: Session, root: Path) -> None:
    ingest(db, {"_n": "x", "_t": DAY1, "Plan": "A", "plan": "b"})
    segments.seal_tail(db, root)
    with open_event_view(db, root) as view:
        row = view.connection.execute(
            f"SELECT {view.text_property('Plan')}, {view.text_property('plan')} FROM events"
        ).fetchone()
    assert row == ("A", "b")


def test_compaction_merges_a_closed_day_into_one_file(db: Session, root: Path) -> None:
    for minute in range(3):
        ingest(db, {"_n": "x", "_t": DAY1 + minute * 60, "n": minute})
        segments.seal_tail(db, root)
    segments.compact_closed_days(db, root, today="2026-03-05")
    assert len(store.live_segments(db)) == 1


def test_compaction_keeps_every_event_once(db: Session, root: Path) -> None:
    for minute in range(3):
        ingest(db, {"_n": "x", "_t": DAY1 + minute * 60})
        segments.seal_tail(db, root)
    segments.compact_closed_days(db, root, today="2026-03-05")
    assert count_events(db, root) == 3


def test_compaction_merges_the_closed_days_of_a_month_into_one_file(
    db: Session, root: Path
) -> None:
    ingest(db, {"_n": "x", "_t": DAY1}, {"_n": "x", "_t": DAY2})
    segments.seal_tail(db, root)  # one file per day
    segments.compact_closed_days(db, root, today="2026-03-05")
    assert [(s.day, s.row_count) for s in store.live_segments(db)] == [("2026-03-01", 2)]


def test_compaction_keeps_months_apart(db: Session, root: Path) -> None:
    ingest(db, {"_n": "x", "_t": DAY1 - 86400}, {"_n": "x", "_t": DAY1}, {"_n": "x", "_t": DAY2})
    segments.seal_tail(db, root)
    segments.compact_closed_days(db, root, today="2026-03-05")
    assert [s.day for s in store.live_segments(db)] == ["2026-02-28", "2026-03-01"]


def test_a_query_sees_a_new_segment_at_once(db: Session, root: Path) -> None:
    ingest(db, {"_n": "x", "_t": DAY1})
    segments.seal_tail(db, root)
    assert count_events(db, root) == 1
    ingest(db, {"_n": "x", "_t": DAY2})
    segments.seal_tail(db, root)
    assert count_events(db, root) == 2


def test_compaction_leaves_today_alone(db: Session, root: Path) -> None:
    for minute in range(2):
        ingest(db, {"_n": "x", "_t": DAY1 + minute * 60})
        segments.seal_tail(db, root)
    segments.compact_closed_days(db, root, today="2026-03-01")
    assert len(store.live_segments(db)) == 2


def test_retention_drops_whole_old_segments(db: Session, root: Path) -> None:
    ingest(db, {"_n": "old", "_t": DAY1}, {"_n": "new", "_t": DAY2})
    segments.seal_tail(db, root)
    now = datetime.fromtimestamp(DAY2, UTC) + timedelta(hours=12)
    assert segments.drop_expired(db, retention_days=1, now=now) == 1


def test_retention_zero_keeps_everything(db: Session, root: Path) -> None:
    ingest(db, {"_n": "old", "_t": DAY1})
    segments.seal_tail(db, root)
    assert segments.drop_expired(db, retention_days=0, now=datetime.now(UTC)) == 0


def test_retired_files_are_deleted_after_the_grace_period(db: Session, root: Path) -> None:
    ingest(db, {"_n": "old", "_t": DAY1})
    segments.seal_tail(db, root)
    now = datetime.now(UTC)
    segments.drop_expired(db, retention_days=1, now=now)
    segments.remove_dead_files(db, root, now + segments.RETIRED_GRACE + timedelta(seconds=1))
    assert list(root.rglob("*.parquet")) == []


def test_a_person_keeps_one_integer_across_seals(db: Session, root: Path) -> None:
    ingest(db, {"_n": "x", "_p": "ann", "_t": DAY1}, {"_n": "x", "_t": DAY1 + 1})
    segments.seal_tail(db, root)
    ingest(db, {"_n": "x", "_p": "ann", "_t": DAY2})
    segments.seal_tail(db, root)
    with open_event_view(db, root) as view:
        rows = view.connection.execute("SELECT person, pid FROM events ORDER BY ts").fetchall()
    ann = store.person_ids(db, ["ann"])["ann"]
    assert rows == [("ann", ann), ("", None), ("ann", ann)]


def test_segments_without_person_integers_are_counted_by_text(db: Session, root: Path) -> None:
    old_rows = [(1, "x", "ann", int(DAY1 * 1_000_000), {})]
    table, columns = build_table(old_rows)  # as sealed before the persons dictionary
    write_parquet_atomically(table, root / "old.parquet")
    store.insert_segment(
        db,
        path="old.parquet",
        day="2026-03-01",
        min_ts_us=old_rows[0][3],
        max_ts_us=old_rows[0][3],
        row_count=1,
        columns={k: v for k, v in columns.items() if k != "pid"},
    )
    db.commit()
    ingest(db, {"_n": "x", "_p": "ann", "_t": DAY2}, {"_n": "x", "_p": "bob", "_t": DAY2})
    segments.seal_tail(db, root)
    ingest(db, {"_n": "x", "_p": "bob", "_t": DAY2 + 1})  # and one in the tail
    with open_event_view(db, root) as view:
        persons = view.connection.execute(
            f"SELECT count(DISTINCT {view.person_key}) FROM events"
        ).fetchone()
    assert persons == (2,)


def seal_one_event_per_pass(db: Session, root: Path, passes: int) -> None:
    for minute in range(passes):
        ingest(db, {"_n": "x", "_t": DAY1 + minute * 60})
        segments.seal_tail(db, root)


def test_the_open_days_files_are_left_alone_below_a_full_tier(db: Session, root: Path) -> None:
    seal_one_event_per_pass(db, root, segments.TIER_FILES - 1)
    assert segments.compact_open_days(db, root, today="2026-03-01") == 0


def test_a_full_tier_of_the_open_days_files_becomes_one_file(db: Session, root: Path) -> None:
    seal_one_event_per_pass(db, root, segments.TIER_FILES)
    segments.compact_open_days(db, root, today="2026-03-01")
    assert [(s.day, s.row_count) for s in store.live_segments(db)] == [
        ("2026-03-01", segments.TIER_FILES)
    ]


def test_merging_the_open_days_files_keeps_every_event_once(db: Session, root: Path) -> None:
    seal_one_event_per_pass(db, root, segments.TIER_FILES + 1)
    segments.compact_open_days(db, root, today="2026-03-01")
    assert (len(store.live_segments(db)), count_events(db, root)) == (1, segments.TIER_FILES + 1)


def test_only_files_of_about_the_same_size_are_merged(db: Session, root: Path) -> None:
    ingest(db, *({"_n": "x", "_t": DAY1 + n} for n in range(segments.TIER_FILES**2)))
    segments.seal_tail(db, root)  # one large file
    seal_one_event_per_pass(db, root, segments.TIER_FILES)
    segments.compact_open_days(db, root, today="2026-03-01")
    assert sorted(s.row_count for s in store.live_segments(db)) == [
        segments.TIER_FILES,
        segments.TIER_FILES**2,
    ]


def test_a_closed_day_is_not_merged_by_tier(db: Session, root: Path) -> None:
    seal_one_event_per_pass(db, root, segments.TIER_FILES)
    assert segments.compact_open_days(db, root, today="2026-03-02") == 0


def test_size_tiers_are_powers_of_the_tier_width() -> None:
    width = segments.TIER_FILES
    assert [segments.size_tier(n) for n in (0, 1, width - 1, width, width**2 - 1, width**2)] == [
        0,
        0,
        0,
        1,
        1,
        2,
    ]


def test_maintenance_merges_the_open_days_files(db: Session, root: Path) -> None:
    now = datetime.fromtimestamp(DAY1, UTC) + timedelta(hours=23)
    for minute in range(segments.TIER_FILES):
        ingest(db, {"_n": "x", "_t": DAY1 + minute * 60})
        segments.run_maintenance(db, root, retention_days=0, now=now)
    assert len(store.live_segments(db)) == 1
