"""Event keys (``_k``): created by name, shown once, stored hashed, revocable.

``EventKeyCreate`` checks a new key's name (for the API, the CLI and the demo) and
describes ``POST /api/event/key``.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field
from sqlalchemy.orm import Session

from gaugeboard.errors import Conflict, NotFound, Unauthorized
from gaugeboard.input_checks import checked, worded
from gaugeboard.opaque_secrets import EVENT_KEY_PREFIX, new_secret, secret_digest, shown_prefix
from gaugeboard.store import event_keys as store
from gaugeboard.store.activity import Actor, record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.event_models import EventKey
from gaugeboard.store.types import iso_utc, utcnow

# Always fullmatch: with re.match, "$" also matches before a trailing newline.
KEY_NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}")


def _key_name(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    if not KEY_NAME_PATTERN.fullmatch(value):
        raise ValueError(
            "must be 1-100 letters, digits, spaces, '_', '.' or '-', "
            "starting with a letter or digit"
        )
    return value


class EventKeyCreate(BaseModel):
    name: Annotated[str, Field(pattern=f"^{KEY_NAME_PATTERN.pattern}$"), BeforeValidator(_key_name)]

    _words = worded({"missing": "is required"})


def create_event_key(db: Session, name: str) -> tuple[EventKey, str]:
    """Create a named key (checked by ``EventKeyCreate``); return the record and the
    secret (shown only now)."""
    name = checked(EventKeyCreate, {"name": name}, "key").name
    begin_write(db)
    if store.find_event_key_by_name(db, name) is not None:
        raise Conflict(f"name: an event key named {name!r} already exists")
    secret = new_secret(EVENT_KEY_PREFIX)
    key = store.insert_event_key(db, name, shown_prefix(secret), secret_digest(secret))
    return key, secret


def describe_event_key(key: EventKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "created_at": iso_utc(key.created_at),
        "revoked_at": iso_utc(key.revoked_at),
    }


@dataclass(frozen=True)
class ResolvedKey:
    id: int
    name: str
    revoked: bool


class KeyCache:
    """Event keys by digest, kept for a few seconds so ``/e`` does not query the catalog for
    every event; a revocation takes effect within ``ttl_seconds`` in every process."""

    def __init__(self, ttl_seconds: float = 5.0) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: dict[str, tuple[float, ResolvedKey | None]] = {}
        self._lock = threading.Lock()

    def peek(self, secret: str | None) -> ResolvedKey | None:
        """The live key behind ``secret`` if this process knows it from the last few
        seconds; None for anything else (unknown, revoked, expired, never seen)."""
        if not secret:
            return None
        with self._lock:
            cached = self._entries.get(secret_digest(secret))
        if cached is None or time.monotonic() - cached[0] >= self.ttl_seconds:
            return None
        key = cached[1]
        return key if key is not None and not key.revoked else None

    def resolve(self, db: Callable[[], Session], secret: str) -> ResolvedKey | None:
        """The key behind ``secret``; ``db`` is only called (a session opened) on a miss."""
        digest = secret_digest(secret)
        now = time.monotonic()
        with self._lock:
            cached = self._entries.get(digest)
        if cached is not None and now - cached[0] < self.ttl_seconds:
            return cached[1]
        key = store.find_event_key_by_hash(db(), digest)
        resolved = ResolvedKey(key.id, key.name, key.revoked_at is not None) if key else None
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[digest] = (now, resolved)
        return resolved


def require_live_key(cache: KeyCache, db: Callable[[], Session], secret: str | None) -> ResolvedKey:
    """The key behind ``secret``; Unauthorized naming whether it is missing, unknown or revoked."""
    if not secret:
        raise Unauthorized("_k: an event key is required")
    key = cache.resolve(db, secret)
    if key is None:
        raise Unauthorized("_k: unknown event key")
    if key.revoked:
        raise Unauthorized("_k: this event key was revoked")
    return key


def issue_event_key(db: Session, actor: Actor, name: str) -> tuple[EventKey, str]:
    """An admin's new event key, logged; commits. Returns the record and the secret."""
    key, secret = create_event_key(db, name)
    record_activity(db, actor, "key.create", key.name, {"id": key.id})
    db.commit()
    return key, secret


def revoke_event_key(db: Session, actor: Actor, key_id: int) -> EventKey:
    """Revoke a key (an admin's call) and log it; commits. Revoking twice keeps the first
    time."""
    begin_write(db)
    key = store.find_event_key(db, key_id)
    if key is None:
        raise NotFound(f"key: no event key with id {key_id}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    record_activity(db, actor, "key.revoke", key.name, {"id": key.id})
    db.commit()
    return key
