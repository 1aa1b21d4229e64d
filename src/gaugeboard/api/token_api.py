"""``/api/token``: list, create (secret shown once) and revoke API tokens."""

from __future__ import annotations

from typing import Literal

from flask import Blueprint, Response
from pydantic import BaseModel, ConfigDict, Field

from gaugeboard.auth.access import Access, access
from gaugeboard.auth.api_tokens import describe_token, issue_token, revoke_token
from gaugeboard.http.contract import checked_body, described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session
from gaugeboard.store.api_tokens import list_tokens


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1, max_length=100)


class TokenOut(BaseModel):
    id: int
    label: str
    prefix: str
    user: str
    created_at: str | None
    last_used_at: str | None
    expires_at: str | None
    revoked_at: str | None


class TokenList(BaseModel):
    ok: Literal[True]
    items: list[TokenOut]
    next: None = Field(description="Always null: every token is listed at once")


class TokenCreated(BaseModel):
    ok: Literal[True]
    token: TokenOut
    secret: str = Field(description="The token itself, shown this once only")


class TokenRevoked(BaseModel):
    ok: Literal[True]
    token: TokenOut


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/token", view_func=token_list, methods=["GET"])
    bp.add_url_rule("/token", view_func=token_create, methods=["POST"])
    bp.add_url_rule("/token/<int:token_id>", view_func=token_revoke, methods=["DELETE"])


@access(Access.SIGNED_IN)
@described(responses={200: TokenList}, tags=["tokens"])
def token_list() -> Response:
    principal = require_principal()
    owner = None if principal.has_role("admin") else principal.user_id
    tokens = [describe_token(token) for token in list_tokens(db_session(), owner)]
    return json_response({"ok": True, "items": tokens, "next": None})


@access(Access.SIGNED_IN)
@described(json=TokenCreate, responses={201: TokenCreated}, tags=["tokens"])
def token_create() -> Response:
    principal = require_principal()
    label = checked_body(TokenCreate).label
    days = current_state().settings["TOKEN_DAYS"]
    token, secret = issue_token(db_session(), principal, label, days)
    return json_response({"ok": True, "token": describe_token(token), "secret": secret}, 201)


@access(Access.SIGNED_IN)
@described(responses={200: TokenRevoked}, tags=["tokens"])
def token_revoke(token_id: int) -> Response:
    token = revoke_token(db_session(), token_id, require_principal())
    return json_response({"ok": True, "token": describe_token(token)})
