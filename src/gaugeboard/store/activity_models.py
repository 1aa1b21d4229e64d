"""Catalog model of the activity log; queries in ``store/activity.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base
from gaugeboard.store.types import UtcDateTime, utcnow


class ActivityEntry(Base):
    """One administrative change or sign-in, written in the transaction of the change.
    The actor's name is copied so the entry still says who once the user is deleted;
    ``detail`` is a small JSON object and never holds a secret or password."""

    __tablename__ = "activity_log"
    __table_args__ = (Index("ix_activity_log_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    via: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(600), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
