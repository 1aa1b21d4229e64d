"""Queries on event keys (stored as SHA-256 digests)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from gaugeboard.store.database import flush_or_conflict
from gaugeboard.store.event_models import EventKey


def insert_event_key(db: Session, name: str, prefix: str, key_hash: str) -> EventKey:
    key = EventKey(name=name, prefix=prefix, key_hash=key_hash)
    db.add(key)
    flush_or_conflict(db, f"name: an event key named {name!r} already exists")
    return key


def find_event_key_by_name(db: Session, name: str) -> EventKey | None:
    return db.scalars(select(EventKey).where(EventKey.name == name)).first()


def find_event_key_by_hash(db: Session, key_hash: str) -> EventKey | None:
    return db.scalars(select(EventKey).where(EventKey.key_hash == key_hash)).first()


def list_event_keys(db: Session) -> Sequence[EventKey]:
    return db.scalars(select(EventKey).order_by(EventKey.name)).all()


def find_event_key(db: Session, key_id: int) -> EventKey | None:
    return db.get(EventKey, key_id)
