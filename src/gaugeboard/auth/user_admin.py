"""Admins managing users: create one, change a name, role, password or active flag,
delete one.

The trusted caller is an admin's request (``/api/user``); the view has already checked the
role, and the body with ``UserCreate`` or ``UserChange`` (which also describe it). A user is
named by id (digits) or name. A change never leaves the server without an active admin,
and a deactivated user is signed out everywhere (sessions deleted, API tokens and OAuth
clients revoked). Each function is one write transaction with its activity entry.

Deleting a user removes their tokens, OAuth clients, sessions, team memberships and folder
grants; what they made stays, without an owner (dashboards, their versions, data sets, notebooks,
schedules, activity entries keep their rows with the user's id set to NULL), and their
embed links stop working. Nobody deletes themselves or the last active admin.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy.orm import Session

from gaugeboard.auth.passwords import MIN_PASSWORD_LENGTH, hash_password
from gaugeboard.auth.principal import Principal
from gaugeboard.auth.users import (
    MAX_PASSWORD_LENGTH,
    RoleName,
    UserCreate,
    UserName,
    checked_password,
    checked_role,
    create_user,
    find_user_by_key,
)
from gaugeboard.errors import Conflict
from gaugeboard.input_checks import worded
from gaugeboard.store import api_tokens as token_store
from gaugeboard.store import login_sessions as session_store
from gaugeboard.store import oauth_clients as oauth_store
from gaugeboard.store import users as store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import User

LAST_ADMIN_MESSAGE = "{field}: {name!r} is the last active admin; make another admin first"


def _flag(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _email(value: Any) -> Any:
    """An address (name@example.com) or empty; never null."""
    if not isinstance(value, str):
        raise ValueError("must be an email address, or empty to remove it")
    local, at, domain = value.rpartition("@")
    plain = not any(c.isspace() or c in '<>,;"()[]\\' for c in value)
    if value and not (at and local and "." in domain and plain):
        raise ValueError("not an email address (name@example.com)")
    return value


class UserChange(BaseModel):
    """Any of name, role, password, active and email; at least one. A field sent is never
    null."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"minProperties": 1}, regex_engine="python-re"
    )
    # None is only the default of a field left out: each check refuses a null sent.
    name: UserName | SkipJsonSchema[None] = None
    role: Annotated[RoleName | SkipJsonSchema[None], BeforeValidator(checked_role)] = None
    password: Annotated[
        str | SkipJsonSchema[None],
        Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH),
        BeforeValidator(checked_password),
    ] = None
    active: Annotated[bool | SkipJsonSchema[None], BeforeValidator(_flag)] = None
    email: Annotated[
        str | SkipJsonSchema[None],
        Field(max_length=320, description="Where alert emails go; empty removes it"),
        BeforeValidator(_email),
    ] = None

    _words = worded({"extra_forbidden": "cannot be changed here"})

    @model_validator(mode="after")
    def _something(self) -> UserChange:
        if not self.model_fields_set:
            raise ValueError("give at least one of name, role, password, active, email")
        return self


def add_user(db: Session, principal: Principal, new: UserCreate) -> User:
    """Create the user ``new`` names and log it; commits."""
    user = create_user(db, new.name, new.password, new.role)
    record_activity(db, principal, "user.create", user.name, {"role": user.role})
    db.commit()
    return user


def change_user(db: Session, principal: Principal, key: str, change: UserChange) -> User:
    """Apply ``change`` to the user ``key`` (id or name); commits (404 for no such user,
    409 when the new name is taken or no active admin would be left)."""
    changes = change.model_dump(exclude_unset=True)
    begin_write(db)
    user = find_user_by_key(db, key)
    _keep_an_admin(db, user, changes)
    detail = _apply(db, user, changes)
    record_activity(db, principal, "user.update", user.name, detail)
    db.commit()
    return user


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
        oauth_store.revoke_clients_of(db, user.id, utcnow())


def _apply(db: Session, user: User, changes: dict[str, Any]) -> dict[str, Any]:
    """Apply the changes; return the activity detail (never the password)."""
    detail: dict[str, Any] = {"changed": sorted(changes)}
    if "name" in changes and changes["name"] != user.name:
        detail["name"] = {"from": user.name, "to": changes["name"]}
        taken = store.find_user_by_name(db, changes["name"])
        if taken is not None:
            raise Conflict(f"name: a user named {changes['name']!r} already exists")
        user.name = changes["name"]
        store.flush_name(db, user)
    if "role" in changes:
        detail["role"] = {"from": user.role, "to": changes["role"]}
        user.role = changes["role"]
    if "password" in changes:
        user.password_hash = hash_password(changes["password"])
        _sign_out(db, user, revoke_tokens=False)
    if "email" in changes:
        user.email = changes["email"] or None
    if "active" in changes:
        detail["active"] = changes["active"]
        if user.is_active and not changes["active"]:
            _sign_out(db, user, revoke_tokens=True)
        user.is_active = changes["active"]
    return detail


def delete_user(db: Session, principal: Principal, key: str) -> dict[str, Any]:
    """Delete the user ``key`` (see the module docstring for what goes and what stays);
    commits and answers what the user was. 409 for oneself and for the last active admin."""
    begin_write(db)
    user = find_user_by_key(db, key)
    if user.id == principal.user_id:
        raise Conflict("user: you cannot delete yourself; another admin can")
    if user.role == "admin" and user.is_active:
        others = [found for found in store.lock_active_admin_ids(db) if found != user.id]
        if not others:
            raise Conflict(LAST_ADMIN_MESSAGE.format(field="user", name=user.name))
    gone: dict[str, Any] = {"id": user.id, "name": user.name, "role": user.role}
    store.delete_user(db, user)
    record_activity(db, principal, "user.delete", user.name, {"id": user.id})
    db.commit()
    return gone
