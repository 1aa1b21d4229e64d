"""Sealing: move committed tail rows into immutable Parquet segments, exactly once.

A seal writes each UTC day's rows to a new file (temp file, fsync, rename), then in ONE
catalog transaction registers the files and deletes exactly the tail rows it read. Queries
only read registered files, so a crash at any moment either leaves the rows in the tail
(the orphan file is ignored and later removed) or has them sealed; never both, never none.
Compaction merges the closed days of a calendar month into one file the same way (a query
pays a fixed cost per file it opens), and the open day's files size-tiered; retired files
are deleted only after a grace period so a query that listed them a moment ago can still
read them.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from gaugeboard.data_dir import make_private_dirs
from gaugeboard.events.engine import DUCKDB_CONFIG, SQL_TYPE, quote_identifier, sql_literal
from gaugeboard.events.known_persons import KnownPersons
from gaugeboard.events.rollups import SUFFIX as ROLLUP_SUFFIX
from gaugeboard.events.rollups import merge_rollups, rollup_path, segment_of, write_rollup
from gaugeboard.events.seal_files import SealFrame
from gaugeboard.store import events as store
from gaugeboard.store.database import begin_write
from gaugeboard.store.event_models import EventSegment
from gaugeboard.store.types import utcnow

# Rows are sorted by (name, ts) in row groups of this size: a filter on the event name (most
# queries have one) skips whole row groups by their min/max statistics.
ROW_GROUP_ROWS = 65_536
RETIRED_GRACE = timedelta(minutes=10)
ORPHAN_GRACE = timedelta(hours=1)
INSERT_ID_WINDOW = timedelta(days=7)


class SealConflict(RuntimeError):
    """Another process changed the tail or the segments underneath this pass; nothing of
    this pass was committed, and the next pass starts from what is there."""


@dataclass
class SealReport:
    sealed_rows: int = 0
    segments_written: int = 0
    segments_compacted: int = 0
    segments_dropped: int = 0
    files_removed: int = 0
    tail_left: bool = False  # the pass stopped at max_rows: more is waiting


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_parquet_atomically(table: pa.Table, target: Path) -> None:
    """Write to a temp file beside ``target``, fsync it, rename it in, fsync the folder."""
    make_private_dirs(target.parent)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".parquet")
    os.close(fd)
    try:
        pq.write_table(table, temp_name, compression="zstd", row_group_size=ROW_GROUP_ROWS)
        with open(temp_name, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
        _fsync_dir(target.parent)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _id_runs(ids: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted ids → contiguous (first, last) runs; a gap is never deleted by a range."""
    runs: list[tuple[int, int]] = []
    for value in ids:
        if runs and value == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


def _segment_path(root: Path, day: str, label: str) -> Path:
    return root / day[:4] / day[5:7] / day / f"{label}.parquet"


def seal_tail(
    db: Session,
    root: Path,
    max_rows: int = 2_000_000,
    today: str | None = None,
    known: KnownPersons | None = None,
) -> SealReport:
    """Seal what the tail holds now (up to ``max_rows``) into one file per UTC day; with
    ``today`` (YYYY-MM-DD), the closed days before it go one file per calendar month, the
    layout compaction would give them anyway, so they are written once, not twice.
    ``known`` keeps the persons' ids between passes (the sealing job's own)."""
    report = SealReport()
    batches = store.tail_batches(db, max_events=max_rows)
    if not batches:
        db.rollback()
        return report
    first_id, last_id = batches[0].id, batches[-1].id
    # Stopped by the limit (the next batch did not fit), not merely followed by new events.
    following = store.next_batch_count(db, last_id)
    taken = sum(batch.event_count for batch in batches)
    report.tail_left = following is not None and taken + following > max_rows
    db.rollback()  # end the read: files are written with no transaction open
    known = KnownPersons() if known is None else known
    known.trim()
    frame = SealFrame(root / ".spill", today)
    try:
        known.add(_person_ids(db, set(frame.load(batches, known.table))))
        files = frame.files(known.table)
        written: list[dict[str, Any]] = []
        for file in files:
            # A fresh random part: a retry after a crash never writes over an earlier file.
            label = f"seal-{first_id}-{last_id}-{secrets.token_hex(4)}"
            relative = _segment_path(Path(), file.day, label)
            frame.write(file, root / relative, _copy_parquet_atomically)
            rollup = write_rollup(
                frame.connection,
                root / relative,
                relative.as_posix(),
                file.columns,
                file.row_count,
                _copy_rollup_atomically,
            )
            if rollup is not None:
                file.columns["rollup"] = rollup
            written.append(
                {
                    "path": relative.as_posix(),
                    "day": file.day,
                    "min_ts_us": file.min_ts_us,
                    "max_ts_us": file.max_ts_us,
                    "row_count": file.row_count,
                    "columns": file.columns,
                }
            )
    finally:
        frame.close()
    _register_sealed(db, batches, written)
    report.sealed_rows = sum(batch.event_count for batch in batches)
    report.segments_written = len(written)
    return report


