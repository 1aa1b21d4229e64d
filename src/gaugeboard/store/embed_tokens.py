"""Queries on embed tokens (stored as SHA-256 digests, like API tokens)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gaugeboard.store.dashboard_models import Dashboard, EmbedToken
from gaugeboard.store.user_models import User


def insert_embed_token(
    db: Session,
    dashboard_id: int,
    label: str,
    token_hash: str,
    created_by: int,
    expires_at: datetime,
    filters: dict[str, Any],
) -> EmbedToken:
    token = EmbedToken(
        dashboard_id=dashboard_id,
        label=label,
        token_hash=token_hash,
        created_by=created_by,
        expires_at=expires_at,
        filters=filters,
    )
    db.add(token)
    db.flush()
    return token


def find_embed_token_by_hash(db: Session, token_hash: str) -> EmbedToken | None:
    return db.scalars(select(EmbedToken).where(EmbedToken.token_hash == token_hash)).first()


def find_embed_token(db: Session, token_id: int) -> EmbedToken | None:
    return db.get(EmbedToken, token_id)


def list_embed_tokens(db: Session, dashboard_id: int) -> Sequence[EmbedToken]:
    query = (
        select(EmbedToken)
        .where(EmbedToken.dashboard_id == dashboard_id)
        .order_by(EmbedToken.created_at.desc(), EmbedToken.id.desc())
    )
    return db.scalars(query).all()


def list_all_embed_tokens(db: Session) -> Sequence[tuple[EmbedToken, Dashboard, str | None]]:
    """Every embed token with its dashboard and its creator's name (the admin overview)."""
    query = (
        select(EmbedToken, Dashboard, User.name)
        .join(Dashboard, Dashboard.id == EmbedToken.dashboard_id)
        .outerjoin(User, User.id == EmbedToken.created_by)
        .order_by(EmbedToken.created_at.desc(), EmbedToken.id.desc())
    )
    return [(token, dashboard, name) for token, dashboard, name in db.execute(query).all()]
