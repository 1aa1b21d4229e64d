"""Queries on users."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from gaugeboard.store.database import flush_or_conflict
from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import User


def find_user_by_name(db: Session, name: str) -> User | None:
    return db.scalars(select(User).where(User.name == name)).first()


def find_user(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


def insert_user(db: Session, name: str, password_hash: str, role: str) -> User:
    user = User(name=name, password_hash=password_hash, role=role, is_active=True)
    db.add(user)
    flush_or_conflict(db, f"name: a user named {name!r} already exists")
    return user


def flush_name(db: Session, user: User) -> None:
    """Write a renamed user now: a name taken at the same moment is a 409."""
    flush_or_conflict(db, f"name: a user named {user.name!r} already exists")


def list_users(db: Session) -> Sequence[User]:
    return db.scalars(select(User).order_by(User.name)).all()


def lock_active_admin_ids(db: Session) -> list[int]:
    """The ids of every active admin, their rows locked (on PostgreSQL) in id order, so two
    admins demoting each other at once queue instead of deadlocking."""
    query = (
        select(User.id)
        .where(User.role == "admin", User.is_active.is_(True))
        .order_by(User.id)
        .with_for_update()
    )
    return list(db.scalars(query).all())


def mark_login(db: Session, user: User) -> None:
    user.last_login_at = utcnow()


def delete_user(db: Session, user: User) -> None:
    """Delete the user: the database removes their tokens, sessions, memberships and grants
    and sets their id to NULL wherever they created or own something."""
    db.delete(user)
    db.flush()
