"""Queries of dashboard views: additive upserts, and the sums account activity reads."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.view_models import DashboardView


def add_views(connection: Connection, counts: Mapping[tuple[int, int, date], int]) -> None:
    """Add ``counts`` (by dashboard, user, day) to their rows, in key order (no deadlock
    between writers on PostgreSQL). Views of a dashboard deleted meanwhile are dropped."""
    if not counts:
        return
    wanted = {dashboard_id for dashboard_id, _user, _day in counts}
    live = set(connection.scalars(select(Dashboard.id).where(Dashboard.id.in_(wanted))).all())
    rows = [
        {"dashboard_id": dash, "user_id": user, "day": day, "views": views}
        for (dash, user, day), views in sorted(counts.items())
        if dash in live
    ]
    if not rows:
        return
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(DashboardView)
    statement = statement.on_conflict_do_update(
        index_elements=["dashboard_id", "user_id", "day"],
        set_={"views": DashboardView.views + statement.excluded.views},
    )
    connection.execute(statement, rows)


def per_dashboard(db: Session, since: date, until: date) -> list[dict[str, Any]]:
    """Views, distinct signed-in viewers and the last day viewed, per dashboard."""
    query = (
        select(
            DashboardView.dashboard_id,
            func.sum(DashboardView.views),
            func.count(func.distinct(DashboardView.user_id)).filter(DashboardView.user_id != 0),
            func.max(DashboardView.day),
        )
        .where(DashboardView.day >= since, DashboardView.day < until)
        .group_by(DashboardView.dashboard_id)
    )
    return [
        {
            "dashboard_id": row[0],
            "views": int(row[1]),
            "viewers": int(row[2]),
            "last_viewed": row[3],
        }
        for row in db.execute(query)
    ]


def per_user(db: Session, since: date, until: date) -> dict[int, int]:
    """Dashboard views per signed-in user."""
    query = (
        select(DashboardView.user_id, func.sum(DashboardView.views))
        .where(DashboardView.day >= since, DashboardView.day < until, DashboardView.user_id != 0)
        .group_by(DashboardView.user_id)
    )
    return {int(row[0]): int(row[1]) for row in db.execute(query)}
