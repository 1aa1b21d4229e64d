"""DuckDB over sealed Parquet segments plus the unsealed tail, as one ``events`` view.

Each process keeps one in-memory DuckDB database whose ``sealed`` view covers every live
segment; it is rebuilt only when the set of segments changes (checked against the catalog on
every query, in the snapshot the tail is read in), and DuckDB's Parquet metadata cache keeps
the file footers, so a query does not re-read them. A query takes its own cursor; when its
time range has tail rows it registers them as an Arrow table and reads a temporary
``events`` view joining them with the segments of its range, otherwise it reads the cached
view (or one over only its range's files when that leaves out several). A small set of
segments (``EVENT_MEMORY_ROWS``) is copied into a table in memory instead. No DuckDB
extension is ever downloaded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy.orm import Session

from gaugeboard.events.columns import EventRow, build_table, column_name, expand_batches
from gaugeboard.store import events as store

log = logging.getLogger(__name__)

DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": True,
    "threads": 2,
    "enable_object_cache": True,
}
PRUNE_MIN_FILES = 4
# The rollups' day rows are kept in memory (one table per process, rebuilt with the view)
# up to this many rows: a query then pays no file opening for them (about 0.2 ms a file).
MAX_DAY_ROWS_IN_MEMORY = 1_000_000
DAY_ROWS_TABLE = "rollup_days"
MEMORY_TABLE = "sealed_rows"
# A copy in memory (EVENT_MEMORY_ROWS) bigger than this is dropped again: events with large
# properties take far more than the usual 70-120 MB per million.
MAX_MEMORY_COPY_BYTES = 1 << 30
SQL_TYPE = {"double": "DOUBLE", "boolean": "BOOLEAN", "string": "VARCHAR"}
EMPTY_EVENTS = (
    "SELECT NULL::INTEGER AS key_id, NULL::VARCHAR AS name, NULL::VARCHAR AS person, "
    "NULL::TIMESTAMP AS ts, NULL::VARCHAR AS props, NULL::BIGINT AS pid WHERE false"
)


@dataclass
class EventView:
    """An open DuckDB cursor with an ``events`` view, and what its property columns are."""

    connection: duckdb.DuckDBPyConnection
    property_types: dict[str, str] = field(default_factory=dict)  # column → double|boolean|string
    overflow: bool = False
    # What identifies a person in SQL, NULL for events without one: the persons
    # dictionary's integer when every segment has it, else the text id.
    person_key: str = "pid"
    # The smallest and largest ``pid`` any event of the view may have (segments' Parquet
    # statistics and the tail's ids), None when unknown: unique-person bitmaps are sized
    # by it without a pass over the events.
    person_span: tuple[int, int] | None = None
    # The rollup metadata (``rollups.write_rollup``) of each segment the query's range
    # touches, None for a segment without one; and where their paths are relative to.
    rollups: list[dict[str, Any] | None] = field(default_factory=list)
    root: Path | None = None
    # Every live rollup's day rows as a table of the view's connection, None when not
    # loaded (too many rows, or no rollups).
    day_rows_table: str | None = None
    # The unsealed rows alone (a SELECT with the view's columns), None when there are none:
    # rollups cover the segments, so a rollup read adds these.
    tail_sql: str | None = None

    def property_expression(self, key: str) -> str:
        """SQL for a property's value (NULL when no event has it)."""
        column = column_name(key)
        escaped = key.replace("\\", "\\\\").replace('"', '\\"')
        json_path = '$."' + escaped + '"'
        fallback = f"json_extract_string(props, {sql_literal(json_path)})"
        if column not in self.property_types:
            return fallback if self.overflow else "NULL"
        quoted = quote_identifier(column)
        return f"coalesce(CAST({quoted} AS VARCHAR), {fallback})" if self.overflow else quoted

    def numeric_property(self, key: str) -> str:
        column = column_name(key)
        if self.property_types.get(column) == "double" and not self.overflow:
            return quote_identifier(column)
        return f"TRY_CAST({self.property_expression(key)} AS DOUBLE)"

    def text_property(self, key: str) -> str:
        expression = self.property_expression(key)
        if self.property_types.get(column_name(key)) == "string" and not self.overflow:
            return expression
        return f"CAST({expression} AS VARCHAR)"


@dataclass(frozen=True)
class SegmentInfo:
    """What a query needs of a segment, detached from the ORM session."""

    path: str
    columns: dict[str, Any]
    min_ts_us: int | None = None  # the stored bounds of its events, None when unknown
    max_ts_us: int | None = None
    row_count: int = 0

    def overlaps(self, min_ts_us: int | None, max_ts_us: int | None) -> bool:
        """Whether it may hold events in [min, max)."""
        if min_ts_us is not None and self.max_ts_us is not None and self.max_ts_us < min_ts_us:
            return False
        return max_ts_us is None or self.min_ts_us is None or self.min_ts_us < max_ts_us


