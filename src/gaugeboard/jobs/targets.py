"""The kinds of target a schedule can point at, and who may schedule work on each: the
caller must be allowed to change the target. Data sets and notebooks add their own kinds
when they arrive (``JobRegistry.register_target``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor, can_update
from gaugeboard.errors import Forbidden, ValidationFailed
from gaugeboard.store.dashboards import get_dashboard

DASHBOARD = "dashboard"


def dashboard_target(db: Session, actor: Actor, target_id: str) -> str:
    """The dashboard's title when ``target_id`` names one the caller may change."""
    dashboard = get_dashboard(db, int(target_id)) if target_id.isdigit() else None
    if dashboard is None:
        raise ValidationFailed(f"target_id: no dashboard has the id {target_id!r}")
    if not can_update(actor, dashboard):
        raise Forbidden(f"target_id: you may not change the dashboard {dashboard.title!r}")
    return dashboard.title
