"""Write validated events to the tail: de-duplicate retries, insert, commit before answering."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gaugeboard.events.records import EventRecord
from gaugeboard.store import events as store
from gaugeboard.store.database import begin_write

Row = tuple[str, str, int, Any]


def new_rows(db: Connection, key_id: int, records: Sequence[EventRecord]) -> list[Row]:
    """The batch's rows still to store: retries of stored ``insert_id``s left out."""
    if all(record.insert_id is None for record in records):
        return plain_rows(records)
    wanted_ids = list(dict.fromkeys(r.insert_id for r in records if r.insert_id is not None))
    new_ids = store.claim_insert_ids(db, key_id, wanted_ids)
    rows: list[Row] = []
    for record in records:
        if record.insert_id is not None:
            if record.insert_id not in new_ids:
                continue
            new_ids.discard(record.insert_id)  # a repeat inside the same batch is stored once
        rows.append((record.name, record.person, record.ts_us, record.properties))
    return rows


def tail_row(key_id: int, rows: Sequence[Row]) -> tuple[int, int, int, int, str]:
    """The columns of the one tail row holding ``rows`` (key, count, first, last, events)."""
    stamps = [row[2] for row in rows]
    return key_id, len(rows), min(stamps), max(stamps), orjson.dumps(rows).decode()


def insert_rows(db: Connection, key_id: int, rows: Sequence[Row]) -> None:
    """One tail row holding ``rows`` (nothing for none)."""
    if rows:
        store.insert_batch(db, *tail_row(key_id, rows))


def store_events_in(db: Connection, key_id: int, records: Sequence[EventRecord]) -> int:
    """Write one batch inside the caller's write transaction; return how many were new."""
    rows = new_rows(db, key_id, records)
    insert_rows(db, key_id, rows)
    return len(rows)


def store_groups_in(
    db: Connection, batches: Sequence[tuple[int, Sequence[EventRecord]]]
) -> list[int]:
    """Write several requests' batches in one transaction, one tail row per key (fewer
    statements under load); return how many of each batch were new."""
    by_key, counts = rows_by_key(batches, lambda key_id, records: new_rows(db, key_id, records))
    for key_id, rows in by_key.items():
        insert_rows(db, key_id, rows)
    return counts


def rows_by_key(
    batches: Sequence[tuple[int, Sequence[EventRecord]]],
    rows_of: Callable[[int, Sequence[EventRecord]], list[Row]],
) -> tuple[dict[int, list[Row]], list[int]]:
    """A group's rows gathered per key (one tail row each), and how many each batch gave."""
    by_key: dict[int, list[Row]] = {}
    counts = []
    for key_id, records in batches:
        rows = rows_of(key_id, records)
        by_key.setdefault(key_id, []).extend(rows)
        counts.append(len(rows))
    return by_key, counts


def store_events(db: Session, key_id: int, records: Sequence[EventRecord]) -> int:
    """Commit the batch as one tail row; return how many were new (retries count zero).

    When this returns, the events are durable: the caller may answer ``1``.
    """
    begin_write(db)
    stored = store_events_in(db.connection(), key_id, records)
    db.commit()
    return stored


def any_insert_ids(batches: Sequence[tuple[int, Sequence[EventRecord]]]) -> bool:
    return any(r.insert_id is not None for _key, records in batches for r in records)


def plain_groups_statement(
    batches: Sequence[tuple[int, Sequence[EventRecord]]],
) -> tuple[str, list[Any]]:
    """One SQLite INSERT (qmark style) writing batches without ``insert_id``s, one tail row
    per key: run alone it is its own transaction, all or nothing."""
    by_key, _counts = rows_by_key(batches, lambda _key, records: plain_rows(records))
    params = [column for key_id, rows in by_key.items() for column in tail_row(key_id, rows)]
    return store.insert_batches_sql(len(by_key)), params


def plain_rows(records: Sequence[EventRecord]) -> list[Row]:
    return [(r.name, r.person, r.ts_us, r.properties) for r in records]
