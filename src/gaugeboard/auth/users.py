"""Creating users and describing them; every problem with the input is reported at once."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.auth.passwords import MIN_PASSWORD_LENGTH, hash_password
from gaugeboard.errors import Conflict, ValidationFailed
from gaugeboard.store import users as store
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import iso_utc
from gaugeboard.store.user_models import ROLES, User

# Always fullmatch: with re.match, "$" also matches before a trailing newline.
USER_NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
MAX_PASSWORD_LENGTH = 1024
# `/api/user/me` always answers the caller, so no user may be named that: their own
# address would be taken.
RESERVED_USER_NAMES = frozenset({"me"})


def user_problems(name: str, password: str, role: str) -> list[str]:
    problems = []
    if not USER_NAME_PATTERN.fullmatch(name):
        problems.append(
            "name: must be 1-64 characters of letters, digits, '_', '.', '@' or '-', "
            "starting with a letter or digit"
        )
    elif name in RESERVED_USER_NAMES:
        problems.append(f"name: {name!r} is reserved (/api/user/me always means the caller)")
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"password: must be at least {MIN_PASSWORD_LENGTH} characters")
    elif len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"password: must be at most {MAX_PASSWORD_LENGTH} characters")
    if role not in ROLES:
        problems.append(f"role: must be one of {', '.join(ROLES)}")
    return problems


def create_user(db: Session, name: str, password: str, role: str) -> User:
    """Validate and insert a user; the caller commits."""
    problems = user_problems(name, password, role)
    if problems:
        raise ValidationFailed(problems)
    begin_write(db)
    if store.find_user_by_name(db, name) is not None:
        raise Conflict(f"name: a user named {name!r} already exists")
    return store.insert_user(db, name, hash_password(password), role)


def describe_user(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role,
        "active": user.is_active,
        "created_at": iso_utc(user.created_at),
        "last_login_at": iso_utc(user.last_login_at),
    }