def _register_sealed(db: Session, batches: Sequence[Any], written: list[dict[str, Any]]) -> None:
    """In ONE transaction: register the files and delete exactly the batches they hold."""
    begin_write(db)
    for values in written:
        if store.segment_by_path(db, values["path"]) is None:
            store.insert_segment(db, **values)
    deleted = sum(
        store.delete_batch_range(db, first, last)
        for first, last in _id_runs([batch.id for batch in batches])
    )
    if deleted != len(batches):
        # Another sealer (one whose lease ran out while this one stalled) sealed some of
        # these batches already: registering our files too would count events twice.
        db.rollback()
        raise SealConflict(f"expected to seal {len(batches)} batches, found {deleted}")
    db.commit()


def _person_ids(db: Session, persons: set[str]) -> dict[str, int]:
    """The persons dictionary's ids of ``persons``, adding the ones it lacks in a commit of
    their own. An id given here and then unused (a seal that fails later) is harmless:
    ids are never reused or changed, so the next seal finds the same ones."""
    wanted = sorted(persons)
    ids = store.person_ids(db, wanted)
    db.rollback()
    missing = [person for person in wanted if person not in ids]
    if missing:
        begin_write(db)
        store.add_persons(db, missing)
        db.commit()
        ids.update(store.person_ids(db, missing))
        db.rollback()
    return ids


def _merged_columns(segments: Sequence[EventSegment]) -> dict[str, Any]:
    properties: dict[str, dict[str, str]] = {}
    overflow = False
    for segment in segments:
        overflow = overflow or bool(segment.columns.get("overflow"))
        for column, spec in segment.columns.get("properties", {}).items():
            known = properties.get(column)
            if known is None:
                properties[column] = dict(spec)
            elif known["type"] != spec["type"]:
                known["type"] = "string"
    has_pid = all(segment.columns.get("pid") for segment in segments)
    return {"properties": properties, "overflow": overflow, "pid": has_pid}


SEGMENT_FORMAT = (
    f"FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP_ROWS}, PARQUET_VERSION V2"
)
# Rollups are small and written at every seal: snappy writes them in half zstd's time, and
# smaller row groups let a query's name filter skip more of their hour rows.
ROLLUP_FORMAT = "FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 16384"


def _copy_rollup_atomically(con: duckdb.DuckDBPyConnection, select: str, target: Path) -> None:
    _copy_parquet_atomically(con, select, target, ROLLUP_FORMAT)


def _copy_parquet_atomically(
    con: duckdb.DuckDBPyConnection, select: str, target: Path, options: str = SEGMENT_FORMAT
) -> None:
    """Stream a query's rows into a Parquet file beside ``target`` (DuckDB's writer: zstd,
    dictionary pages, 64k-row groups; the sort spills to disk, so memory stays bounded),
    fsync it, rename it in, fsync the folder. Parquet format 2 pages let the writer
    delta-encode integer columns: the (name, ts)-sorted time column and ``pid`` shrink by
    a sixth to a fifth, and the column types stay what they were (``ts`` a TIMESTAMP)."""
    make_private_dirs(target.parent)
    temp = target.parent / f".tmp-{secrets.token_hex(8)}.parquet"
    try:
        con.execute(f"COPY ({select}) TO {sql_literal(str(temp))} ({options})")
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _compacted_rollup(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    segments: Sequence[EventSegment],
    relative: str,
    columns: dict[str, Any],
) -> dict[str, Any] | None:
    """The merged file's rollup: merged from the parts' hour rows when each has them (a
    small re-aggregation), else rolled up from the merged file."""
    rows = sum(s.row_count for s in segments)
    parts = [s.columns.get("rollup") for s in segments]
    if all(part and "hour" in part["grains"] for part in parts):
        return merge_rollups(
            con, root, [p for p in parts if p], relative, rows, _copy_rollup_atomically
        )
    return write_rollup(con, root / relative, relative, columns, rows, _copy_rollup_atomically)


def compact_day(db: Session, root: Path, day: str, segments: Sequence[EventSegment]) -> bool:
    """Merge segments (of closed days, one calendar month at most; or of one open day) into
    one file; register it and retire the parts. ``day`` is the first day the file holds."""
    if len(segments) < 2:
        return False
    columns = _merged_columns(segments)
    paths = [str(root / segment.path) for segment in segments]
    label = hashlib.sha256("\n".join(sorted(s.path for s in segments)).encode()).hexdigest()[:16]
    relative = _segment_path(Path(), day, f"compact-{label}")
    spill = root / ".spill"
    make_private_dirs(spill)
    with duckdb.connect(config={**DUCKDB_CONFIG, "temp_directory": str(spill)}) as con:
        casts = ", ".join(
            f"CAST({quote_identifier(column)} AS {SQL_TYPE[spec['type']]}) "
            f"AS {quote_identifier(column)}"
            for column, spec in columns["properties"].items()
        )
        base = "key_id, name, person, ts, props" + (", pid" if columns["pid"] else "")
        select = base + (f", {casts}" if casts else "")
        listing = "[" + ", ".join(sql_literal(path) for path in paths) + "]"
        _copy_parquet_atomically(
            con,
            f"SELECT {select} FROM read_parquet({listing}, union_by_name=true) ORDER BY name, ts",
            root / relative,
        )
        rollup = _compacted_rollup(con, root, segments, relative.as_posix(), columns)
        if rollup is not None:
            columns["rollup"] = rollup
    begin_write(db)
    if store.segment_by_path(db, relative.as_posix()) is None:
        store.insert_segment(
            db,
            path=relative.as_posix(),
            day=day,
            min_ts_us=min(s.min_ts_us for s in segments),
            max_ts_us=max(s.max_ts_us for s in segments),
            row_count=sum(s.row_count for s in segments),
            columns=columns,
        )
    retired = store.retire_segments(db, [s.id for s in segments], utcnow())
    if retired != len(segments):
        db.rollback()
        raise SealConflict("another process compacted these segments first")
    db.commit()
    return True


