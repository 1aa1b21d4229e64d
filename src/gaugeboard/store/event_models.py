"""Catalog models of events: event keys, the tail of accepted batches, claimed insert
ids and sealed segments. Queries live in ``store/events.py`` and ``event_keys.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base, BigId
from gaugeboard.store.types import UtcDateTime, utcnow


class EventKey(Base):
    """A key that lets a site send events (``_k``); stored hashed like API tokens."""

    __tablename__ = "event_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class EventBatch(Base):
    """An accepted batch of events not yet sealed into Parquet: the durable, concurrently
    written tail. One row per request keeps ingestion cost per request, not per event;
    ``events`` is a JSON array of ``[name, person, ts_us, {properties}]``."""

    __tablename__ = "event_batches"
    # Ids must never be reused once the tail empties: sealing relies on them.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key_id: Mapped[int] = mapped_column(Integer)
    event_count: Mapped[int] = mapped_column(Integer)
    min_ts_us: Mapped[int] = mapped_column(BigInteger, index=True)
    max_ts_us: Mapped[int] = mapped_column(BigInteger)
    events: Mapped[str] = mapped_column(Text)


class EventInsertId(Base):
    """Idempotency ids already accepted, per key, so a retried batch is stored once."""

    __tablename__ = "event_insert_ids"

    key_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    insert_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class EventSegment(Base):
    """An immutable Parquet file of sealed events; only listed segments are ever read."""

    __tablename__ = "event_segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(500), unique=True)
    day: Mapped[str] = mapped_column(String(10), index=True)
    min_ts_us: Mapped[int] = mapped_column(BigInteger)
    max_ts_us: Mapped[int] = mapped_column(BigInteger)
    row_count: Mapped[int] = mapped_column(Integer)
    columns: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class EventPerson(Base):
    """The persons dictionary: each person id ever sealed gets a fixed integer, shared by all
    segments, so distinct counts, funnels and retention compare integers, not text. Rows are
    only ever added (never changed or removed), so an id is valid forever."""

    __tablename__ = "event_persons"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    person: Mapped[str] = mapped_column(String(255), unique=True)
