"""OAuth2 client credentials: ``POST /api/oauth/token`` (and ClicData's address,
``/api/oauth20/token``) exchanges a client's id and secret for a short-lived bearer token;
``/api/oauth/client`` lists, creates (the secret shown once) and revokes clients.

The token endpoint answers in RFC 6749's shapes (``access_token``, ``token_type``,
``expires_in``; errors with ``error`` and ``error_description`` beside the house fields) and
never reads a session or token: the client authenticates in the form or with HTTP Basic.
"""

from __future__ import annotations

from typing import Literal

from flask import Blueprint, Response, request
from pydantic import BaseModel, Field

from gaugeboard.auth.access import Access, access, sessionless
from gaugeboard.auth.oauth_clients import (
    OAuthClientCreate,
    add_client,
    describe_client,
    revoke_client,
    visible_clients,
)
from gaugeboard.auth.oauth_tokens import (
    AccessToken,
    TokenForm,
    basic_client_pair,
    client_auth,
    issue_access_token,
)
from gaugeboard.errors import InvalidRequest
from gaugeboard.http.contract import checked_body, described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import error_style, json_response
from gaugeboard.json_text import text_problem
from gaugeboard.state import current_state, db_session

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OAuthClientOut(BaseModel):
    client_id: str
    name: str
    user: str
    user_id: int
    secret_prefix: str = Field(description="The secret's first characters, to tell it apart")
    created_at: str | None
    last_used_at: str | None
    revoked_at: str | None


class OAuthClientList(BaseModel):
    ok: Literal[True]
    items: list[OAuthClientOut]
    next: None = Field(description="Always null: every client is listed at once")


class OAuthClientCreated(BaseModel):
    ok: Literal[True]
    client: OAuthClientOut
    client_id: str
    secret: str = Field(description="The client secret, shown this once only")


class OAuthClientRevoked(BaseModel):
    ok: Literal[True]
    client: OAuthClientOut


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/oauth/token", view_func=oauth_token, methods=["POST"])
    bp.add_url_rule("/oauth20/token", view_func=oauth_token, methods=["POST"])
    bp.add_url_rule("/oauth/client", view_func=oauth_client_list, methods=["GET"])
    bp.add_url_rule("/oauth/client", view_func=oauth_client_create, methods=["POST"])
    bp.add_url_rule("/oauth/client/<client_id>", view_func=oauth_client_revoke, methods=["DELETE"])


def _form_fields() -> dict[str, list[str]]:
    """The form as sent, each field with all its values (RFC 6749 refuses repeats)."""
    if request.mimetype not in FORM_TYPES:
        if request.content_length:
            raise InvalidRequest(
                "body: send the token request as application/x-www-form-urlencoded"
            )
        return {}  # no body: every field is missing, and said so
    fields = request.form.to_dict(flat=False)
    problems = [
        f"{name[:40]}: {reason}"
        for name, values in fields.items()
        for reason in {text_problem(text) for text in (name, *values)} - {None}
    ]
    if problems:
        raise InvalidRequest(problems)
    return fields


@access(Access.PUBLIC)
@sessionless
@error_style("json")
# check=False: the form is checked by client_auth, which answers in RFC 6749's words.
@described(
    form=TokenForm,
    form_media="application/x-www-form-urlencoded",
    responses={200: AccessToken},
    tags=["oauth"],
    check=False,
)
def oauth_token() -> Response:
    """Client credentials → a bearer token acting as the client's user for
    ``GAUGEBOARD_OAUTH_TOKEN_SECONDS``. The id and secret go in the form or in an HTTP Basic
    header; failures count against the sign-in rate limit."""
    auth = client_auth(_form_fields(), basic_client_pair(request.headers.get("Authorization")))
    state, address = current_state(), request.remote_addr or "unknown"
    lifetime = state.settings["OAUTH_TOKEN_SECONDS"]
    secret, expires_in = issue_access_token(
        db_session(), auth, address, state.login_limit, lifetime
    )
    body = {"access_token": secret, "token_type": "bearer", "expires_in": expires_in}
    return json_response(body, headers=NO_STORE)


@access(Access.SIGNED_IN)
@described(responses={200: OAuthClientList}, tags=["oauth"])
def oauth_client_list() -> Response:
    """Every client for an admin, the caller's own otherwise; never a secret."""
    clients = visible_clients(db_session(), require_principal())
    return json_response({"ok": True, "items": [describe_client(c) for c in clients], "next": None})


@access(Access.SIGNED_IN)
@described(json=OAuthClientCreate, responses={201: OAuthClientCreated}, tags=["oauth"])
def oauth_client_create() -> Response:
    """A client acting as ``user`` (the caller when left out; only admins name another)."""
    client, secret = add_client(db_session(), require_principal(), checked_body(OAuthClientCreate))
    body = {
        "ok": True,
        "client": describe_client(client),
        "client_id": client.client_id,
        "secret": secret,
    }
    return json_response(body, 201, headers=NO_STORE)


@access(Access.SIGNED_IN)
@described(responses={200: OAuthClientRevoked}, tags=["oauth"])
def oauth_client_revoke(client_id: str) -> Response:
    """Revoke a client (own, or any for an admin); its tokens stop working at once."""
    client = revoke_client(db_session(), client_id, require_principal())
    return json_response({"ok": True, "client": describe_client(client)})
