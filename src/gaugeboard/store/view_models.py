"""Catalog models of dashboard views: one additive row per dashboard (JSON or notebook),
viewer and day, so account activity can say who looked at what without a row per page
load. One table per kind, so each row cascades with what it counts. Queries in
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


class NotebookView(Base):
    """Views of one notebook dashboard by one viewer on one UTC day; ``user_id`` as in
    ``DashboardView``."""

    __tablename__ = "notebook_views"

    notebook_id: Mapped[int] = mapped_column(
        ForeignKey("notebooks.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    views: Mapped[int] = mapped_column(Integer, default=0)
