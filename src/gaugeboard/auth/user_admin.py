"""Admins managing users: create one, change a role, password or active flag.

The trusted caller is an admin's request (``/api/user``); the view has already checked the
role. A change never leaves the server without an active admin, and a deactivated user is
signed out everywhere (sessions deleted, tokens revoked). Each function is one write
transaction with its activity entry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.auth.passwords import hash_password
from gaugeboard.auth.principal import Principal
from gaugeboard.auth.users import create_user, user_problems
from gaugeboard.errors import Conflict, NotFound, ValidationFailed
from gaugeboard.store import api_tokens as token_store
from gaugeboard.store import login_sessions as session_store
from gaugeboard.store import users as store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import ROLES, User

CHANGEABLE = ("role", "password", "active")
LAST_ADMIN_MESSAGE = "{field}: {name!r} is the last active admin; make another admin first"


def add_user(db: Session, principal: Principal, body: dict[str, Any]) -> User:
    """Create the user named in ``{"name", "password", "role"}`` and log it; commits."""
    fields = {name: body.get(name) for name in ("name", "password", "role")}
    wrong = [
        f"{name}: must be a string" for name, value in fields.items() if not isinstance(value, str)
    ]
    if wrong:
        raise ValidationFailed(wrong)
    user = create_user(db, str(fields["name"]), str(fields["password"]), str(fields["role"]))
    record_activity(db, principal, "user.create", user.name, {"role": user.role})
    db.commit()
    return user


def change_user(db: Session, principal: Principal, name: str, body: dict[str, Any]) -> User:
    """Apply any of ``{"role", "password", "active"}`` to the user ``name``; commits. Every
    problem with the body is reported at once, before the user is looked up."""
    changes = _changes(body)
    begin_write(db)
    user = store.find_user_by_name(db, name)
    if user is None:
        raise NotFound(f"user: no user named {name!r}")
    _keep_an_admin(db, user, changes)
    detail = _apply(db, user, changes)
    record_activity(db, principal, "user.update", user.name, detail)
    db.commit()
    return user


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


def _keep_an_admin(db: Session, user: User, changes: dict[str, Any]) -> None:
    """409 when the change would leave no active admin. Every active admin's row,
    ``user``'s included, is locked in id order, so two admins demoting each other at once
    queue (the second then sees the first's change and gets the 409)."""
    if user.role != "admin" or not user.is_active:
        return
    losing = [
        field
        for field, kept in (("role", "admin"), ("active", True))
        if changes.get(field, kept) != kept
    ]
    if not losing:
        return
    others = [admin_id for admin_id in store.lock_active_admin_ids(db) if admin_id != user.id]
    if not others:
        raise Conflict(LAST_ADMIN_MESSAGE.format(field=losing[0], name=user.name))


def _sign_out(db: Session, user: User, revoke_tokens: bool) -> None:
    session_store.delete_sessions_of(db, user.id)
    if revoke_tokens:
        token_store.revoke_tokens_of(db, user.id, utcnow())


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
