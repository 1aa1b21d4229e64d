"""Queries on the event tail, idempotency ids and sealed segments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gaugeboard.store.models import EventInsertId, EventSegment, EventTail

TAIL_COLUMNS = (
    EventTail.id,
    EventTail.key_id,
    EventTail.name,
    EventTail.person,
    EventTail.ts_us,
    EventTail.properties,
)


def claim_insert_ids(db: Session, key_id: int, insert_ids: Sequence[str]) -> set[str]:
    """Record ids not seen before for this key; return the ones that were new."""
    if not insert_ids:
        return set()
    rows = [{"key_id": key_id, "insert_id": value} for value in insert_ids]
    dialect = db.get_bind().dialect.name
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        builder(EventInsertId)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(EventInsertId.insert_id)
    )
    return set(db.scalars(statement).all())


def insert_tail_rows(db: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        db.execute(insert(EventTail), rows)


def tail_rows(
    db: Session,
    min_ts_us: int | None = None,
    max_ts_us: int | None = None,
    limit: int | None = None,
) -> Sequence[Row[int, int, str, str, int, str]]:
    query = select(*TAIL_COLUMNS)
    if min_ts_us is not None:
        query = query.where(EventTail.ts_us >= min_ts_us)
    if max_ts_us is not None:
        query = query.where(EventTail.ts_us < max_ts_us)
    query = query.order_by(EventTail.id)
    if limit is not None:
        query = query.limit(limit)
    return db.execute(query).all()


def max_tail_id(db: Session) -> int | None:
    value = db.scalar(select(func.max(EventTail.id)))
    return int(value) if value is not None else None


def tail_count(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(EventTail)) or 0)


def delete_tail_range(db: Session, first_id: int, last_id: int) -> None:
    db.execute(delete(EventTail).where(EventTail.id.between(first_id, last_id)))


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


def segment_by_path(db: Session, path: str) -> EventSegment | None:
    return db.scalars(select(EventSegment).where(EventSegment.path == path)).first()


def retire_segments(db: Session, segment_ids: Sequence[int], at: datetime) -> None:
    if segment_ids:
        db.execute(
            update(EventSegment).where(EventSegment.id.in_(segment_ids)).values(retired_at=at)
        )


def retired_segments_before(db: Session, before: datetime) -> Sequence[EventSegment]:
    query = select(EventSegment).where(EventSegment.retired_at < before)
    return db.scalars(query).all()


def delete_segments(db: Session, segment_ids: Sequence[int]) -> None:
    if segment_ids:
        db.execute(delete(EventSegment).where(EventSegment.id.in_(segment_ids)))


def all_segment_paths(db: Session) -> set[str]:
    return set(db.scalars(select(EventSegment.path)).all())
