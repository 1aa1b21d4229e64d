"""Activity over a period: per user (sign-ins, dashboard and notebook views, edits, last
sign-in) and per dashboard, JSON or notebook (views, distinct signed-in viewers, last
viewed). Sign-ins and edits come from the activity log; views from the batched view
counts. A dashboard row names its ``dashboard_id``, a notebook row its ``notebook_id``;
the other id is null, so both kinds share one set of columns."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gaugeboard.store.activity_models import ActivityEntry
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.dashboard_views import ViewKind, per_item, per_user
from gaugeboard.store.notebook_models import Notebook
from gaugeboard.store.types import iso_utc
from gaugeboard.store.user_models import User

EDIT_ACTIONS = (
    "dashboard.create",
    "dashboard.update",
    "dashboard.delete",
    "dashboard.restore",
    "dashboard.clone",
)


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


def _counts(db: Session, actions: tuple[str, ...], since: date, until: date) -> dict[int, int]:
    query = (
        select(ActivityEntry.actor_id, func.count())
        .where(
            ActivityEntry.action.in_(actions),
            ActivityEntry.at >= _start(since),
            ActivityEntry.at < _start(until),
            ActivityEntry.actor_id.is_not(None),
        )
        .group_by(ActivityEntry.actor_id)
    )
    return {int(row[0] or 0): int(row[1]) for row in db.execute(query)}


def user_activity(db: Session, since: date, until: date) -> list[dict[str, Any]]:
    logins = _counts(db, ("login",), since, until)
    edits = _counts(db, EDIT_ACTIONS, since, until)
    views = per_user(db, since, until)
    users = db.scalars(select(User).order_by(User.name)).all()
    return [
        {
            "user_id": user.id,
            "name": user.name,
            "role": user.role,
            "active": user.is_active,
            "logins": logins.get(user.id, 0),
            "views": views.get(user.id, 0),
            "edits": edits.get(user.id, 0),
            "last_login": iso_utc(user.last_login_at),
        }
        for user in users
    ]


def _row(
    kind: ViewKind, item_id: int, title: str, folder: str, name: str, stats: dict[str, Any]
) -> dict[str, Any]:
    last = stats.get("last_viewed")
    return {
        "kind": kind,
        "dashboard_id": item_id if kind == "dashboard" else None,
        "notebook_id": item_id if kind == "notebook" else None,
        "title": title,
        "path": f"{folder}/{name}".lstrip("/"),
        "views": stats.get("views", 0),
        "viewers": stats.get("viewers", 0),
        "last_viewed": last.isoformat() if last else None,
    }


def dashboard_activity(db: Session, since: date, until: date) -> list[dict[str, Any]]:
    """Every live dashboard and notebook dashboard, most viewed first."""
    dashboard_stats = {row["id"]: row for row in per_item(db, "dashboard", since, until)}
    notebook_stats = {row["id"]: row for row in per_item(db, "notebook", since, until)}
    dashboards = db.scalars(select(Dashboard).where(Dashboard.deleted_at.is_(None))).all()
    notebooks = db.scalars(select(Notebook).where(Notebook.deleted_at.is_(None))).all()
    found = [
        _row("dashboard", d.id, d.title, d.folder, d.name, dashboard_stats.get(d.id, {}))
        for d in dashboards
    ] + [
        _row("notebook", n.id, n.title, n.folder, n.name, notebook_stats.get(n.id, {}))
        for n in notebooks
    ]
    return sorted(found, key=lambda item: (-item["views"], item["path"]))


def period(days: int, today: date) -> tuple[date, date]:
    """The ``days`` days up to and including ``today``."""
    return today - timedelta(days=days - 1), today + timedelta(days=1)
