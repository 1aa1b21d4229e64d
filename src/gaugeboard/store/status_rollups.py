"""SQL of the status rollups: additive upserts, compaction into coarser grains, readings.

Every value column is a sum, so a row can be written by many processes (each adds its
counts with ``INSERT … ON CONFLICT DO UPDATE SET c = c + excluded.c``) and compaction can
move finer rows into a coarser one in the same way, inside one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from gaugeboard.store.status_models import StatusRollup

TABLE: Table = StatusRollup.__table__  # type: ignore[assignment]
HISTOGRAM_COLUMNS: tuple[str, ...] = tuple(f"h{i}" for i in range(14))  # see StatusRollup
KEY_COLUMNS = ("route_id", "grain", "bucket", "method", "status")
SUM_COLUMNS = ("count", "bytes", "duration_ms", *HISTOGRAM_COLUMNS)


def _upsert(connection: Connection) -> Any:
    dialect = connection.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(TABLE)
    return statement.on_conflict_do_update(
        index_elements=list(KEY_COLUMNS),
        set_={name: TABLE.c[name] + statement.excluded[name] for name in SUM_COLUMNS},
    )


def add_rows(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Add counts to their rows, creating them when missing. Rows are written in key order
    so concurrent writers on PostgreSQL take row locks in the same order (no deadlock)."""
    if not rows:
        return
    ordered = sorted(rows, key=lambda row: tuple(row[name] for name in KEY_COLUMNS))
    connection.execute(_upsert(connection), ordered)


def compact(connection: Connection, from_grain: int, to_grain: int, before: int) -> int:
    """Move rows of ``from_grain`` whose coarser bucket ends at or before ``before`` into
    ``to_grain`` rows. Returns how many finer rows were folded. The caller commits.

    The rows are deleted with ``RETURNING`` and exactly those are added up, so a row that
    a late flush writes meanwhile is either folded or left for the next pass, never lost.
    """
    limit = before // to_grain * to_grain  # only whole coarser buckets
    deleted = connection.execute(
        delete(TABLE)
        .where(TABLE.c.grain == from_grain, TABLE.c.bucket < limit)
        .returning(*[TABLE.c[name] for name in (*KEY_COLUMNS, *SUM_COLUMNS)])
    ).all()
    folded: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in deleted:
        values = row._mapping
        bucket = values["bucket"] - values["bucket"] % to_grain
        key = (values["route_id"], bucket, values["method"], values["status"])
        target = folded.get(key)
        if target is None:
            folded[key] = {**values, "grain": to_grain, "bucket": bucket}
        else:
            for name in SUM_COLUMNS:
                target[name] += values[name]
    add_rows(connection, list(folded.values()))
    return len(deleted)


def delete_before(connection: Connection, grain: int, before: int) -> int:
    result = connection.execute(
        delete(TABLE).where(TABLE.c.grain == grain, TABLE.c.bucket < before)
    )
    return int(result.rowcount)


def totals(
    connection: Connection,
    since: int,
    until: int,
    route_ids: Iterable[int] | None = None,
    group_by: Sequence[str] = ("route_id", "status"),
) -> list[dict[str, Any]]:
    """Sums over every grain for buckets in ``[since, until)``, grouped as asked.

    Each request is counted in exactly one row at any time (compaction moves rows), so
    summing all grains never counts twice; a coarse row is included when it starts in
    the window."""
    columns = [TABLE.c[name] for name in group_by]
    query = (
        select(*columns, *[func.sum(TABLE.c[name]).label(name) for name in SUM_COLUMNS])
        .where(TABLE.c.bucket >= since, TABLE.c.bucket < until)
        .group_by(*columns)
    )
    if route_ids is not None:
        query = query.where(TABLE.c.route_id.in_(list(route_ids)))
    return [dict(row._mapping) for row in connection.execute(query)]


def series(
    connection: Connection, since: int, until: int, step: int, route_ids: Iterable[int] | None
) -> list[dict[str, Any]]:
    """Sums per route, ``step``-second slot and status over every grain (a coarse row lands
    in the slot where it starts)."""
    slot = (TABLE.c.bucket - TABLE.c.bucket % step).label("slot")
    query = (
        select(
            TABLE.c.route_id,
            slot,
            TABLE.c.status,
            *[func.sum(TABLE.c[name]).label(name) for name in SUM_COLUMNS],
        )
        .where(TABLE.c.bucket >= since, TABLE.c.bucket < until)
        .group_by(TABLE.c.route_id, slot, TABLE.c.status)
    )
    if route_ids is not None:
        query = query.where(TABLE.c.route_id.in_(list(route_ids)))
    return [dict(row._mapping) for row in connection.execute(query)]
