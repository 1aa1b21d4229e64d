"""``/api/user``: who am I, list users, create and change users (admins).

A change of role, password or active flag never leaves the server without an active
admin, and a deactivated user is signed out everywhere (sessions deleted, tokens revoked).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from gaugeboard.api.admin_models import UserChange, UserCreate, UserList, UserMe, UserSaved
from gaugeboard.auth.access import Access, access
from gaugeboard.auth.passwords import hash_password
from gaugeboard.auth.principal import Principal
from gaugeboard.auth.users import create_user, describe_user, user_problems
from gaugeboard.errors import Conflict, NotFound, ValidationFailed
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import ROLES, ApiToken, LoginSession, User
from gaugeboard.store.users import find_user, find_user_by_name, list_users

CHANGEABLE = ("role", "password", "active")
LAST_ADMIN_MESSAGE = "{field}: {name!r} is the last active admin; make another admin first"


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
@described(json=UserCreate, responses={201: UserSaved}, tags=["users"], check=False)
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
    record_activity(db, require_principal(), "user.create", user.name, {"role": user.role})
    db.commit()
    return json_response({"ok": True, "user": describe_user(user)}, status=201)


def _changes(body: dict[str, Any]) -> dict[str, Any]:
    """The fields asked for, each checked; every problem is reported at once."""
    unknown = sorted(set(body) - set(CHANGEABLE))
    problems = [f"{field}: cannot be changed here" for field in unknown]
    changes = {field: body[field] for field in CHANGEABLE if field in body}
    if not changes and not problems:
        problems.append("body: give at least one of role, password, active")
    if "role" in changes and changes["role"] not in ROLES:
        problems.append(f"role: must be one of {', '.join(ROLES)}")
    if "password" in changes:
        password = changes["password"]
        if not isinstance(password, str):
            problems.append("password: must be a string")
        else:
            problems += user_problems("x", password, "viewer")
    if "active" in changes and not isinstance(changes["active"], bool):
        problems.append("active: must be true or false")
    if problems:
        raise ValidationFailed(problems)
    return changes


def _other_active_admins(db: Session, user: User) -> int:
    """Active admins besides ``user``. Every active admin's row, ``user``'s included, is
    locked on PostgreSQL in id order, so two admins demoting each other at once queue
    (the second then sees the first's change and gets a 409) instead of deadlocking."""
    query = (
        select(User.id)
        .where(User.role == "admin", User.is_active.is_(True))
        .order_by(User.id)
        .with_for_update()
    )
    return sum(1 for admin_id in db.scalars(query).all() if admin_id != user.id)


def _keep_an_admin(db: Session, user: User, changes: dict[str, Any]) -> None:
    if user.role != "admin" or not user.is_active:
        return
    losing = [
        field
        for field, kept in (("role", "admin"), ("active", True))
        if changes.get(field, kept) != kept
    ]
    if losing and _other_active_admins(db, user) == 0:
        raise Conflict(LAST_ADMIN_MESSAGE.format(field=losing[0], name=user.name))


def _sign_out(db: Session, user: User, revoke_tokens: bool) -> None:
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    if revoke_tokens:
        db.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def _apply(db: Session, user: User, changes: dict[str, Any]) -> dict[str, Any]:
    """Apply the changes; return the activity detail (never the password)."""
    detail: dict[str, Any] = {"changed": sorted(changes)}
    if "role" in changes:
        detail["role"] = {"from": user.role, "to": changes["role"]}
        user.role = changes["role"]
    if "password" in changes:
        user.password_hash = hash_password(changes["password"])
        _sign_out(db, user, revoke_tokens=False)
    if "active" in changes:
        detail["active"] = changes["active"]
        if user.is_active and not changes["active"]:
            _sign_out(db, user, revoke_tokens=True)
        user.is_active = changes["active"]
    return detail


@access(Access.ADMIN)
@described(json=UserChange, responses={200: UserSaved}, tags=["users"], check=False)
def user_update(name: str) -> Response:
    """Body: any of ``{"role": "editor", "password": "…", "active": false}``."""
    changes = _changes(json_object())
    principal: Principal = require_principal()
    db = db_session()
    begin_write(db)
    user = find_user_by_name(db, name)
    if user is None:
        raise NotFound(f"user: no user named {name!r}")
    _keep_an_admin(db, user, changes)
    detail = _apply(db, user, changes)
    record_activity(db, principal, "user.update", user.name, detail)
    db.commit()
    return json_response({"ok": True, "user": describe_user(user)})
