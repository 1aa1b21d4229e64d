"""Event keys (``_k``): created by name, shown once, stored hashed, revocable."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.auth.opaque_secrets import EVENT_KEY_PREFIX, new_secret, secret_digest, shown_prefix
from gaugeboard.errors import Conflict, ValidationFailed
from gaugeboard.store import event_keys as store
from gaugeboard.store.models import EventKey
from gaugeboard.store.types import iso_utc

KEY_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$")


def create_event_key(db: Session, name: str) -> tuple[EventKey, str]:
    """Create a named key; return the record and the secret (shown only now)."""
    if not KEY_NAME_PATTERN.match(name):
        raise ValidationFailed(
            "name: must be 1-100 letters, digits, spaces, '_', '.' or '-', "
            "starting with a letter or digit"
        )
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
