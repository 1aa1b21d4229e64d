"""Per-segment rollups: what metric queries need of a segment, pre-aggregated.

Beside each segment file lies a small Parquet file (``<segment>.rollup``) with, per event
name and UTC hour and day: the number of events, and for each numeric promoted property
its sum, count of values, minimum and maximum; overall, and again per value of each
promoted text or boolean property with few values (``MAX_DIM_VALUES``). It is written
before the segment is registered, from the segment's own file (or merged from the parts'
rollups when compacting), so a registered segment's rollup always holds exactly its rows.

A metric query that they can answer (``rollup_plan``: count, sum, avg, min or max, no
filters, a breakdown by a rolled-up property or none, bucket boundaries on whole UTC hours)
reads them for the whole hours and days of its range, and the events only for the tail and
the partial hours at the range's edges. At 10M events a segment's day rows are a few
thousand, where its events are millions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from gaugeboard.events.engine import quote_identifier, sql_literal

SUFFIX = ".rollup"
MAX_DIM_VALUES = 64  # a property with more values in a segment is not rolled up
MAX_SHARE = 0.5  # a grain with more rows than this share of the segment's is not written
MAX_PIECES = 64  # time pieces of one query's rollup read; more falls back to the events
GRAINS = ("day", "hour")
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def rollup_path(segment_path: str) -> str:
    """The rollup beside a segment (``.rollup``, so ``*.parquet`` lists segments only)."""
    return segment_path.removesuffix(".parquet") + SUFFIX


def segment_of(rollup: str) -> str:
    return rollup.removesuffix(SUFFIX) + ".parquet"


def measure_columns(measure: str) -> tuple[str, str, str, str]:
    """The rollup's columns for a numeric property column: sum, count, min, max."""
    return f"sum:{measure}", f"n:{measure}", f"min:{measure}", f"max:{measure}"


def _aggregates(measures: Sequence[str], rolled: bool) -> str:
    """count and the measures' four aggregates, of events (``rolled`` False) or of finer
    rollup rows."""
    parts = ["sum(n) AS n" if rolled else "count(*) AS n"]
    for measure in measures:
        total, count, low, high = (quote_identifier(c) for c in measure_columns(measure))
        source = quote_identifier(measure)
        if rolled:
            parts += [
                f"sum({total}) AS {total}",
                f"sum({count}) AS {count}",
                f"min({low}) AS {low}",
                f"max({high}) AS {high}",
            ]
        else:
            parts += [
                f"sum({source}) AS {total}",
                f"count({source}) AS {count}",
                f"min({source}) AS {low}",
                f"max({source}) AS {high}",
            ]
    return ", ".join(parts)


def _hour_rows_sql(source: str, dims: Sequence[str], measures: Sequence[str]) -> str:
    """Hour rows: one grouping set overall and one per dimension."""
    inner = ", ".join(
        ["name", "date_trunc('hour', ts) AS t"] + [quote_identifier(c) for c in [*dims, *measures]]
    )
    sets = ["(name, t)"] + [f"(name, t, {quote_identifier(d)})" for d in dims]
    if dims:
        quoted = [(quote_identifier(d), sql_literal(d)) for d in dims]
        which = " ".join(f"WHEN GROUPING({q}) = 0 THEN {name}" for q, name in quoted)
        value = " ".join(f"WHEN GROUPING({q}) = 0 THEN CAST({q} AS VARCHAR)" for q, _ in quoted)
        dim_sql, value_sql = f"CASE {which} END", f"CASE {value} END"
    else:
        dim_sql = value_sql = "NULL"
    return (
        f"SELECT name, t, CAST({dim_sql} AS VARCHAR) AS dim, CAST({value_sql} AS VARCHAR) "
        f"AS value, {_aggregates(measures, rolled=False)} FROM (SELECT {inner} FROM {source}) "
        f"GROUP BY GROUPING SETS ({', '.join(sets)})"
    )


