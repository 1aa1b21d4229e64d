"""An ``Authorization`` header turned into the caller: ``Bearer``/``token`` with an API
token or an OAuth access token (told apart by their prefix), or ``Basic`` with a user's
name and password (when ``BASIC_AUTH`` is on). The request guard calls this; it never
looks at cookies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from gaugeboard.auth.api_tokens import authenticate_token
from gaugeboard.auth.basic_auth import basic_principal
from gaugeboard.auth.oauth_tokens import authenticate_access_token, is_access_token
from gaugeboard.auth.principal import Principal
from gaugeboard.auth.rate_limit import LoginLimit
from gaugeboard.errors import Unauthorized

BEARER_SCHEMES = frozenset({"bearer", "token"})
SCHEMES_MESSAGE = "Authorization: use 'Bearer <token>', 'token <token>' or 'Basic <credentials>'."
BASIC_OFF_MESSAGE = "Authorization: Basic is turned off on this server (BASIC_AUTH); use a token."


@dataclass(frozen=True)
class HeaderRules:
    """What the settings allow: Basic on or off, and the sign-in rate limit it shares."""

    basic_enabled: bool
    limit: LoginLimit


def authenticate_bearer(db: Session, secret: str) -> Principal:
    """The caller of a bearer secret: an OAuth access token or an API token."""
    if is_access_token(secret):
        return authenticate_access_token(db, secret)
    return authenticate_token(db, secret)


def header_principal(
    db: Session, header: str, client_address: str, rules: HeaderRules
) -> Principal:
    """The caller an ``Authorization`` header names; Unauthorized for anything else."""
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if not value:
        raise Unauthorized(SCHEMES_MESSAGE)
    if scheme.lower() in BEARER_SCHEMES:
        return authenticate_bearer(db, value)
    if scheme.lower() == "basic":
        if not rules.basic_enabled:
            raise Unauthorized(BASIC_OFF_MESSAGE)
        return basic_principal(db, value, client_address, rules.limit)
    raise Unauthorized(SCHEMES_MESSAGE)
