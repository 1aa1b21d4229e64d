"""What the actions of a dashboard's page (star, history, embed links, rename, move,
duplicate, delete) need from the server: which of them the caller may use, the star's
state and the folders a move may go to. ``partials/dashboard_actions.html`` draws them and
``dashboard-actions.js`` calls the API; a button is shown only when the API would let the
caller do what it does, and the API checks again."""

from __future__ import annotations

from dataclasses import dataclass

from gaugeboard.dashboards.permissions import can_clone, can_delete, can_update
from gaugeboard.dashboards.service import creatable_folders
from gaugeboard.dashboards.stars import is_starred
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.guard import current_embed, current_principal
from gaugeboard.state import db_session
from gaugeboard.store.dashboard_models import Dashboard


@dataclass(frozen=True)
class DashboardActions:
    starred: bool
    may_change: bool  # rename, move, restore a version, manage embed links
    may_duplicate: bool
    may_delete: bool
    folders: tuple[str, ...]


def dashboard_actions(dashboard: Dashboard, shown_plain: bool) -> DashboardActions | None:
    """The page's actions for the signed-in caller; None for plain, kiosk and embed pages
    and for visitors without an account."""
    principal = current_principal()
    if shown_plain or principal is None or current_embed() is not None:
        return None
    actor = dashboard_actor()
    db = db_session()
    editor = principal.has_role("editor")
    may_change = editor and can_update(actor, dashboard)
    return DashboardActions(
        starred=is_starred(db, principal.user_id, dashboard),
        may_change=may_change,
        may_duplicate=editor and can_clone(actor, dashboard, dashboard.folder),
        may_delete=editor and can_delete(actor, dashboard),
        folders=tuple(creatable_folders(db, actor)) if may_change else (),
    )