@dataclass
class _Sealed:
    connection: duckdb.DuckDBPyConnection
    property_types: dict[str, str]
    overflow: bool
    has_pid: bool  # every segment has the persons dictionary's ``pid`` column
    root: Path
    segments: Sequence[SegmentInfo]
    pid_span: tuple[int, int] | None = None  # of every segment, from its statistics
    day_rows: bool = False  # DAY_ROWS_TABLE holds every rollup's day rows
    in_memory: bool = False  # the views read MEMORY_TABLE, a copy of every segment's rows

    def select_within(
        self, min_ts_us: int | None, max_ts_us: int | None, min_dropped: int = 1
    ) -> str | None:
        """A SELECT of the view's columns over only the segments that may hold events in
        [min, max), or None when that would leave out fewer than ``min_dropped`` files (the
        cached ``sealed`` view serves then). A copy in memory is never narrowed: its own
        row groups' bounds skip what lies outside the range."""
        if self.in_memory:
            return None
        wanted = [s for s in self.segments if s.overlaps(min_ts_us, max_ts_us)]
        if len(self.segments) - len(wanted) < max(min_dropped, 1):
            return None
        if not wanted:
            return f"SELECT {_projection(self.property_types, set())} FROM ({EMPTY_EVENTS})"
        return _union(self.root, wanted, self.property_types)


