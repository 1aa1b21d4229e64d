"""The baselines with persons as integers, gaugeboard's own encoding (the sealed ``pid``):
a native DuckDB table and, when the optional ``chdb`` package is installed, an embedded
ClickHouse (chDB) MergeTree table, both holding the rows of the live segments.

Install chDB for these runs with ``pip install -e '.[bench]'`` (or ``pip install chdb``);
without it the chDB column is skipped with a printed note.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb

from events import baseline_sql, native_table

# ClickHouse spellings of the same six queries. count(DISTINCT …) is exact (uniqExact, set
# on the session below); the funnel and retention are the same joins, not windowFunnel.
# The fixed cost of a query the rollups cannot answer: it opens the range's segment files.
NOTHING_FROM_FILES = "nothing, with a filter (opens the segment files)"
CHDB_SQL = baseline_sql(
    day="toStartOfDay(ts)",
    week="toStartOfWeek(ts, 1)",
    week_offset="intDiv(dateDiff('day', f.c, r.b), 7)",
    window="INTERVAL 7 DAY",
    estimate="uniq(person)",  # ClickHouse's estimated distinct count
)
CHDB_SQL["nothing (an event that does not exist)"] = (
    "SELECT count() FROM events WHERE name = 'no-such-event'"
)
CHDB_SQL[NOTHING_FROM_FILES] = (
    "SELECT count() FROM events WHERE name = 'no-such-event' AND plan = 'pro'"
)


def native_pid(files: list[str], work: Path) -> tuple[duckdb.DuckDBPyConnection, float]:
    """The live segments' rows in a native DuckDB table whose ``person`` is the integer
    ``pid``, so the SQL of ``DUCKDB_SQL`` runs on it unchanged; and its load in rows/s."""
    return native_table(files, work / "native-pid.duckdb", "pid")


class Chdb:
    """An embedded ClickHouse session in ``work/chdb`` with the same rows as ``native``
    (exported once to Parquet, then inserted into a MergeTree ordered by (name, ts))."""

    def __init__(self, session: Any, load_rate: float) -> None:
        self.session = session
        self.load_rate = load_rate

    @classmethod
    def load(cls, native: duckdb.DuckDBPyConnection, work: Path) -> Chdb | None:
        """None, with a printed note, when chDB is not installed."""
        try:
            from chdb import session as chdb_session
        except ImportError:
            print("chDB baseline skipped: `import chdb` failed (pip install -e '.[bench]')")
            return None
        export = work / "chdb-rows.parquet"
        native.execute(f"COPY events TO '{export}' (FORMAT parquet, COMPRESSION zstd)")
        session = chdb_session.Session(str(work / "chdb"))
        session.query("SET max_threads = 2")
        session.query("SET count_distinct_implementation = 'uniqExact'")
        session.query("DROP TABLE IF EXISTS events")  # left by a run that was stopped
        session.query(
            "CREATE TABLE events (name LowCardinality(String), person Int64, "
            "ts DateTime64(6, 'UTC'), plan LowCardinality(Nullable(String)), "
            "amount Nullable(Float64)) ENGINE = MergeTree ORDER BY (name, ts)"
        )
        began = time.perf_counter()
        session.query(f"INSERT INTO events SELECT * FROM file('{export}', Parquet)")
        session.query("OPTIMIZE TABLE events FINAL")
        rows = int(str(session.query("SELECT count() FROM events", "CSV")).strip())
        rate = rows / (time.perf_counter() - began)
        export.unlink()
        return cls(session, rate)

    def run(self, sql: str) -> str:
        """One query's whole result, as CSV text (so the timing includes fetching it)."""
        return str(self.session.query(sql, "CSV"))

    def close(self) -> None:
        self.session.close()