def compact_closed_days(db: Session, root: Path, today: str) -> int:
    """Merge the segments of closed days into one file per calendar month: a query pays a
    fixed cost per file it opens (about 0.3 ms each), so 90 daily files cost a 1M-event
    query ten times its scan. The current month's file is re-merged as each day closes."""
    by_month: dict[str, list[EventSegment]] = defaultdict(list)
    for segment in store.live_segments(db):
        if segment.day < today:
            by_month[segment.day[:7]].append(segment)
    return sum(
        compact_day(db, root, min(s.day for s in parts), parts)
        for _, parts in sorted(by_month.items())
    )


# The open day's files are merged size-tiered, as an LSM tree merges its levels: once
# TIER_FILES files of about the same size (the same power of TIER_FILES rows) exist, they
# become one. A day of one seal a minute then has at most a few dozen files, not 1,440 (a
# query pays about 0.2 ms a file), and each event is rewritten about log8(seals) times.
TIER_FILES = 8


def size_tier(rows: int) -> int:
    """Files whose row counts share this number (the power of TIER_FILES below them) are
    merged together."""
    tier = 0
    while rows >= TIER_FILES:
        rows //= TIER_FILES
        tier += 1
    return tier


def compact_open_days(db: Session, root: Path, today: str) -> int:
    """Merge each tier of today's (and any later day's) files once it holds TIER_FILES of
    them; closing the day merges what is left into the month's file."""
    tiers: dict[tuple[str, int], list[EventSegment]] = defaultdict(list)
    for segment in store.live_segments(db):
        if segment.day >= today:
            tiers[(segment.day, size_tier(segment.row_count))].append(segment)
    return sum(
        compact_day(db, root, day, parts)
        for (day, _), parts in sorted(tiers.items())
        if len(parts) >= TIER_FILES
    )


def drop_expired(db: Session, retention_days: int, now: datetime) -> int:
    """Retire whole segments whose newest event is older than the retention period."""
    if retention_days <= 0:
        return 0
    cutoff_us = int((now - timedelta(days=retention_days)).timestamp() * 1_000_000)
    begin_write(db)
    expired = [s.id for s in store.live_segments(db) if s.max_ts_us < cutoff_us]
    store.retire_segments(db, expired, now)
    db.commit()
    return len(expired)


def remove_dead_files(db: Session, root: Path, now: datetime) -> int:
    """Delete retired files after the grace period, and orphan files no seal registered."""
    removed = 0
    begin_write(db)
    retired = store.retired_segments_before(db, now - RETIRED_GRACE)
    for segment in retired:
        (root / segment.path).unlink(missing_ok=True)
        (root / rollup_path(segment.path)).unlink(missing_ok=True)
        removed += 1
    store.delete_segments(db, [s.id for s in retired])
    db.commit()
    if not root.exists():
        return removed
    known = store.all_segment_paths(db)
    cutoff = (now - ORPHAN_GRACE).timestamp()
    for path in [*root.rglob("*.parquet"), *root.rglob(f"*{ROLLUP_SUFFIX}")]:
        relative = path.relative_to(root).as_posix()
        owner = segment_of(relative) if relative.endswith(ROLLUP_SUFFIX) else relative
        if owner not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def run_maintenance(
    db: Session,
    root: Path,
    retention_days: int,
    now: datetime | None = None,
    known: KnownPersons | None = None,
) -> SealReport:
    """One pass of the sealing job: seal, compact closed days, drop expired, clean up."""
    moment = now or utcnow()
    today = moment.strftime("%Y-%m-%d")
    report = seal_tail(db, root, today=today, known=known)
    if not report.tail_left:
        # While a backlog is being caught up, each pass would re-merge the month files the
        # last pass wrote (quadratic in the backlog); merge once when caught up.
        report.segments_compacted = compact_closed_days(db, root, today)
        report.segments_compacted += compact_open_days(db, root, today)
    report.segments_dropped = drop_expired(db, retention_days, moment)
    report.files_removed = remove_dead_files(db, root, moment)
    begin_write(db)
    store.delete_insert_ids_before(db, moment - INSERT_ID_WINDOW)
    db.commit()
    return report
