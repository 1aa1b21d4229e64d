"""Starred and recently viewed dashboards: a signed-in user's own shortcuts, shown on the
home page and by the star button of a dashboard's page.

The trusted caller is a request that has already found the dashboard through the caller's
permissions (``visible_dashboard``); listings here apply ``can_view`` again, so a star on a
dashboard whose folder was closed afterwards shows nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor, can_view
from gaugeboard.dashboards.view_counter import ViewCounter
from gaugeboard.store import stars as store
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.dashboard_views import recently_viewed
from gaugeboard.store.types import utcnow

RECENT_DAYS = 90
RECENT_LIMIT = 8
_ASKED = 40  # rows read before permissions are applied, so the page still shows a few


def set_star(db: Session, user_id: int, dashboard: Dashboard, starred: bool) -> bool:
    """Star or unstar ``dashboard`` for ``user_id``; commits; returns the new state."""
    if starred:
        store.add_star(db, user_id, dashboard.id)
    else:
        store.remove_star(db, user_id, dashboard.id)
    db.commit()
    return starred


def is_starred(db: Session, user_id: int, dashboard: Dashboard) -> bool:
    return store.has_star(db, user_id, dashboard.id)


def starred(db: Session, actor: Actor, user_id: int) -> list[Dashboard]:
    """The dashboards ``user_id`` starred that ``actor`` may still see."""
    return [d for d in store.starred_dashboards(db, user_id) if can_view(actor, d)]


def write_pending_views(db: Session, counter: ViewCounter | None) -> None:
    """Write this process's pending view counts, so that ``recent`` lists the page opened
    last, and end ``db``'s read transaction (a snapshot begun before, say by the sign-in
    check, would not see them). ``db`` must hold no changes."""
    if counter is not None:
        counter.flush()
        db.commit()


def recent(db: Session, actor: Actor, user_id: int, limit: int = RECENT_LIMIT) -> list[Dashboard]:
    """The dashboards ``user_id`` viewed lately (last viewed first) that ``actor`` may see."""
    since = (utcnow() - timedelta(days=RECENT_DAYS)).date()
    found = recently_viewed(db, user_id, since, _ASKED)
    return [d for d in found if can_view(actor, d)][:limit]
