"""Write validated events to the tail: de-duplicate retries, insert, commit before answering."""

from __future__ import annotations

from collections.abc import Sequence

import orjson
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gaugeboard.events.records import EventRecord
from gaugeboard.store import events as store
from gaugeboard.store.database import begin_write


def store_events_in(db: Connection, key_id: int, records: Sequence[EventRecord]) -> int:
    """Write one batch inside the caller's write transaction; return how many were new."""
    wanted_ids = list(dict.fromkeys(r.insert_id for r in records if r.insert_id is not None))
    new_ids = store.claim_insert_ids(db, key_id, wanted_ids)
    rows = []
    for record in records:
        if record.insert_id is not None:
            if record.insert_id not in new_ids:
                continue
            new_ids.discard(record.insert_id)  # a repeat inside the same batch is stored once
        rows.append((record.name, record.person, record.ts_us, record.properties))
    if rows:
        stamps = [row[2] for row in rows]
        encoded = orjson.dumps(rows).decode()
        store.insert_batch(db, key_id, len(rows), min(stamps), max(stamps), encoded)
    return len(rows)


def store_events(db: Session, key_id: int, records: Sequence[EventRecord]) -> int:
    """Commit the batch as one tail row; return how many were new (retries count zero).

    When this returns, the events are durable: the caller may answer ``1``.
    """
    begin_write(db)
    stored = store_events_in(db.connection(), key_id, records)
    db.commit()
    return stored
