"""API tokens: created for a user, shown once, stored hashed, revocable, with last use."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.auth.principal import Principal
from gaugeboard.errors import Forbidden, NotFound, Unauthorized, ValidationFailed
from gaugeboard.opaque_secrets import TOKEN_PREFIX, new_secret, secret_digest, shown_prefix
from gaugeboard.store import api_tokens as store
from gaugeboard.store import users as user_store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import iso_utc, utcnow
from gaugeboard.store.user_models import ApiToken

MAX_LABEL_LENGTH = 100
# Writing last_used_at on every request would turn each read into a write; once a minute is
# precise enough to answer "is this token still in use?".
LAST_USED_RESOLUTION = timedelta(minutes=1)
BAD_TOKEN_MESSAGE = "Invalid, expired or revoked token."


def create_token(
    db: Session, user_name: str, label: str, lifetime_days: int = 0
) -> tuple[ApiToken, str]:
    """Create a token for ``user_name``; return the record and the secret (shown only now)."""
    begin_write(db)
    label = label.strip()
    if not label or len(label) > MAX_LABEL_LENGTH:
        raise ValidationFailed(f"label: must be 1-{MAX_LABEL_LENGTH} characters")
    user = user_store.find_user_by_name(db, user_name)
    if user is None:
        raise NotFound(f"user: no user named {user_name!r}")
    secret = new_secret(TOKEN_PREFIX)
    expires_at = utcnow() + timedelta(days=lifetime_days) if lifetime_days else None
    token = store.insert_token(
        db, user.id, label, shown_prefix(secret), secret_digest(secret), expires_at
    )
    return token, secret


def authenticate_token(db: Session, secret: str, now: datetime | None = None) -> Principal:
    """The principal a token stands for; Unauthorized for unknown, expired or revoked ones."""
    now = now or utcnow()
    token = store.find_token_by_hash(db, secret_digest(secret))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        raise Unauthorized(BAD_TOKEN_MESSAGE)
    if token.expires_at is not None and token.expires_at <= now:
        raise Unauthorized(BAD_TOKEN_MESSAGE)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        begin_write(db)
        token.last_used_at = now
        db.commit()
    return Principal(user_id=token.user.id, name=token.user.name, role=token.user.role, via="token")


def issue_token(
    db: Session, principal: Principal, label: str, lifetime_days: int
) -> tuple[ApiToken, str]:
    """A signed-in caller's new token for themselves, logged; commits. Returns the record
    and the secret (shown only now). An OAuth access token cannot mint one: a lasting token
    would outlive the client's revocation."""
    if principal.via == "oauth":
        raise Forbidden("An OAuth access token cannot create API tokens; use a token or sign in.")
    token, secret = create_token(db, principal.name, label, lifetime_days)
    record_activity(db, principal, "token.create", _target(token), {"label": token.label})
    db.commit()
    return token, secret


def revoke_token(db: Session, token_id: int, actor: Principal) -> ApiToken:
    """Revoke a token and log it; commits. Users revoke their own, admins anyone's (anyone
    else's is reported missing). Revoking twice is harmless."""
    begin_write(db)
    token = store.find_token(db, token_id)
    if token is None or (token.user_id != actor.user_id and not actor.has_role("admin")):
        raise NotFound(f"token: no token with id {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    record_activity(db, actor, "token.revoke", _target(token), {"label": token.label})
    db.commit()
    return token


def _target(token: ApiToken) -> str:
    return f"token {token.id} of {token.user.name}"


def describe_token(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "label": token.label,
        "prefix": token.prefix,
        "user": token.user.name,
        "created_at": iso_utc(token.created_at),
        "last_used_at": iso_utc(token.last_used_at),
        "expires_at": iso_utc(token.expires_at),
        "revoked_at": iso_utc(token.revoked_at),
    }