def _write(
    con: duckdb.DuckDBPyConnection,
    hours_sql: str,
    measures: Sequence[str],
    row_count: int,
    target: Path,
    copy: Callable[[duckdb.DuckDBPyConnection, str, Path], None],
) -> list[str]:
    """Write the hour rows and their day roll-up, each grain only when it is small enough
    to pay; the grains written, none when neither is."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE rollup_hours AS {hours_sql}")
    try:
        day_sql = (
            f"SELECT 'day' AS grain, name, date_trunc('day', t) AS t, dim, value, "
            f"{_aggregates(measures, rolled=True)} FROM rollup_hours GROUP BY ALL"
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE rollup_days AS {day_sql}")
        limit = max(row_count, 1) * MAX_SHARE
        hours = _count(con, "rollup_hours")
        days = _count(con, "rollup_days")
        grains = [g for g, rows in (("day", days), ("hour", hours)) if rows <= limit]
        if not grains:
            return []
        parts = ["SELECT * FROM rollup_days"] if "day" in grains else []
        if "hour" in grains:
            parts.append("SELECT 'hour' AS grain, * FROM rollup_hours")
        copy(con, " UNION ALL ".join(parts) + " ORDER BY grain, name, dim, t", target)
        return grains
    finally:
        con.execute("DROP TABLE IF EXISTS rollup_hours")
        con.execute("DROP TABLE IF EXISTS rollup_days")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def write_rollup(
    con: duckdb.DuckDBPyConnection,
    segment_file: Path,
    relative: str,
    columns: dict[str, Any],
    row_count: int,
    copy: Callable[[duckdb.DuckDBPyConnection, str, Path], None],
) -> dict[str, Any] | None:
    """Roll a written segment file up beside it; the metadata to register with the
    segment (``columns["rollup"]``), or None when no rollup pays for this segment."""
    properties: dict[str, dict[str, str]] = columns.get("properties", {})
    measures = sorted(c for c, spec in properties.items() if spec["type"] == "double")
    candidates = sorted(c for c, spec in properties.items() if spec["type"] != "double")
    source = f"read_parquet({sql_literal(str(segment_file))})"
    dims: list[str] = []
    if candidates:
        counts = con.execute(
            "SELECT "
            + ", ".join(f"count(DISTINCT {quote_identifier(c)})" for c in candidates)
            + f" FROM {source}"
        ).fetchone()
        assert counts is not None
        dims = [c for c, n in zip(candidates, counts, strict=True) if n <= MAX_DIM_VALUES]
    path = rollup_path(relative)
    target = segment_file.parent / Path(path).name
    grains = _write(con, _hour_rows_sql(source, dims, measures), measures, row_count, target, copy)
    if not grains:
        return None
    return {"path": path, "dims": dims, "measures": measures, "grains": grains}


def merge_rollups(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    parts: Sequence[dict[str, Any]],
    relative: str,
    row_count: int,
    copy: Callable[[duckdb.DuckDBPyConnection, str, Path], None],
) -> dict[str, Any] | None:
    """The rollup of a compacted file from its parts' rollups, each with hour rows (the
    dimensions and measures they all have)."""
    dims = sorted(set.intersection(*(set(p["dims"]) for p in parts)))
    measures = sorted(set.intersection(*(set(p["measures"]) for p in parts)))
    files = ", ".join(sql_literal(str(root / p["path"])) for p in parts)
    keep = ", ".join(sql_literal(d) for d in dims)
    selected = ", ".join(quote_identifier(c) for m in measures for c in measure_columns(m))
    hours_sql = (
        f"SELECT name, t, dim, value, {_aggregates(measures, rolled=True)} FROM "
        f"(SELECT name, t, dim, value, n{', ' + selected if selected else ''} FROM "
        f"read_parquet([{files}], union_by_name=true) WHERE grain = 'hour' "
        f"AND (dim IS NULL{f' OR dim IN ({keep})' if dims else ''})) GROUP BY ALL"
    )
    path = rollup_path(relative)
    target = root / path
    grains = _write(con, hours_sql, measures, row_count, target, copy)
    if not grains:
        return None
    return {"path": path, "dims": dims, "measures": measures, "grains": grains}


@dataclass(frozen=True)
class RollupFiles:
    """The rollups of every segment a query's range touches, and what all of them hold."""

    files: list[str]  # FROM items, each a read_parquet of files with the same measures
    dims: frozenset[str]
    measures: frozenset[str]
    grains: frozenset[str]
    day_table: str | None = None  # every rollup's day rows in memory, when loaded

    @classmethod
    def of(
        cls, root: Path, rollups: Sequence[dict[str, Any] | None], day_table: str | None = None
    ) -> RollupFiles | None:
        """None when a segment has no rollup (sealed before rollups, or none paid)."""
        if not rollups or any(r is None for r in rollups):
            return None
        present = [r for r in rollups if r is not None]
        groups: dict[tuple[str, ...], list[str]] = {}
        for rollup in present:
            groups.setdefault(tuple(rollup["measures"]), []).append(
                sql_literal(str(root / rollup["path"]))
            )
        return cls(
            [f"read_parquet([{', '.join(paths)}])" for paths in groups.values()],
            frozenset.intersection(*(frozenset(r["dims"]) for r in present)),
            frozenset.intersection(*(frozenset(r["measures"]) for r in present)),
            frozenset.intersection(*(frozenset(r["grains"]) for r in present)),
            day_table,
        )

    def sources(self, grain: str) -> list[tuple[str, str]]:
        """(FROM item, condition on its grain) of each place a grain's rows are read."""
        if grain == "day" and self.day_table is not None:
            return [(self.day_table, "TRUE")]
        return [(item, f"grain = {sql_literal(grain)}") for item in self.files]


