"""Queries on browser login sessions and on failed login attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from gaugeboard.store.user_models import LoginAttempt, LoginSession


def insert_session(
    db: Session, user_id: int, token_hash: str, csrf_token: str, expires_at: datetime
) -> LoginSession:
    record = LoginSession(
        user_id=user_id, token_hash=token_hash, csrf_token=csrf_token, expires_at=expires_at
    )
    db.add(record)
    db.flush()
    return record


def find_session_by_hash(db: Session, token_hash: str) -> LoginSession | None:
    return db.scalars(select(LoginSession).where(LoginSession.token_hash == token_hash)).first()


def delete_session_by_hash(db: Session, token_hash: str) -> None:
    db.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash))


def delete_sessions_of(db: Session, user_id: int) -> None:
    db.execute(delete(LoginSession).where(LoginSession.user_id == user_id))


def delete_expired_sessions(db: Session, now: datetime) -> None:
    db.execute(delete(LoginSession).where(LoginSession.expires_at <= now))


def record_attempt(db: Session, subject: str, at: datetime) -> int:
    attempt = LoginAttempt(subject=subject, attempted_at=at)
    db.add(attempt)
    db.flush()
    return attempt.id


def delete_attempt_ids(db: Session, ids: list[int]) -> None:
    if ids:
        db.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(ids)))


def lock_subjects(db: Session, subjects: list[str]) -> None:
    """PostgreSQL: serialise attempts on the same subjects (SQLite's write lock does it)."""
    if db.get_bind().dialect.name != "postgresql":
        return
    for subject in sorted(subjects):
        db.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:s, 0))"), {"s": subject})


def count_attempts_since(db: Session, subject: str, since: datetime) -> int:
    query = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.subject == subject, LoginAttempt.attempted_at > since)
    )
    return int(db.scalar(query) or 0)


def oldest_attempt_since(db: Session, subject: str, since: datetime) -> datetime | None:
    query = select(func.min(LoginAttempt.attempted_at)).where(
        LoginAttempt.subject == subject, LoginAttempt.attempted_at > since
    )
    oldest = db.execute(query).scalar()
    return oldest if isinstance(oldest, datetime) else None


def delete_attempts(db: Session, subject: str) -> None:
    db.execute(delete(LoginAttempt).where(LoginAttempt.subject == subject))


def delete_attempts_before(db: Session, before: datetime) -> None:
    db.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at <= before))
