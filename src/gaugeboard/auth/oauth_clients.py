"""OAuth clients: created for a user and acting as that user, the secret shown once and
stored as a digest, revocable (which ends every token issued to it).

The trusted callers are the ``/api/oauth/client`` views (any signed-in user for themselves,
an admin for anyone), the admin page through that API, and the command line (as the
operator, for anyone). Each change is one write transaction with its activity entry.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from sqlalchemy.orm import Session

from gaugeboard.auth.principal import Principal
from gaugeboard.errors import Forbidden, NotFound
from gaugeboard.opaque_secrets import new_secret, secret_digest, shown_prefix
from gaugeboard.store import oauth_clients as store
from gaugeboard.store import users as user_store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.oauth_models import OAuthClient
from gaugeboard.store.types import iso_utc, utcnow
from gaugeboard.store.user_models import User

# A client id is public and of fixed shape, so ClicData's Basic scheme (the client id glued
# to base64 text) can be split without guessing: the prefix, then CLIENT_ID_HEX characters.
CLIENT_ID_PREFIX = "gbc_"
CLIENT_ID_HEX = 32
CLIENT_ID_LENGTH = len(CLIENT_ID_PREFIX) + CLIENT_ID_HEX
CLIENT_SECRET_PREFIX = "gbs_"
MAX_NAME_LENGTH = 100
NO_MINTING_MESSAGE = "An OAuth access token cannot create OAuth clients; sign in or use a token."


class OAuthClientCreate(BaseModel):
    """``POST /api/oauth/client``: a name, and the user the client acts as (a name or an
    id; the caller when left out). Only admins name another user."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=MAX_NAME_LENGTH, pattern=r"\S")
    user: Annotated[str, Field(min_length=1, max_length=64)] | StrictInt | None = None


def new_client_id() -> str:
    return CLIENT_ID_PREFIX + secrets.token_hex(CLIENT_ID_HEX // 2)


def _owner(db: Session, user: str | int) -> User:
    found = user_store.find_user(db, user) if isinstance(user, int) else None
    if isinstance(user, str):
        found = user_store.find_user_by_name(db, user)
    if found is None:
        raise NotFound(f"user: no user {user!r}")
    return found


def create_client(db: Session, user: str | int, name: str) -> tuple[OAuthClient, str]:
    """A client acting as ``user`` (a name or an id); the record and its secret (shown only
    now). Adds it to the open write transaction; the caller logs and commits."""
    begin_write(db)
    owner = _owner(db, user)
    secret = new_secret(CLIENT_SECRET_PREFIX)
    client = store.insert_client(
        db, owner.id, name.strip(), new_client_id(), shown_prefix(secret), secret_digest(secret)
    )
    return client, secret


def add_client(db: Session, actor: Principal, wanted: OAuthClientCreate) -> tuple[OAuthClient, str]:
    """The API's create, logged; commits. A user creates clients for themselves, an admin
    for anyone. An OAuth access token cannot create one: a client could otherwise leave a
    successor behind that outlives its own revocation."""
    if actor.via == "oauth":
        raise Forbidden(NO_MINTING_MESSAGE)
    target: str | int = actor.user_id if wanted.user is None else wanted.user
    if target not in (actor.user_id, actor.name) and not actor.has_role("admin"):
        raise Forbidden("user: only admins create OAuth clients for another user")
    client, secret = create_client(db, target, wanted.name)
    record_activity(db, actor, "oauth_client.create", _target(client), {"name": client.name})
    db.commit()
    return client, secret


def revoke_client(db: Session, client_id: str, actor: Principal | None) -> OAuthClient:
    """Revoke a client and drop its access tokens, logged; commits. Users revoke their own,
    admins (and the command line, ``actor`` None) anyone's; another user's client is reported
    missing. Revoking twice is harmless."""
    begin_write(db)
    client = store.find_client(db, client_id)
    allowed = actor is None or (
        client is not None and (client.user_id == actor.user_id or actor.has_role("admin"))
    )
    if client is None or not allowed:
        raise NotFound(f"client_id: no OAuth client {client_id!r}")
    if client.revoked_at is None:
        client.revoked_at = utcnow()
    store.delete_access_tokens_of(db, client.id)
    record_activity(db, actor, "oauth_client.revoke", _target(client), {"name": client.name})
    db.commit()
    return client


def visible_clients(db: Session, actor: Principal) -> list[OAuthClient]:
    """Every client for an admin, a user's own otherwise."""
    owner = None if actor.has_role("admin") else actor.user_id
    return list(store.list_clients(db, owner))


def _target(client: OAuthClient) -> str:
    return f"OAuth client {client.client_id} of {client.user.name}"


def describe_client(client: OAuthClient) -> dict[str, Any]:
    """What may be shown of a client: never its secret or digest."""
    return {
        "client_id": client.client_id,
        "name": client.name,
        "user": client.user.name,
        "user_id": client.user_id,
        "secret_prefix": client.secret_prefix,
        "created_at": iso_utc(client.created_at),
        "last_used_at": iso_utc(client.last_used_at),
        "revoked_at": iso_utc(client.revoked_at),
    }
