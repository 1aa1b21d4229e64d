"""OAuth2 client credentials (RFC 6749 §4.4): a client's id and secret exchanged for a
short-lived bearer token that acts as the client's user, with that user's role.

The trusted caller is the token endpoint, which hands over the form as sent and the
client's address. Failed exchanges count against the sign-in rate limit (per client id and
per address, in the catalog like failed logins), claimed before the secret is compared.
Tokens are stored as digests, checked on every call against their client (revoked ends
them) and their user (deactivated ends them), and deleted once expired.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import unquote_plus

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from gaugeboard.auth import rate_limit
from gaugeboard.auth.principal import Principal
from gaugeboard.errors import InvalidClient, InvalidRequest, Unauthorized, UnsupportedGrantType
from gaugeboard.opaque_secrets import new_secret, secret_digest
from gaugeboard.store import oauth_clients as store
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import utcnow

ACCESS_TOKEN_PREFIX = "gba_"
GRANT_TYPE = "client_credentials"
FIELDS = ("grant_type", "client_id", "client_secret")
MAX_FIELD_LENGTH = 200
BAD_CLIENT_MESSAGE = "Invalid client credentials (unknown client, wrong secret or revoked)."
BAD_TOKEN_MESSAGE = "Invalid, expired or revoked token."
# As for API tokens: a client's last use is written at most once a minute.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenForm(BaseModel):
    """The token request (``application/x-www-form-urlencoded``). ``client_id`` and
    ``client_secret`` may come in an HTTP Basic header instead (RFC 6749 §2.3.1), never in
    both places."""

    model_config = ConfigDict(extra="allow")
    grant_type: str = Field(description="client_credentials", pattern="^client_credentials$")
    client_id: str | None = Field(default=None, min_length=1, max_length=MAX_FIELD_LENGTH)
    client_secret: str | None = Field(default=None, min_length=1, max_length=MAX_FIELD_LENGTH)
    scope: str | None = Field(default=None, description="Ignored: a token can do what its user can")


class AccessToken(BaseModel):
    """RFC 6749 §5.1's answer."""

    access_token: str
    token_type: str = Field(description="Always bearer")
    expires_in: int = Field(description="Seconds the token stays valid")


@dataclass(frozen=True)
class ClientAuth:
    """The client's id and secret, and whether they came in a Basic header."""

    client_id: str
    client_secret: str
    by_basic: bool


def client_auth(form: Mapping[str, Sequence[str]], basic: tuple[str, str] | None) -> ClientAuth:
    """Check the form as sent (each field's values) and the Basic pair, if any: every
    missing, repeated or misplaced field is named at once (400 ``invalid_request``); a grant
    other than client credentials is 400 ``unsupported_grant_type``."""
    problems = [f"{name}: must be sent once" for name in FIELDS if len(form.get(name, ())) > 1]
    values = {name: (form.get(name) or [""])[0] for name in FIELDS}
    problems += [
        f"{name}: longer than {MAX_FIELD_LENGTH} characters"
        for name, value in values.items()
        if len(value) > MAX_FIELD_LENGTH
    ]
    if not values["grant_type"]:
        problems.append("grant_type: is required (client_credentials)")
    if basic is not None:
        problems += [
            f"{name}: sent in the Authorization header, so not in the form as well"
            for name in ("client_id", "client_secret")
            if values[name]
        ]
        client_id, secret = basic
    else:
        client_id, secret = values["client_id"], values["client_secret"]
        problems += [
            f"{name}: is required (in the form, or both in an HTTP Basic header)"
            for name in ("client_id", "client_secret")
            if not values[name]
        ]
    if problems:
        raise InvalidRequest(problems)
    if values["grant_type"] != GRANT_TYPE:
        raise UnsupportedGrantType(
            f"grant_type: {values['grant_type'][:40]!r} is not supported; use {GRANT_TYPE}"
        )
    return ClientAuth(client_id, secret, basic is not None)


BASIC_CLIENT_MESSAGE = "Authorization: Basic credentials must be base64 of client_id:client_secret"


def basic_client_pair(header: str | None) -> tuple[str, str] | None:
    """The client id and secret of an HTTP Basic header (RFC 6749 §2.3.1: each
    form-encoded, then joined by ``:``); None without one (a bearer header is not client
    authentication and is ignored here)."""
    scheme, _, value = (header or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidClient(BASIC_CLIENT_MESSAGE, challenge=True) from None
    client_id, colon, secret = (unquote_plus(part) for part in decoded.partition(":"))
    # A NUL would reach the catalog as text, which PostgreSQL refuses.
    if not colon or not client_id or not secret or "\x00" in client_id:
        raise InvalidClient(BASIC_CLIENT_MESSAGE, challenge=True)
    return client_id, secret


def _subjects(client_id: str, client_address: str) -> list[str]:
    digest = hashlib.sha256(client_id.encode()).hexdigest()[:40]
    return [f"client:{digest}", f"addr:{client_address[:100]}"]


def issue_access_token(
    db: Session,
    auth: ClientAuth,
    client_address: str,
    limit: rate_limit.LoginLimit,
    lifetime_seconds: int,
) -> tuple[str, int]:
    """A new access token for a live client with the right secret, and its lifetime in
    seconds; commits. 401 ``invalid_client`` otherwise, 429 past the rate limit."""
    now = utcnow()
    subjects = _subjects(auth.client_id, client_address)
    attempt_ids = rate_limit.claim_attempt(db, limit, subjects, now)
    begin_write(db)
    client = store.find_client(db, auth.client_id)
    digest = secret_digest(auth.client_secret)
    valid = (
        client is not None
        and hmac.compare_digest(digest, client.secret_hash)
        and client.revoked_at is None
        and client.user.is_active
    )
    if client is None or not valid:
        db.rollback()
        raise InvalidClient(BAD_CLIENT_MESSAGE, challenge=auth.by_basic)
    rate_limit.forget_user(db, subjects, attempt_ids)
    store.delete_expired_access_tokens(db, now)
    secret = new_secret(ACCESS_TOKEN_PREFIX)
    expires_at = now + timedelta(seconds=lifetime_seconds)
    store.insert_access_token(db, client, secret_digest(secret), expires_at)
    client.last_used_at = now
    db.commit()
    return secret, lifetime_seconds


def is_access_token(secret: str) -> bool:
    return secret.startswith(ACCESS_TOKEN_PREFIX)


def authenticate_access_token(db: Session, secret: str, now: datetime | None = None) -> Principal:
    """The principal an access token stands for: its client's user, with that user's role.
    Unauthorized for unknown or expired tokens, revoked clients and inactive users."""
    now = now or utcnow()
    token = store.find_access_token(db, secret_digest(secret))
    if token is None or token.expires_at <= now:
        raise Unauthorized(BAD_TOKEN_MESSAGE)
    client = token.client
    if client.revoked_at is not None or not client.user.is_active:
        raise Unauthorized(BAD_TOKEN_MESSAGE)
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_RESOLUTION:
        begin_write(db)
        client.last_used_at = now
        db.commit()
    user = client.user
    return Principal(user_id=user.id, name=user.name, role=user.role, via="oauth")
