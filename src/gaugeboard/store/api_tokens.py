"""Queries on API tokens (stored as SHA-256 digests)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gaugeboard.store.user_models import ApiToken


def insert_token(
    db: Session,
    user_id: int,
    label: str,
    prefix: str,
    token_hash: str,
    expires_at: datetime | None,
) -> ApiToken:
    token = ApiToken(
        user_id=user_id, label=label, prefix=prefix, token_hash=token_hash, expires_at=expires_at
    )
    db.add(token)
    db.flush()
    return token


def find_token_by_hash(db: Session, token_hash: str) -> ApiToken | None:
    return db.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash)).first()


def find_token(db: Session, token_id: int) -> ApiToken | None:
    return db.get(ApiToken, token_id)


def list_tokens(db: Session, user_id: int | None = None) -> Sequence[ApiToken]:
    query = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    return db.scalars(query).all()


def revoke_tokens_of(db: Session, user_id: int, now: datetime) -> None:
    """Revoke every live token of a user (revoked ones keep their first time)."""
    db.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
