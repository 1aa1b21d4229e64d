"""Tail batches → Parquet files, all in DuckDB: the sealer's heavy lifting.

The tail's JSON is unnested, typed, split into files, joined to the persons dictionary and
sorted by DuckDB (vectorised, on every thread, spilling to disk when large), not by a Python
loop per event: sealing has to keep up with ingestion. Property columns are promoted per
file exactly as ``columns.build_table`` does for the tail (first-seen keys, one kind or
``string``, at most ``MAX_PROMOTED``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from gaugeboard.data_dir import make_private_dirs
from gaugeboard.events.columns import MAX_PROMOTED, column_name
from gaugeboard.events.engine import DUCKDB_CONFIG, SQL_TYPE, quote_identifier, sql_literal

# Tail batches (of up to 1,000 events each) per Arrow chunk handed to DuckDB: 2M events
# in one chunk took 2.1-2.8 s to unnest, in 8 to 32 chunks 0.9-1.0 s (2 cores).
INPUT_CHUNK_BATCHES = 128

# json_type → the promoted column's kind (NULL values say nothing about the kind)
KIND_SQL = (
    "CASE type WHEN 'NULL' THEN NULL WHEN 'BOOLEAN' THEN 'boolean' "
    "WHEN 'BIGINT' THEN 'double' WHEN 'UBIGINT' THEN 'double' WHEN 'DOUBLE' THEN 'double' "
    "ELSE 'string' END"
)

# One JSON parse per batch: each event array becomes text values (strings unquoted, the
# properties object as its JSON text).
ROWS_SQL = """
CREATE TEMP TABLE sealing AS
WITH unnested AS (
    SELECT key_id, batch, unnest(events) AS v, generate_subscripts(events, 1) AS position
    FROM (SELECT key_id, batch, from_json(events, '[["VARCHAR"]]') AS events FROM tail_input)
), typed AS (
    SELECT key_id, batch, position, v[1] AS name, v[2] AS person,
           CAST(v[3] AS BIGINT) AS ts_us, coalesce(v[4], '{}') AS props
    FROM unnested
), dated AS (
    SELECT *, strftime(make_timestamp(ts_us), '%Y-%m-%d') AS day FROM typed
)
SELECT *, CASE WHEN {closed} THEN day[1:7] ELSE day END AS file_group FROM dated
"""

# Each file group's property keys in first-seen order, with the kinds of their values;
# each distinct properties text is parsed once (events repeat them a lot).
KEYS_SQL = f"""
SELECT file_group, key, min(first_seen) AS first_seen,
       list(DISTINCT {KIND_SQL}) FILTER (WHERE type <> 'NULL') AS kinds
FROM (
    SELECT file_group, first_seen, key,
           json_type(props, '/' || replace(replace(key, '~', '~0'), '/', '~1')) AS type
    FROM (
        SELECT *, unnest(json_keys(props)) AS key
        FROM (
            SELECT file_group, props, min(batch * 1000000000 + position) AS first_seen
            FROM sealing GROUP BY file_group, props
        )
    )
)
GROUP BY file_group, key
ORDER BY file_group, first_seen
"""


@dataclass
class SealFile:
    """One file to write: its rows' group, first day, span, count and column metadata."""

    group: str
    day: str
    min_ts_us: int
    max_ts_us: int
    row_count: int
    columns: dict[str, Any] = field(default_factory=dict)


def _pointer(key: str) -> str:
    """A JSON pointer to a top-level key (any characters allowed)."""
    return "/" + key.replace("~", "~0").replace("/", "~1")


def _promoted(rows: Iterable[tuple[str, str, list[str] | None]]) -> dict[str, dict[str, Any]]:
    """Per file group: the promoted columns and whether some keys overflowed."""
    found: dict[str, dict[str, Any]] = {}
    for group, key, kinds in rows:
        entry = found.setdefault(group, {"properties": {}, "keys": 0})
        entry["keys"] += 1
        if entry["keys"] <= MAX_PROMOTED:
            kind = kinds[0] if kinds and len(kinds) == 1 else "string"
            entry["properties"][column_name(key)] = {"key": key, "type": kind}
    return found


def _value_sql(index: int, kind: str) -> str:
    """One promoted value out of the pre-extracted list (JSON text of non-strings, as
    ``columns._as_string`` gives)."""
    value = f"property_values[{index}]"
    if kind == "string":
        return value
    return f"CAST({value} AS {SQL_TYPE[kind]})"


