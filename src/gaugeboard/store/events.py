"""Queries on the event tail (accepted batches), idempotency ids and sealed segments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gaugeboard.store.event_models import EventBatch, EventInsertId, EventSegment

BATCH_COLUMNS = (
    EventBatch.id,
    EventBatch.key_id,
    EventBatch.event_count,
    EventBatch.events,
)


def claim_insert_ids(db: Connection, key_id: int, insert_ids: Sequence[str]) -> set[str]:
    """Record ids not seen before for this key; return the ones that were new."""
    if not insert_ids:
        return set()
    rows = [{"key_id": key_id, "insert_id": value} for value in insert_ids]
    builder = postgresql.insert if db.dialect.name == "postgresql" else sqlite.insert
    statement = (
        builder(EventInsertId)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(EventInsertId.insert_id)
    )
    return set(db.execute(statement).scalars().all())


def insert_batches_sql(count: int, mark: str = "?") -> str:
    """An INSERT of ``count`` tail rows in one statement, ``mark`` the driver's placeholder."""
    row = "(" + ", ".join([mark] * 5) + ")"
    return (
        "INSERT INTO event_batches (key_id, event_count, min_ts_us, max_ts_us, events) "
        f"VALUES {', '.join([row] * count)}"
    )


def insert_batch(
    db: Connection, key_id: int, event_count: int, min_ts_us: int, max_ts_us: int, events: str
) -> None:
    """One row for a whole accepted batch, through the driver (no ORM work per request)."""
    mark = "?" if db.dialect.paramstyle == "qmark" else "%s"
    db.exec_driver_sql(
        insert_batches_sql(1, mark), (key_id, event_count, min_ts_us, max_ts_us, events)
    )


def tail_batches(
    db: Session,
    min_ts_us: int | None = None,
    max_ts_us: int | None = None,
    max_events: int | None = None,
) -> Sequence[Row[int, int, int, str]]:
    """Unsealed batches that may hold events in [min, max), oldest first."""
    query = select(*BATCH_COLUMNS)
    if min_ts_us is not None:
        query = query.where(EventBatch.max_ts_us >= min_ts_us)
    if max_ts_us is not None:
        query = query.where(EventBatch.min_ts_us < max_ts_us)
    if max_events is None:
        return db.execute(query.order_by(EventBatch.id)).all()
    # Choose the batches by their counts first, then read only their JSON: a backlog of any
    # size costs no more memory than ``max_events``.
    chosen: list[int] = []
    total = 0
    for batch_id, count in db.execute(
        query.with_only_columns(EventBatch.id, EventBatch.event_count).order_by(EventBatch.id)
    ):
        if chosen and total + count > max_events:
            break
        chosen.append(batch_id)
        total += count
    if not chosen:
        return []
    wanted = set(chosen)
    # A batch committed meanwhile inside the id range (PostgreSQL sequences) is left for
    # the next pass: the caller deletes exactly the ids returned here.
    ranged = query.where(EventBatch.id.between(chosen[0], chosen[-1])).order_by(EventBatch.id)
    return [row for row in db.execute(ranged) if row.id in wanted]


def next_batch_count(db: Session, batch_id: int) -> int | None:
    """The event count of the oldest batch newer than ``batch_id``; None when there is none."""
    query = (
        select(EventBatch.event_count)
        .where(EventBatch.id > batch_id)
        .order_by(EventBatch.id)
        .limit(1)
    )
    return db.scalar(query)


def tail_count(db: Session) -> int:
    """Events (not batches) waiting in the tail."""
    return int(db.scalar(select(func.coalesce(func.sum(EventBatch.event_count), 0))) or 0)


def delete_batch_range(db: Session, first_id: int, last_id: int) -> int:
    """Delete a run of batches; return how many rows were really there to delete."""
    result = db.execute(delete(EventBatch).where(EventBatch.id.between(first_id, last_id)))
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_insert_ids_before(db: Session, before: datetime) -> None:
    db.execute(delete(EventInsertId).where(EventInsertId.seen_at < before))


def insert_segment(db: Session, **values: Any) -> EventSegment:
    segment = EventSegment(**values)
    db.add(segment)
    db.flush()
    return segment


