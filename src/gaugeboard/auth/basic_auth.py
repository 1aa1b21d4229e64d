"""HTTP Basic credentials on API calls, in both spellings clients send:

- plain RFC 7617: ``Basic base64(user:password)``;
- ClicData's: ``Basic base64(client_id + base64(user:password))``, where ``client_id`` is
  empty or the id of a live OAuth client of that same user.

The two cannot be confused: the outer text holds a ``:`` only in the plain spelling (base64
has none), and our client ids have a fixed prefix and length, so the inner text starts
right after them. The password is checked like a sign-in's (scrypt, unknown users taking
the same time) under the same rate limit; a good call writes nothing unless the user had
failures to forget, a refused one is counted and logged.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from sqlalchemy.orm import Session

from gaugeboard.auth import rate_limit
from gaugeboard.auth.login import MAX_NAME, record_failed_login
from gaugeboard.auth.oauth_clients import CLIENT_ID_LENGTH, CLIENT_ID_PREFIX
from gaugeboard.auth.passwords import burn_equal_time, verify_password
from gaugeboard.auth.principal import Principal
from gaugeboard.errors import Unauthorized
from gaugeboard.store import oauth_clients as client_store
from gaugeboard.store import users as user_store
from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import User

BAD_BASIC_MESSAGE = "Invalid login credentials."
UNREADABLE_MESSAGE = "Authorization: Basic credentials must be base64 of user:password"


@dataclass(frozen=True)
class BasicCredentials:
    client_id: str
    username: str
    password: str


def _decoded(text: str) -> str:
    try:
        return base64.b64decode(text.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise Unauthorized(UNREADABLE_MESSAGE) from None


def parse_basic(value: str) -> BasicCredentials:
    """The client id (``""`` when none), user name and password of a Basic header's value."""
    outer = _decoded(value)
    client_id, inner = "", outer
    if ":" not in outer:
        if outer.startswith(CLIENT_ID_PREFIX):
            client_id, outer = outer[:CLIENT_ID_LENGTH], outer[CLIENT_ID_LENGTH:]
        inner = _decoded(outer)
    username, colon, password = inner.partition(":")
    # A NUL would reach the catalog as text (the name, the client id): PostgreSQL refuses it.
    if not colon or not username or "\x00" in username or "\x00" in client_id:
        raise Unauthorized(UNREADABLE_MESSAGE)
    return BasicCredentials(client_id, username, password)


def _valid(db: Session, found: BasicCredentials, user: User | None) -> bool:
    if user is None:
        burn_equal_time(found.password)
        return False
    if not verify_password(found.password, user.password_hash) or not user.is_active:
        return False
    if not found.client_id:
        return True
    client = client_store.find_client(db, found.client_id)
    return client is not None and client.user_id == user.id and client.revoked_at is None


def basic_principal(
    db: Session, value: str, client_address: str, limit: rate_limit.LoginLimit
) -> Principal:
    """The user a Basic header's value names, with their role; 401 for wrong credentials,
    429 past the sign-in rate limit (per user name and per address)."""
    found = parse_basic(value)
    now = utcnow()
    subjects = rate_limit.subjects_for(found.username, client_address)
    rate_limit.ensure_allowed(db, limit, subjects, now)
    name = found.username
    user = user_store.find_user_by_name(db, name) if len(name) <= MAX_NAME else None
    valid = _valid(db, found, user)
    principal = None
    if user is not None and valid:
        principal = Principal(user_id=user.id, name=user.name, role=user.role, via="basic")
    db.rollback()  # no transaction is held while the next one is opened
    if principal is None:
        rate_limit.record_failure(db, limit, subjects, now)
        record_failed_login(db, name, client_address, via="basic")
        raise Unauthorized(BAD_BASIC_MESSAGE)
    rate_limit.forget_failures(db, limit, subjects, now)
    return principal
