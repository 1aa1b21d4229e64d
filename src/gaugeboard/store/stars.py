"""Queries of dashboard stars: add, remove, and a user's starred dashboards."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.star_models import DashboardStar


def has_star(db: Session, user_id: int, dashboard_id: int) -> bool:
    return db.get(DashboardStar, (user_id, dashboard_id)) is not None


def add_star(db: Session, user_id: int, dashboard_id: int) -> None:
    """Star ``dashboard_id`` for ``user_id`` (nothing changes when it already is)."""
    if not has_star(db, user_id, dashboard_id):
        db.add(DashboardStar(user_id=user_id, dashboard_id=dashboard_id))
        db.flush()


def remove_star(db: Session, user_id: int, dashboard_id: int) -> None:
    statement = delete(DashboardStar).where(
        DashboardStar.user_id == user_id, DashboardStar.dashboard_id == dashboard_id
    )
    db.execute(statement)


def starred_dashboards(db: Session, user_id: int) -> Sequence[Dashboard]:
    """The live dashboards ``user_id`` starred, the most recently starred first
    (permissions are applied by the caller)."""
    query = (
        select(Dashboard)
        .join(DashboardStar, DashboardStar.dashboard_id == Dashboard.id)
        .where(DashboardStar.user_id == user_id, Dashboard.deleted_at.is_(None))
        .order_by(DashboardStar.created_at.desc(), Dashboard.id)
    )
    return db.scalars(query).all()


def starred_ids(db: Session, user_id: int, dashboard_ids: Sequence[int]) -> set[int]:
    """Which of ``dashboard_ids`` ``user_id`` starred."""
    if not dashboard_ids:
        return set()
    query = select(DashboardStar.dashboard_id).where(
        DashboardStar.user_id == user_id, DashboardStar.dashboard_id.in_(dashboard_ids)
    )
    return set(db.scalars(query).all())