Range = tuple[datetime, datetime]


@dataclass
class RollupPlan:
    """Which parts of a query's range come from rollup rows of each grain, and which from
    events (naive UTC bounds, as stored)."""

    pieces: dict[str, list[Range]]  # grain → merged [start, end) ranges
    edges: list[Range]  # partial hours at the range's start and end: read from events
    middle: Range  # [first whole hour, last whole hour): the tail is read for it


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _floor(moment: datetime, size: timedelta) -> datetime:
    epoch = datetime(1970, 1, 1)
    return moment - (moment - epoch) % size


def _ceil(moment: datetime, size: timedelta) -> datetime:
    floor = _floor(moment, size)
    return floor if floor == moment else floor + size


def _merge(ranges: list[Range]) -> list[Range]:
    merged: list[Range] = []
    for low, high in sorted(ranges):
        if merged and merged[-1][1] == low:
            merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


def _split(
    a: datetime, b: datetime, grains: frozenset[str], pieces: dict[str, list[Range]]
) -> None:
    """[a, b) (whole hours, inside one bucket) as day rows where whole UTC days fit, hour
    rows for the rest."""
    first_day, last_day = _ceil(a, DAY), _floor(b, DAY)
    if "day" in grains and first_day < last_day:
        pieces["day"].append((first_day, last_day))
        pieces["hour"] += [r for r in ((a, first_day), (last_day, b)) if r[0] < r[1]]
    else:
        pieces["hour"].append((a, b))


def rollup_plan(
    start: datetime,
    end: datetime,
    bucket_starts: Sequence[datetime],
    zone: str,
    grains: frozenset[str],
) -> RollupPlan | None:
    """The plan, or None when rollups cannot answer (a bucket boundary inside an hour, as
    for minute buckets or a half-hour time zone; no whole hour in the range; too many
    pieces). ``bucket_starts`` are the buckets' naive local starts (none: no bucket)."""
    low, high = _naive(start), _naive(end)
    middle = (_ceil(low, HOUR), _floor(high, HOUR))
    if middle[0] >= middle[1] or "hour" not in grains and "day" not in grains:
        return None
    if zone == "UTC":
        cuts = [c for c in bucket_starts if middle[0] < c < middle[1]]
    else:
        tz = ZoneInfo(zone)
        local_cuts = {_naive(local.replace(tzinfo=tz)) for local in bucket_starts}
        cuts = sorted(c for c in local_cuts if middle[0] < c < middle[1])
    if any(c.minute or c.second or c.microsecond for c in cuts):
        return None
    pieces: dict[str, list[Range]] = {"day": [], "hour": []}
    if all(not c.hour for c in cuts):
        # every boundary at midnight UTC (UTC days, weeks, months; or no bucket): the whole
        # days between the first and last midnight, hours around them
        _split(middle[0], middle[1], grains, pieces)
    else:
        bounds = [middle[0], *cuts, middle[1]]
        for a, b in zip(bounds, bounds[1:], strict=False):
            _split(a, b, grains, pieces)
    merged = {grain: _merge(ranges) for grain, ranges in pieces.items() if ranges}
    if "hour" in merged and "hour" not in grains:
        return None
    if sum(len(r) for r in merged.values()) > MAX_PIECES:
        return None
    edges = [r for r in ((low, middle[0]), (middle[1], high)) if r[0] < r[1]]
    return RollupPlan(merged, edges, middle)


def pieces_sql(ranges: Sequence[Range]) -> tuple[str, list[Any]]:
    """The condition selecting rollup rows that start in one of ``ranges``."""
    spans = " OR ".join("(t >= ? AND t < ?)" for _ in ranges)
    return f"({spans})", [bound for span in ranges for bound in span]