class SealedCache:
    """Per process and segment folder: the ``sealed`` view over the current live segments.

    It is keyed by the live segments' (id, path) pairs, which one narrow catalog query
    reads; the segments' column metadata is loaded and the view rebuilt only when that
    set changes (a seal, a compaction, a retirement). When the segments hold at most
    ``memory_rows`` events (``EVENT_MEMORY_ROWS``), the rebuild copies them into a DuckDB
    table in memory: DuckDB scans its own format 1.3-1.6 times faster than Parquet."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[tuple[int, str], ...] | None = None
        self._sealed: _Sealed | None = None
        self.memory_rows = 0

    @property
    def in_memory(self) -> bool:
        """Whether the current view reads a copy in memory."""
        sealed = self._sealed
        return sealed is not None and sealed.in_memory

    def configure(self, memory_rows: int) -> None:
        """Set the in-memory limit; a view built under another limit is rebuilt. It is
        per segments folder: apps of one process sharing a folder share the last one set."""
        with self._lock:
            if memory_rows != self.memory_rows:
                self.memory_rows = memory_rows
                self._sealed = None

    def current(
        self,
        root: Path,
        key: Sequence[tuple[int, str]],
        load: Callable[[], Sequence[SegmentInfo]],
    ) -> _Sealed:
        frozen = tuple(sorted(key))
        with self._lock:
            if self._sealed is None or frozen != self._key:
                self._sealed = _build_sealed(root, load(), self.memory_rows)
                self._key = frozen
            return self._sealed


_caches: dict[str, SealedCache] = {}
_caches_lock = threading.Lock()


def sealed_cache(root: Path) -> SealedCache:
    with _caches_lock:
        return _caches.setdefault(str(root), SealedCache())


def _build_sealed(root: Path, segments: Sequence[SegmentInfo], memory_rows: int = 0) -> _Sealed:
    connection = duckdb.connect(config=dict(DUCKDB_CONFIG))
    # Not implied by enable_object_cache (DuckDB 2.0), not settable before the connection
    # exists, and LOCAL unless said GLOBAL (the queries' cursors would not have it): with it
    # a query does not re-read each file's footer, 0.15 ms a file.
    connection.execute("SET GLOBAL parquet_metadata_cache = true")
    types: dict[str, str] = {}
    overflow = False
    for segment in segments:
        _merge_types(types, segment.columns)
        overflow = overflow or bool(segment.columns.get("overflow"))
    has_pid = all(segment.columns.get("pid") for segment in segments)
    in_memory = False
    if segments:
        union = _union(root, segments, types)  # every column, typed: no outer projection
        if sum(segment.row_count for segment in segments) <= memory_rows:
            in_memory = _copy_into_memory(connection, union)
            union = f"SELECT * FROM {MEMORY_TABLE}" if in_memory else union
        connection.execute("CREATE VIEW sealed AS " + union)
        connection.execute("CREATE VIEW events AS " + union)
    else:
        connection.execute(f"CREATE VIEW events AS {EMPTY_EVENTS}")
    span = _pid_span(connection, root, segments) if has_pid and segments else None
    day_rows = _load_day_rows(connection, root, segments)
    return _Sealed(
        connection, types, overflow, has_pid, root, list(segments), span, day_rows, in_memory
    )


def _copy_into_memory(connection: duckdb.DuckDBPyConnection, union: str) -> bool:
    """Copy the segments' rows into a table in memory, file after file (each sorted by
    name and time; sorting the whole copy again doubled its build's memory and time, and a
    copy of at most a few million rows has only a few dozen row groups to skip anyway).
    False, and the files are read, when the copy fails (out of memory) or holds more than
    MAX_MEMORY_COPY_BYTES (events with large properties)."""
    try:
        connection.execute(f"CREATE TABLE {MEMORY_TABLE} AS {union}")
        row = connection.execute(
            "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() "
            "WHERE tag = 'IN_MEMORY_TABLE'"
        ).fetchone()
    except duckdb.Error as error:
        log.warning("events: no copy in memory, queries read the files (%s)", error)
        return False
    size = int(row[0]) if row else 0
    if size > MAX_MEMORY_COPY_BYTES:
        connection.execute(f"DROP TABLE {MEMORY_TABLE}")
        log.warning(
            "events: the copy in memory would take %d MB, past %d MB: queries read the files",
            size >> 20,
            MAX_MEMORY_COPY_BYTES >> 20,
        )
        return False
    return True


def _load_day_rows(
    connection: duckdb.DuckDBPyConnection, root: Path, segments: Sequence[SegmentInfo]
) -> bool:
    """Copy the rollups' day rows into memory, sorted so a query's name and dimension
    filters skip most of them; False when there are none or too many."""
    rollups = [s.columns.get("rollup") for s in segments]
    files = [
        sql_literal(str(root / r["path"])) for r in rollups if r and "day" in r.get("grains", [])
    ]
    if not files:
        return False
    connection.execute(
        f"CREATE TABLE {DAY_ROWS_TABLE} AS SELECT * EXCLUDE (grain) FROM "
        f"read_parquet([{', '.join(files)}], union_by_name=true) WHERE grain = 'day' "
        "ORDER BY name, dim, t"
    )
    row = connection.execute(f"SELECT count(*) FROM {DAY_ROWS_TABLE}").fetchone()
    if row is None or row[0] > MAX_DAY_ROWS_IN_MEMORY:
        connection.execute(f"DROP TABLE {DAY_ROWS_TABLE}")
        return False
    return True


def _pid_span(
    connection: duckdb.DuckDBPyConnection, root: Path, segments: Sequence[SegmentInfo]
) -> tuple[int, int] | None:
    """The smallest and largest ``pid`` of the segments, from their row groups' statistics
    (footers only); None when a row group with persons has none."""
    files = ", ".join(sql_literal(str(root / segment.path)) for segment in segments)
    row = connection.execute(
        "SELECT min(TRY_CAST(stats_min_value AS BIGINT)), max(TRY_CAST(stats_max_value AS "
        "BIGINT)), count(*) FILTER (WHERE stats_min_value IS NULL AND num_values > "
        f"coalesce(stats_null_count, 0)) FROM parquet_metadata([{files}]) "
        "WHERE path_in_schema = 'pid'"
    ).fetchone()
    if row is None or row[0] is None or row[1] is None or row[2]:
        return None
    return int(row[0]), int(row[1])


def _person_span(sealed: _Sealed, tail_ids: dict[str, int] | None) -> tuple[int, int] | None:
    """Every ``pid`` the view may hold lies in this span (None: not known)."""
    if not sealed.has_pid or (sealed.segments and sealed.pid_span is None):
        return None
    bounds = [*sealed.pid_span] if sealed.pid_span else []
    bounds += [min(tail_ids.values()), max(tail_ids.values())] if tail_ids else []
    return (min(bounds), max(bounds)) if bounds else None


def _union(root: Path, segments: Sequence[SegmentInfo], types: dict[str, str]) -> str:
    """The segments' rows with every column of ``types``: files with the same columns are
    read by one plain read_parquet (union_by_name would re-read every footer to line the
    schemas up on each query)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for segment in segments:
        columns = tuple(sorted(segment.columns.get("properties", {})))
        columns += ("pid",) if segment.columns.get("pid") else ()
        groups.setdefault(columns, []).append(sql_literal(str(root / segment.path)))
    return " UNION ALL ".join(
        f"SELECT {_projection(types, set(columns))} FROM read_parquet([{', '.join(paths)}])"
        for columns, paths in groups.items()
    )


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _merge_types(target: dict[str, str], columns: dict[str, Any]) -> None:
    for column, spec in columns.get("properties", {}).items():
        known = target.get(column)
        target[column] = spec["type"] if known in (None, spec["type"]) else "string"


