"""Catalog model of job leases (one holder per job name at a time); queries in
``store/job_locks.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base
from gaugeboard.store.types import UtcDateTime


class JobLock(Base):
    """A lease on a named job, so one process at a time runs it (sealing, compaction)."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