def live_segments(
    db: Session, min_ts_us: int | None = None, max_ts_us: int | None = None
) -> Sequence[EventSegment]:
    """Segments that may hold events in [min, max): the ones queries read."""
    query = select(EventSegment).where(EventSegment.retired_at.is_(None))
    if min_ts_us is not None:
        query = query.where(EventSegment.max_ts_us >= min_ts_us)
    if max_ts_us is not None:
        query = query.where(EventSegment.min_ts_us < max_ts_us)
    return db.scalars(query.order_by(EventSegment.day, EventSegment.id)).all()


LIVE_KEYS_SQL = "SELECT id, path FROM event_segments WHERE retired_at IS NULL"


def live_segment_keys(db: Session) -> list[tuple[int, str]]:
    """(id, path) of every live segment: a cheap fingerprint of the set queries read. A
    plain driver statement: it runs before every query, and building the ORM statement
    cost six times the SQL itself."""
    return [(row[0], row[1]) for row in db.connection().exec_driver_sql(LIVE_KEYS_SQL)]


def tail_events_in_range(
    db: Session, min_ts_us: int | None = None, max_ts_us: int | None = None
) -> list[Row[Any]]:
    """(key_id, events JSON) of the unsealed batches that may hold events in [min, max),
    oldest first: what a query reads of the tail, through the driver like the keys above."""
    mark = _mark(db)
    conditions: list[str] = []
    params: list[int] = []
    if min_ts_us is not None:
        conditions.append(f"max_ts_us >= {mark}")
        params.append(min_ts_us)
    if max_ts_us is not None:
        conditions.append(f"min_ts_us < {mark}")
        params.append(max_ts_us)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"SELECT key_id, events FROM event_batches{where} ORDER BY id"
    return list(db.connection().exec_driver_sql(sql, tuple(params)))


def segment_by_path(db: Session, path: str) -> EventSegment | None:
    return db.scalars(select(EventSegment).where(EventSegment.path == path)).first()


def retire_segments(db: Session, segment_ids: Sequence[int], at: datetime) -> int:
    """Retire live segments; return how many were still live (not retired by another)."""
    if not segment_ids:
        return 0
    result = db.execute(
        update(EventSegment)
        .where(EventSegment.id.in_(segment_ids), EventSegment.retired_at.is_(None))
        .values(retired_at=at)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def retired_segments_before(db: Session, before: datetime) -> Sequence[EventSegment]:
    query = select(EventSegment).where(EventSegment.retired_at < before)
    return db.scalars(query).all()


def delete_segments(db: Session, segment_ids: Sequence[int]) -> None:
    if segment_ids:
        db.execute(delete(EventSegment).where(EventSegment.id.in_(segment_ids)))


def all_segment_paths(db: Session) -> set[str]:
    return set(db.scalars(select(EventSegment.path)).all())


PERSON_CHUNK = 500  # persons per statement: well under every driver's parameter limit


def _mark(db: Session) -> str:
    return "?" if db.get_bind().dialect.paramstyle == "qmark" else "%s"


def person_ids(db: Session, persons: Sequence[str]) -> dict[str, int]:
    """The dictionary's ids of those of ``persons`` that have one (plain driver statements:
    a seal looks up every person it holds, hundreds of thousands at 10M events)."""
    found: dict[str, int] = {}
    stored = {_stored_person(person): person for person in persons}
    keys = list(stored)
    connection = db.connection()
    mark = _mark(db)
    for start in range(0, len(keys), PERSON_CHUNK):
        chunk = keys[start : start + PERSON_CHUNK]
        marks = ", ".join([mark] * len(chunk))
        rows = connection.exec_driver_sql(
            f"SELECT person, id FROM event_persons WHERE person IN ({marks})", tuple(chunk)
        )
        found.update((stored[row[0]], row[1]) for row in rows)
    return found


def _stored_person(person: str) -> str:
    """``person`` as the dictionary keeps it: PostgreSQL text cannot hold NUL, which event
    persons may, so backslash and NUL are escaped (reversibly, so no two persons meet)."""
    return person.replace("\\", "\\\\").replace("\x00", "\\0")


def add_persons(db: Session, persons: Sequence[str]) -> None:
    """Give each of ``persons`` an id unless it has one (concurrent sealers agree: the
    unique person wins, the loser's insert does nothing). One driver-level executemany."""
    if not persons:
        return
    statement = (
        f"INSERT INTO event_persons (person) VALUES ({_mark(db)}) ON CONFLICT (person) DO NOTHING"
    )
    db.connection().exec_driver_sql(statement, [(_stored_person(p),) for p in persons])
