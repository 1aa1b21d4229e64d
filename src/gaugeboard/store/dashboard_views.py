"""Queries of dashboard views (JSON and notebook dashboards, one table each): additive
upserts, and the sums account activity reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.notebook_models import Notebook
from gaugeboard.store.view_models import DashboardView, NotebookView

ViewKind = Literal["dashboard", "notebook"]
# One pending count: (kind, dashboard or notebook id, user id, day).
ViewKey = tuple[ViewKind, int, int, date]


@dataclass(frozen=True)
class _Table:
    model: type[DashboardView] | type[NotebookView]
    item: InstrumentedAttribute[int]  # the counted row's id column
    parent: InstrumentedAttribute[int]  # the id column of what it counts

    @property
    def item_name(self) -> str:
        return self.item.key


TABLES: dict[ViewKind, _Table] = {
    "dashboard": _Table(DashboardView, DashboardView.dashboard_id, Dashboard.id),
    "notebook": _Table(NotebookView, NotebookView.notebook_id, Notebook.id),
}


def add_views(connection: Connection, counts: Mapping[ViewKey, int]) -> None:
    """Add ``counts`` to their rows, every kind in the caller's one transaction, in key
    order (no deadlock between writers on PostgreSQL). Views of a dashboard or notebook
    deleted meanwhile (its row gone) are dropped."""
    for kind, table in TABLES.items():
        mine = {key[1:]: views for key, views in counts.items() if key[0] == kind}
        if mine:
            _add(connection, table, mine)


def _add(
    connection: Connection, table: _Table, counts: Mapping[tuple[int, int, date], int]
) -> None:
    wanted = {item for item, _user, _day in counts}
    live = set(connection.scalars(select(table.parent).where(table.parent.in_(wanted))).all())
    rows = [
        {table.item_name: item, "user_id": user, "day": day, "views": views}
        for (item, user, day), views in sorted(counts.items())
        if item in live
    ]
    if not rows:
        return
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(table.model)
    statement = statement.on_conflict_do_update(
        index_elements=[table.item_name, "user_id", "day"],
        set_={"views": table.model.views + statement.excluded.views},
    )
    connection.execute(statement, rows)


def per_item(db: Session, kind: ViewKind, since: date, until: date) -> list[dict[str, Any]]:
    """Views, distinct signed-in viewers and the last day viewed, per dashboard or per
    notebook (``id``)."""
    table = TABLES[kind]
    model = table.model
    query = (
        select(
            table.item,
            func.sum(model.views),
            func.count(func.distinct(model.user_id)).filter(model.user_id != 0),
            func.max(model.day),
        )
        .where(model.day >= since, model.day < until)
        .group_by(table.item)
    )
    return [
        {"id": row[0], "views": int(row[1]), "viewers": int(row[2]), "last_viewed": row[3]}
        for row in db.execute(query)
    ]


def per_user(db: Session, since: date, until: date) -> dict[int, int]:
    """Views of dashboards and notebooks together, per signed-in user."""
    found: dict[int, int] = {}
    for table in TABLES.values():
        model = table.model
        query = (
            select(model.user_id, func.sum(model.views))
            .where(model.day >= since, model.day < until, model.user_id != 0)
            .group_by(model.user_id)
        )
        for user_id, views in db.execute(query):
            found[int(user_id)] = found.get(int(user_id), 0) + int(views)
    return found


def recently_viewed(db: Session, user_id: int, since: date, limit: int) -> list[Dashboard]:
    """The live dashboards ``user_id`` viewed since ``since``, the last viewed day first (then
    the most views that day); permissions are applied by the caller."""
    last_day = func.max(DashboardView.day)
    query = (
        select(Dashboard, last_day, func.sum(DashboardView.views))
        .join(DashboardView, DashboardView.dashboard_id == Dashboard.id)
        .where(
            DashboardView.user_id == user_id,
            DashboardView.day >= since,
            Dashboard.deleted_at.is_(None),
        )
        .group_by(Dashboard.id)
        .order_by(last_day.desc(), func.sum(DashboardView.views).desc(), Dashboard.id)
        .limit(limit)
    )
    return [row[0] for row in db.execute(query)]
