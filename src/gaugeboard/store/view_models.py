"""Catalog model of dashboard views: one additive row per dashboard, viewer and day, so
account activity can say who looked at what without a row per page load. Queries in
``store/dashboard_views.py``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from gaugeboard.store.base import Base


class DashboardView(Base):
    """Views of one dashboard by one viewer on one UTC day. ``user_id`` 0 stands for
    viewers without an account (embed links, public dashboards); it is not a foreign key,
    and a deleted user's rows stay counted under their old id."""

    __tablename__ = "dashboard_views"

    dashboard_id: Mapped[int] = mapped_column(
        ForeignKey("dashboards.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    views: Mapped[int] = mapped_column(Integer, default=0)
