"""Catalog model of starred dashboards: one row per user and dashboard they starred, so the
home page can list a user's favourites. Queries in ``store/stars.py``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base
from gaugeboard.store.types import UtcDateTime, utcnow


class DashboardStar(Base):
    """``user_id`` starred ``dashboard_id`` at ``created_at``; the row goes with either."""

    __tablename__ = "dashboard_stars"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    dashboard_id: Mapped[int] = mapped_column(
        ForeignKey("dashboards.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
