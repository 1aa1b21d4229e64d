"""Login rate limiting kept in the catalog, so every server process shares the count."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from gaugeboard.errors import RateLimited
from gaugeboard.store import login_sessions as store
from gaugeboard.store.database import begin_write


@dataclass(frozen=True)
class LoginLimit:
    max_attempts: int
    window_seconds: int


def subjects_for(user_name: str, client_address: str) -> list[str]:
    """Fixed-length subjects: the user name is hashed, so any input fits the column."""
    digest = hashlib.sha256(user_name.strip().lower().encode()).hexdigest()[:40]
    return [f"user:{digest}", f"addr:{client_address[:100]}"]


def ensure_allowed(db: Session, limit: LoginLimit, subjects: list[str], now: datetime) -> None:
    """Raise RateLimited when any subject used up its failed attempts in the window."""
    since = now - timedelta(seconds=limit.window_seconds)
    for subject in subjects:
        if store.count_attempts_since(db, subject, since) >= limit.max_attempts:
            oldest = store.oldest_attempt_since(db, subject, since) or now
            retry_after = int((oldest - since).total_seconds()) + 1
            raise RateLimited(retry_after, "Too many failed logins; try again later.")


def claim_attempt(db: Session, limit: LoginLimit, subjects: list[str], now: datetime) -> list[int]:
    """Check the limit and count this attempt as failed, in one locked transaction.

    The attempt is recorded before the password is checked, so parallel guesses cannot all
    slip past the count; a good login then takes its own attempt back.
    """
    begin_write(db)
    store.lock_subjects(db, subjects)
    ensure_allowed(db, limit, subjects, now)
    store.delete_attempts_before(db, now - timedelta(seconds=limit.window_seconds))
    ids = [store.record_attempt(db, subject, now) for subject in subjects]
    db.commit()
    return ids


def forget_user(db: Session, subjects: list[str], attempt_ids: list[int]) -> None:
    """After a good login the user's count restarts and this attempt is taken back."""
    store.delete_attempts(db, subjects[0])
    store.delete_attempt_ids(db, attempt_ids)


def record_failure(db: Session, limit: LoginLimit, subjects: list[str], now: datetime) -> None:
    """Count a failed attempt after the check (HTTP Basic: a good call must stay read-only,
    so its attempt is not claimed first; parallel wrong guesses can overshoot the limit by
    the number of requests served at once, no more). Commits."""
    begin_write(db)
    store.lock_subjects(db, subjects)
    store.delete_attempts_before(db, now - timedelta(seconds=limit.window_seconds))
    for subject in subjects:
        store.record_attempt(db, subject, now)
    db.commit()


def forget_failures(db: Session, limit: LoginLimit, subjects: list[str], now: datetime) -> None:
    """After a good HTTP Basic check the user's count restarts; a write only when the user
    has failures in the window. Commits."""
    since = now - timedelta(seconds=limit.window_seconds)
    if store.count_attempts_since(db, subjects[0], since) == 0:
        return
    begin_write(db)
    store.delete_attempts(db, subjects[0])
    db.commit()
