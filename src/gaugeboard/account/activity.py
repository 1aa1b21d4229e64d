"""Activity over a period: per user (sign-ins, dashboard views, edits, last sign-in) and
per dashboard (views, distinct signed-in viewers, last viewed). Sign-ins and edits come
from the activity log; views from the batched view counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gaugeboard.store.activity_models import ActivityEntry
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.dashboard_views import per_dashboard, per_user
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


def dashboard_activity(db: Session, since: date, until: date) -> list[dict[str, Any]]:
    stats = {row["dashboard_id"]: row for row in per_dashboard(db, since, until)}
    dashboards = db.scalars(
        select(Dashboard)
        .where(Dashboard.deleted_at.is_(None))
        .order_by(Dashboard.folder, Dashboard.name)
    ).all()
    found = []
    for dashboard in dashboards:
        row = stats.get(dashboard.id, {})
        last = row.get("last_viewed")
        found.append(
            {
                "dashboard_id": dashboard.id,
                "title": dashboard.title,
                "path": f"{dashboard.folder}/{dashboard.name}".lstrip("/"),
                "views": row.get("views", 0),
                "viewers": row.get("viewers", 0),
                "last_viewed": last.isoformat() if last else None,
            }
        )
    return sorted(found, key=lambda item: (-item["views"], item["path"]))


def period(days: int, today: date) -> tuple[date, date]:
    """The ``days`` days up to and including ``today``."""
    return today - timedelta(days=days - 1), today + timedelta(days=1)
