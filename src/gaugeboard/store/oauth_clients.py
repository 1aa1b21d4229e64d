"""Queries on OAuth clients and their access tokens (both stored as SHA-256 digests)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from gaugeboard.store.oauth_models import OAuthAccessToken, OAuthClient


def insert_client(
    db: Session, user_id: int, name: str, client_id: str, secret_prefix: str, secret_hash: str
) -> OAuthClient:
    client = OAuthClient(
        user_id=user_id,
        name=name,
        client_id=client_id,
        secret_prefix=secret_prefix,
        secret_hash=secret_hash,
    )
    db.add(client)
    db.flush()
    return client


def find_client(db: Session, client_id: str) -> OAuthClient | None:
    return db.scalars(select(OAuthClient).where(OAuthClient.client_id == client_id)).first()


def list_clients(db: Session, user_id: int | None = None) -> Sequence[OAuthClient]:
    query = select(OAuthClient).order_by(OAuthClient.created_at.desc(), OAuthClient.id.desc())
    if user_id is not None:
        query = query.where(OAuthClient.user_id == user_id)
    return db.scalars(query).all()


def insert_access_token(
    db: Session, client: OAuthClient, token_hash: str, expires_at: datetime
) -> OAuthAccessToken:
    token = OAuthAccessToken(client_pk=client.id, token_hash=token_hash, expires_at=expires_at)
    db.add(token)
    db.flush()
    return token


def find_access_token(db: Session, token_hash: str) -> OAuthAccessToken | None:
    query = select(OAuthAccessToken).where(OAuthAccessToken.token_hash == token_hash)
    return db.scalars(query).first()


def delete_access_tokens_of(db: Session, client_pk: int) -> None:
    """Every token of a client (its revocation)."""
    db.execute(delete(OAuthAccessToken).where(OAuthAccessToken.client_pk == client_pk))


def delete_expired_access_tokens(db: Session, now: datetime) -> None:
    db.execute(delete(OAuthAccessToken).where(OAuthAccessToken.expires_at <= now))


def revoke_clients_of(db: Session, user_id: int, now: datetime) -> None:
    """Revoke every live client of a user and drop their tokens (a deactivated user)."""
    live = select(OAuthClient.id).where(
        OAuthClient.user_id == user_id, OAuthClient.revoked_at.is_(None)
    )
    db.execute(delete(OAuthAccessToken).where(OAuthAccessToken.client_pk.in_(live)))
    db.execute(
        update(OAuthClient)
        .where(OAuthClient.user_id == user_id, OAuthClient.revoked_at.is_(None))
        .values(revoked_at=now)
    )
