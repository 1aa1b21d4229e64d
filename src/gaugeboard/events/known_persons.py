"""The persons dictionary's ids a sealing process has already read or given, kept between
seal passes as an Arrow table that DuckDB joins.

A steady load brings back mostly the same persons at every pass; looking each of them up
in the catalog again cost a pass about 5 µs a person (a million persons: 5 s of every
pass). Ids are only ever added to the dictionary, never changed or reused, so an id read
once stays right for as long as the catalog is this one; only persons this table lacks
are looked up (or given an id). It holds 25-50 bytes a person (short ids to UUIDs) and,
once past ``MAX_KNOWN_PERSONS``, starts again at the next pass (so it peaks at the limit
plus one pass's persons). A catalog restored from a backup under a running process is
the one case it does not cover: that process must be restarted.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

import pyarrow as pa

MAX_KNOWN_PERSONS = 2_000_000
SCHEMA = pa.schema([("person", pa.string()), ("pid", pa.int64())])


class KnownPersons:
    """One per sealing job (so per catalog); passes of one process take turns on it."""

    def __init__(self, limit: int = MAX_KNOWN_PERSONS) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._table = SCHEMA.empty_table()

    @property
    def table(self) -> pa.Table:
        """Every (person, pid) known so far."""
        with self._lock:
            return self._table

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def add(self, ids: Mapping[str, int]) -> None:
        """Remember the ids a pass read from the catalog or gave."""
        if not ids:
            return
        added = pa.table(
            {
                "person": pa.array(list(ids), pa.string()),
                "pid": pa.array(list(ids.values()), pa.int64()),
            },
            schema=SCHEMA,
        )
        with self._lock:
            table = pa.concat_tables([self._table, added])
            # A chunk per pass; merged now and then, not copied whole at every pass.
            self._table = table.combine_chunks() if table.column(0).num_chunks > 64 else table

    def trim(self) -> None:
        """Forget everything once past the limit (called before a pass, which then looks
        up all of its persons again)."""
        with self._lock:
            if self._table.num_rows > self.limit:
                self._table = SCHEMA.empty_table()
