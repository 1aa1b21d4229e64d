"""``/api/user``: who am I, list users, and one user by id (digits) or name: details,
change, delete (admins), and set a password (admins for anyone, a user for themselves).

A change of role, password or active flag never leaves the server without an active
admin, and a deactivated user is signed out everywhere (sessions deleted, tokens revoked).
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.api.admin_models import UserDeleted, UserDetails, UserList, UserMe, UserSaved
from gaugeboard.auth.access import Access, access
from gaugeboard.auth.password_change import PasswordSet, set_password
from gaugeboard.auth.user_admin import UserChange, add_user, change_user, delete_user
from gaugeboard.auth.users import UserCreate, describe_user, find_user_by_key, user_details
from gaugeboard.errors import Forbidden
from gaugeboard.http.contract import checked_body, described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session
from gaugeboard.store.users import find_user, list_users

TAGS = ["users"]


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/user/me", view_func=me, methods=["GET"])
    bp.add_url_rule("/user", view_func=user_list, methods=["GET"])
    bp.add_url_rule("/user", view_func=user_create, methods=["POST"])
    bp.add_url_rule("/user/<user>", view_func=user_get, methods=["GET"])
    bp.add_url_rule("/user/<user>", view_func=user_update, methods=["PUT"])
    bp.add_url_rule("/user/<user>", view_func=user_delete, methods=["DELETE"])
    bp.add_url_rule("/user/<user>/password", view_func=user_password, methods=["PUT"])


@access(Access.SIGNED_IN)
@described(responses={200: UserMe}, tags=TAGS)
def me() -> Response:
    principal = require_principal()
    user = find_user(db_session(), principal.user_id)
    assert user is not None
    return json_response({"ok": True, "user": describe_user(user), "via": principal.via})


@access(Access.ADMIN)
@described(responses={200: UserList}, tags=TAGS)
def user_list() -> Response:
    users = [describe_user(user) for user in list_users(db_session())]
    return json_response({"ok": True, "items": users, "next": None})


@access(Access.ADMIN)
@described(json=UserCreate, responses={201: UserSaved}, tags=TAGS)
def user_create() -> Response:
    user = add_user(db_session(), require_principal(), checked_body(UserCreate))
    return json_response({"ok": True, "user": describe_user(user)}, status=201)


@access(Access.SIGNED_IN)
@described(responses={200: UserDetails}, tags=TAGS)
def user_get(user: str) -> Response:
    """One user by id or name (an admin reads anyone, a user themselves): name, role,
    whether active, when created and last signed in, and their teams."""
    principal, db = require_principal(), db_session()
    found = find_user_by_key(db, user)
    if found.id != principal.user_id and not principal.has_role("admin"):
        raise Forbidden("user: only an admin reads other users")
    return json_response({"ok": True, "user": user_details(db, found)})


@access(Access.ADMIN)
@described(json=UserChange, responses={200: UserSaved}, tags=TAGS)
def user_update(user: str) -> Response:
    """Body: any of ``{"name": "ann2", "role": "editor", "password": "…", "active":
    false}``. 409 for a taken name, or when no active admin would be left."""
    changed = change_user(db_session(), require_principal(), user, checked_body(UserChange))
    return json_response({"ok": True, "user": describe_user(changed)})


@access(Access.ADMIN)
@described(responses={200: UserDeleted}, tags=TAGS)
def user_delete(user: str) -> Response:
    """Delete the user: their tokens, sessions, team memberships and folder grants go;
    their dashboards, data sets, notebooks and schedules stay, with no owner; their embed
    links stop. 409 for yourself and for the last active admin."""
    gone = delete_user(db_session(), require_principal(), user)
    return json_response({"ok": True, "deleted": gone})


@access(Access.SIGNED_IN)
@described(json=PasswordSet, responses={200: UserSaved}, tags=TAGS)
def user_password(user: str) -> Response:
    """``{"password": "…"}`` from an admin sets anyone's password; a user sets their own
    (``me`` or their id or name) with ``{"password", "current_password"}``. Ends the user's
    browser sessions; their API tokens stay."""
    state = current_state()
    changed = set_password(
        db_session(),
        require_principal(),
        user,
        checked_body(PasswordSet),
        state.login_limit,
        request.remote_addr or "unknown",
    )
    return json_response({"ok": True, "user": describe_user(changed)})
