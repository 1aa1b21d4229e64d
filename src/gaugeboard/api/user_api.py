"""``/api/user``: who am I, list users, create and change users (admins).

A change of role, password or active flag never leaves the server without an active
admin, and a deactivated user is signed out everywhere (sessions deleted, tokens revoked).
"""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.admin_models import UserList, UserMe, UserSaved
from gaugeboard.auth.access import Access, access
from gaugeboard.auth.user_admin import UserChange, add_user, change_user
from gaugeboard.auth.users import UserCreate, describe_user
from gaugeboard.http.contract import checked_body, described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session
from gaugeboard.store.users import find_user, list_users


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/user/me", view_func=me, methods=["GET"])
    bp.add_url_rule("/user", view_func=user_list, methods=["GET"])
    bp.add_url_rule("/user", view_func=user_create, methods=["POST"])
    bp.add_url_rule("/user/<name>", view_func=user_update, methods=["PUT"])


@access(Access.SIGNED_IN)
@described(responses={200: UserMe}, tags=["users"])
def me() -> Response:
    principal = require_principal()
    user = find_user(db_session(), principal.user_id)
    assert user is not None
    return json_response({"ok": True, "user": describe_user(user), "via": principal.via})


@access(Access.ADMIN)
@described(responses={200: UserList}, tags=["users"])
def user_list() -> Response:
    users = [describe_user(user) for user in list_users(db_session())]
    return json_response({"ok": True, "items": users, "next": None})


@access(Access.ADMIN)
@described(json=UserCreate, responses={201: UserSaved}, tags=["users"])
def user_create() -> Response:
    user = add_user(db_session(), require_principal(), checked_body(UserCreate))
    return json_response({"ok": True, "user": describe_user(user)}, status=201)


@access(Access.ADMIN)
@described(json=UserChange, responses={200: UserSaved}, tags=["users"])
def user_update(name: str) -> Response:
    """Body: any of ``{"role": "editor", "password": "…", "active": false}``."""
    user = change_user(db_session(), require_principal(), name, checked_body(UserChange))
    return json_response({"ok": True, "user": describe_user(user)})
