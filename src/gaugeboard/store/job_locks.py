"""Leases on named jobs: the holder runs the job until the lease expires or is released."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gaugeboard.store.database import begin_write
from gaugeboard.store.job_models import JobLock


def try_acquire(db: Session, name: str, holder: str, now: datetime, until: datetime) -> bool:
    """Take the lease when it is free or expired; commits. True when ``holder`` now has it."""
    begin_write(db)
    taken = db.execute(
        update(JobLock)
        .where(JobLock.name == name, (JobLock.expires_at < now) | (JobLock.holder == holder))
        .values(holder=holder, expires_at=until)
    )
    if taken.rowcount:  # type: ignore[attr-defined]
        db.commit()
        return True
    try:
        db.add(JobLock(name=name, holder=holder, expires_at=until))
        db.commit()
        return True
    except IntegrityError:
        db.rollback()
        return False


def release(db: Session, name: str, holder: str) -> None:
    begin_write(db)
    db.execute(delete(JobLock).where(JobLock.name == name, JobLock.holder == holder))
    db.commit()