@contextmanager
def open_event_view(
    db: Session, root: Path, min_ts_us: int | None = None, max_ts_us: int | None = None
) -> Iterator[EventView]:
    """Yield a view of every event (only what may lie in [min, max) when given: the tail's
    batches and the segment files outside the range are not read)."""
    db.rollback()
    if db.get_bind().dialect.name == "postgresql":
        # Segments and tail must be read in one snapshot, or a seal committing in between
        # would hide its events from this query (READ COMMITTED gives each statement its own).
        db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    # The live set is read on every query, in the same snapshot as the tail: it is the
    # generation the cached view is checked against, so a segment sealed or retired by any
    # process is seen (or no longer read) by the next query.
    sealed = sealed_cache(root).current(root, store.live_segment_keys(db), lambda: _infos(db))
    batches = store.tail_events_in_range(db, min_ts_us, max_ts_us)
    tail_rows = list(expand_batches(batches))
    tail_ids = _tail_person_ids(db, tail_rows) if sealed.has_pid and tail_rows else None
    db.rollback()  # end the read transaction: the rest runs in DuckDB
    view = EventView(
        sealed.connection.cursor(),
        dict(sealed.property_types),
        sealed.overflow,
        "pid" if sealed.has_pid else "NULLIF(person, '')",
        _person_span(sealed, tail_ids),
        [s.columns.get("rollup") for s in sealed.segments if s.overlaps(min_ts_us, max_ts_us)],
        root,
        DAY_ROWS_TABLE if sealed.day_rows else None,
    )
    try:
        # Each file costs a query about 0.2 ms even when its statistics rule out every row
        # group, and a view of our own costs about 0.6 ms: with a tail the view is made
        # anyway, without one it pays only when it leaves out a few files.
        sealed_part = sealed.select_within(min_ts_us, max_ts_us, 1 if batches else PRUNE_MIN_FILES)
        if batches:
            _add_tail(view, sealed, sealed_part, tail_rows, tail_ids)
        elif sealed_part is not None:
            view.connection.execute("CREATE TEMP VIEW events AS " + sealed_part)
        # else: the sealed connection's own ``events`` view, nothing to set up
        yield view
    finally:
        view.connection.close()


def _infos(db: Session) -> list[SegmentInfo]:
    return [
        SegmentInfo(s.path, dict(s.columns), s.min_ts_us, s.max_ts_us, s.row_count)
        for s in store.live_segments(db)
    ]


def _add_tail(
    view: EventView,
    sealed: _Sealed,
    sealed_part: str | None,
    tail_rows: Sequence[EventRow],
    tail_ids: dict[str, int] | None,
) -> None:
    """Register the tail rows and make ``events`` the union of them and the segments."""
    tail_table, tail_columns = build_table(tail_rows, tail_ids)
    _merge_types(view.property_types, tail_columns)
    view.overflow = view.overflow or bool(tail_columns.get("overflow"))
    view.connection.register("tail_rows", tail_table)
    view.tail_sql = (
        "SELECT "
        + _projection(view.property_types, set(tail_table.column_names))
        + " FROM tail_rows"
    )
    parts = [view.tail_sql]
    if sealed.segments:
        source = "sealed" if sealed_part is None else f"({sealed_part})"
        parts.append(
            "SELECT "
            + _projection(view.property_types, {*sealed.property_types, "pid"})
            + f" FROM {source}"
        )
    view.connection.execute("CREATE TEMP VIEW events AS " + " UNION ALL ".join(parts))


def _tail_person_ids(db: Session, rows: Sequence[EventRow]) -> dict[str, int]:
    """The tail's persons through the persons dictionary; a person not sealed yet gets a
    negative id of this query's own, so it never meets a dictionary id."""
    persons = sorted({row[2] for row in rows if row[2]})
    ids = store.person_ids(db, persons)
    for number, person in enumerate((p for p in persons if p not in ids), start=1):
        ids[person] = -number
    return ids


def _projection(property_types: dict[str, str], available: set[str]) -> str:
    """Every column of the view, typed the same on both sides of the union."""
    pid = "pid" if "pid" in available else "CAST(NULL AS BIGINT) AS pid"
    columns = ["key_id", "name", "person", "ts", "props", pid]
    for column, kind in sorted(property_types.items()):
        source = quote_identifier(column) if column in available else "NULL"
        columns.append(f"CAST({source} AS {SQL_TYPE[kind]}) AS {quote_identifier(column)}")
    return ", ".join(columns)
