"""Creating users and describing them; every problem with the input is reported at once.

``UserCreate`` is both the check (here, for the API, the CLI and the demo) and the
description of ``POST /api/user``; its field types are the ones a change of user checks.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from sqlalchemy.orm import Session

from gaugeboard.auth.passwords import MIN_PASSWORD_LENGTH, hash_password
from gaugeboard.errors import Conflict, NotFound
from gaugeboard.input_checks import checked, worded
from gaugeboard.store import users as store
from gaugeboard.store.database import begin_write
from gaugeboard.store.teams import team_names_of
from gaugeboard.store.types import iso_utc
from gaugeboard.store.user_models import ROLES, User

# Always fullmatch: with re.match, "$" also matches before a trailing newline.
USER_NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
MAX_PASSWORD_LENGTH = 1024
# `/api/user/me` always answers the caller, so no user may be named that: their own
# address would be taken.
RESERVED_USER_NAMES = frozenset({"me"})


def _user_name(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    if not USER_NAME_PATTERN.fullmatch(value):
        raise ValueError(
            "must be 1-64 characters of letters, digits, '_', '.', '@' or '-', "
            "starting with a letter or digit"
        )
    if value in RESERVED_USER_NAMES:
        raise ValueError(f"{value!r} is reserved (/api/user/me always means the caller)")
    if value.isdigit():
        raise ValueError("a name of digits only would read as a user id; add a letter")
    return value


def checked_password(value: Any) -> Any:
    """A password's check (a pydantic before-validator): a string of the allowed length."""
    if not isinstance(value, str):
        raise ValueError("must be a string")
    if len(value) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(value) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"must be at most {MAX_PASSWORD_LENGTH} characters")
    return value


def checked_role(value: Any) -> Any:
    """A role's check (a pydantic before-validator): one of the roles, never null."""
    if not isinstance(value, str) or value not in ROLES:
        raise ValueError(f"must be one of {', '.join(ROLES)}")
    return value


# Constraints first (they describe the field), then the check that words the problems.
UserName = Annotated[
    str,
    Field(
        pattern=f"^(?![0-9]+$){USER_NAME_PATTERN.pattern}$",
        description="not `me` (reserved for the caller), not digits only (an id)",
    ),
    BeforeValidator(_user_name),
]
Password = Annotated[
    str,
    Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH),
    BeforeValidator(checked_password),
]
RoleName = Literal["admin", "editor", "viewer"]
Role = Annotated[RoleName, BeforeValidator(checked_role)]


class UserCreate(BaseModel):
    """A new user: name, password and role."""

    model_config = ConfigDict(regex_engine="python-re")  # the name's pattern looks ahead
    name: UserName
    password: Password
    role: Role

    _words = worded({"missing": "is required"})


def create_user(db: Session, name: str, password: str, role: str) -> User:
    """Check (``UserCreate``) and insert a user; the caller commits."""
    new = checked(UserCreate, {"name": name, "password": password, "role": role}, "user")
    begin_write(db)
    if store.find_user_by_name(db, new.name) is not None:
        raise Conflict(f"name: a user named {new.name!r} already exists")
    return store.insert_user(db, new.name, hash_password(new.password), new.role)


def find_user_by_key(db: Session, key: str | int) -> User:
    """The user with the id ``key`` (digits) or the name ``key``; NotFound otherwise."""
    text = str(key)
    if text.isascii() and text.isdigit():
        user = store.find_user(db, int(text)) if len(text) <= 18 else None
        if user is None:
            raise NotFound(f"user: no user with the id {text}")
        return user
    user = store.find_user_by_name(db, text)
    if user is None:
        raise NotFound(f"user: no user named {text!r}")
    return user


def describe_user(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role,
        "active": user.is_active,
        "email": user.email,
        "created_at": iso_utc(user.created_at),
        "last_login_at": iso_utc(user.last_login_at),
    }


def user_details(db: Session, user: User) -> dict[str, Any]:
    """``describe_user`` and the names of the user's teams."""
    return {**describe_user(user), "teams": team_names_of(db, user.id)}
