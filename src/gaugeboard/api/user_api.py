"""``/api/user``: who am I, list users, create a user (admins)."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.body import json_object
from gaugeboard.auth.access import Access, access
from gaugeboard.auth.users import create_user, describe_user
from gaugeboard.errors import ValidationFailed
from gaugeboard.state import db_session
from gaugeboard.store.users import find_user, list_users
from gaugeboard.web.guard import require_principal
from gaugeboard.web.responses import json_response


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/user/me", view_func=me, methods=["GET"])
    bp.add_url_rule("/user", view_func=user_list, methods=["GET"])
    bp.add_url_rule("/user", view_func=user_create, methods=["POST"])


@access(Access.SIGNED_IN)
def me() -> Response:
    principal = require_principal()
    user = find_user(db_session(), principal.user_id)
    assert user is not None
    return json_response({"ok": True, "user": describe_user(user), "via": principal.via})


@access(Access.ADMIN)
def user_list() -> Response:
    users = [describe_user(user) for user in list_users(db_session())]
    return json_response({"ok": True, "items": users, "next": None})


@access(Access.ADMIN)
def user_create() -> Response:
    body = json_object()
    fields = {name: body.get(name) for name in ("name", "password", "role")}
    wrong = [
        f"{name}: must be a string" for name, value in fields.items() if not isinstance(value, str)
    ]
    if wrong:
        raise ValidationFailed(wrong)
    db = db_session()
    user = create_user(db, str(fields["name"]), str(fields["password"]), str(fields["role"]))
    db.commit()
    return json_response({"ok": True, "user": describe_user(user)}, status=201)
