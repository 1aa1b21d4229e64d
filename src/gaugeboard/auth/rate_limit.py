"""Login rate limiting kept in the catalog, so every server process shares the count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from gaugeboard.errors import RateLimited
from gaugeboard.store import login_sessions as store


@dataclass(frozen=True)
class LoginLimit:
    max_attempts: int
    window_seconds: int


def subjects_for(user_name: str, client_address: str) -> list[str]:
    return [f"user:{user_name.strip().lower()}", f"addr:{client_address}"]


def ensure_allowed(db: Session, limit: LoginLimit, subjects: list[str], now: datetime) -> None:
    """Raise RateLimited when any subject used up its failed attempts in the window."""
    since = now - timedelta(seconds=limit.window_seconds)
    for subject in subjects:
        if store.count_attempts_since(db, subject, since) >= limit.max_attempts:
            oldest = store.oldest_attempt_since(db, subject, since) or now
            retry_after = int((oldest - since).total_seconds()) + 1
            raise RateLimited(retry_after, "Too many failed logins; try again later.")


def record_failure(db: Session, limit: LoginLimit, subjects: list[str], now: datetime) -> None:
    store.delete_attempts_before(db, now - timedelta(seconds=limit.window_seconds))
    for subject in subjects:
        store.record_attempt(db, subject, now)


def forget_user(db: Session, subjects: list[str]) -> None:
    """After a good login the user's count restarts (the address count stays)."""
    store.delete_attempts(db, subjects[0])