def _group_query(group: str, spec: dict[str, Any]) -> str:
    """The SELECT writing one file: base columns, the person integer, promoted columns
    (their values pulled out of the JSON in one pass per row), sorted by (name, ts)."""
    properties: dict[str, dict[str, str]] = spec["properties"]
    columns = ["key_id", "name", "person", "make_timestamp(ts_us) AS ts", "props", "pid"]
    source = f"sealing WHERE file_group = {sql_literal(group)}"
    if properties:
        for index, (column, prop) in enumerate(properties.items(), start=1):
            columns.append(f"{_value_sql(index, prop['type'])} AS {quote_identifier(column)}")
        pointers = ", ".join(sql_literal(_pointer(p["key"])) for p in properties.values())
        source = (
            f"(SELECT *, json_extract_string(props, [{pointers}]) AS property_values FROM {source})"
        )
    return f"SELECT {', '.join(columns)} FROM {source} ORDER BY name, ts"


class SealFrame:
    """The rows of one seal pass in a DuckDB temp table, ready to be written out."""

    def __init__(self, spill: Path, closed_before: str | None) -> None:
        make_private_dirs(spill)
        self.connection = duckdb.connect(config={**DUCKDB_CONFIG, "temp_directory": str(spill)})
        # Days before ``closed_before`` go one file per month (compaction would merge them
        # anyway); the others (and every day when it is None) one file per day.
        self._closed = "false" if closed_before is None else f"day < {sql_literal(closed_before)}"

    def close(self) -> None:
        self.connection.close()

    def load(self, batches: Sequence[Any], known: pa.Table) -> list[str]:
        """Unnest the batches' events; return the distinct non-empty persons that
        ``known`` (person, pid) lacks."""
        table = pa.table(
            {
                "key_id": pa.array([b.key_id for b in batches], pa.int32()),
                "batch": pa.array(range(len(batches)), pa.int64()),
                "events": pa.array([b.events for b in batches], pa.string()),
            }
        )
        # In chunks: DuckDB scans one Arrow chunk on one thread, so a single chunk left the
        # JSON parsing (most of a pass's time) to one core.
        chunked = pa.Table.from_batches(table.to_batches(max_chunksize=INPUT_CHUNK_BATCHES))
        self.connection.register("tail_input", chunked)
        self.connection.execute(ROWS_SQL.replace("{closed}", self._closed))
        self.connection.unregister("tail_input")
        self.connection.register("known_persons", known)
        persons = self.connection.sql(
            "SELECT DISTINCT s.person FROM sealing s ANTI JOIN known_persons k "
            "ON s.person = k.person WHERE s.person <> ''"
        ).to_arrow_table()
        self.connection.unregister("known_persons")
        return [str(p) for p in persons.column(0).to_pylist()]

    def files(self, dictionary: pa.Table) -> list[SealFile]:
        """Attach each event's person integer from ``dictionary`` (person, pid: it holds
        every person of these events); describe the files to write, oldest first."""
        self.connection.register("person_dictionary", dictionary)
        # One row per person whatever the table holds: a person listed twice must not
        # have each event written twice.
        self.connection.execute(
            "CREATE TEMP TABLE sealed_rows AS SELECT s.*, d.pid FROM sealing s LEFT JOIN "
            "(SELECT person, min(pid) AS pid FROM person_dictionary GROUP BY person) d "
            "ON s.person = d.person"
        )
        self.connection.unregister("person_dictionary")
        self.connection.execute("DROP TABLE sealing")
        self.connection.execute("ALTER TABLE sealed_rows RENAME TO sealing")
        promoted = _promoted(
            (row[0], row[1], row[3]) for row in self.connection.execute(KEYS_SQL).fetchall()
        )
        spans = self.connection.execute(
            "SELECT file_group, min(day), min(ts_us), max(ts_us), count(*) FROM sealing "
            "GROUP BY file_group ORDER BY file_group"
        ).fetchall()
        made = []
        for group, day, low, high, count in spans:
            spec = promoted.get(group, {"properties": {}, "keys": 0})
            columns = {
                "properties": spec["properties"],
                "overflow": spec["keys"] > MAX_PROMOTED,
                "pid": True,
            }
            made.append(SealFile(group, day, low, high, count, columns))
        return made

    def write(self, file: SealFile, target: Path, copy: Callable[..., None]) -> None:
        """Write one file's rows through ``copy`` (the atomic COPY of ``segments``)."""
        copy(self.connection, _group_query(file.group, file.columns), target)
