"""``/api/dashboard/<id>/star`` and ``/api/star``: a signed-in user's starred dashboards,
and ``/api/recent``: the dashboards they viewed lately. Each user sees and changes only
their own stars, on dashboards they may see."""

from __future__ import annotations

from typing import Literal

from flask import Blueprint, Response
from pydantic import BaseModel

from gaugeboard.api.dashboard_models import DashboardSummary
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards import stars
from gaugeboard.dashboards.service import describe_dashboard
from gaugeboard.http.contract import described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.dashboard_lookup import visible_dashboard
from gaugeboard.http.guard import require_principal
from gaugeboard.http.job_runner import ID
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session

TAGS = ["dashboards"]


class StarState(BaseModel):
    ok: Literal[True]
    dashboard_id: int
    starred: bool


class StarredList(BaseModel):
    ok: Literal[True]
    items: list[DashboardSummary]
    next: None = None


def register(bp: Blueprint) -> None:
    rule = f"/dashboard/<{ID}:dashboard_id>/star"
    bp.add_url_rule(rule, view_func=star_get, methods=["GET"])
    bp.add_url_rule(rule, view_func=star_put, methods=["PUT"])
    bp.add_url_rule(rule, view_func=star_delete, methods=["DELETE"])
    bp.add_url_rule("/star", view_func=starred_list, methods=["GET"])
    bp.add_url_rule("/recent", view_func=recent_list, methods=["GET"])


def _answer(dashboard_id: int, starred: bool) -> Response:
    return json_response({"ok": True, "dashboard_id": dashboard_id, "starred": starred})


@access(Access.VIEWER)
@described(responses={200: StarState}, tags=TAGS)
def star_get(dashboard_id: int) -> Response:
    """Whether the caller starred the dashboard."""
    dashboard = visible_dashboard(str(dashboard_id))
    user_id = require_principal().user_id
    return _answer(dashboard.id, stars.is_starred(db_session(), user_id, dashboard))


@access(Access.VIEWER)
@described(responses={200: StarState}, tags=TAGS)
def star_put(dashboard_id: int) -> Response:
    """Star the dashboard for the caller (starring it twice changes nothing)."""
    dashboard = visible_dashboard(str(dashboard_id))
    user_id = require_principal().user_id
    return _answer(dashboard.id, stars.set_star(db_session(), user_id, dashboard, True))


@access(Access.VIEWER)
@described(responses={200: StarState}, tags=TAGS)
def star_delete(dashboard_id: int) -> Response:
    """Remove the caller's star (none is fine)."""
    dashboard = visible_dashboard(str(dashboard_id))
    user_id = require_principal().user_id
    return _answer(dashboard.id, stars.set_star(db_session(), user_id, dashboard, False))


@access(Access.VIEWER)
@described(responses={200: StarredList}, tags=TAGS)
def starred_list() -> Response:
    """The caller's starred dashboards, the most recently starred first."""
    found = stars.starred(db_session(), dashboard_actor(), require_principal().user_id)
    items = [describe_dashboard(d) for d in found]
    return json_response({"ok": True, "items": items, "next": None})


@access(Access.VIEWER)
@described(responses={200: StarredList}, tags=TAGS)
def recent_list() -> Response:
    """The dashboards the caller viewed in the last 90 days, the last viewed first."""
    stars.write_pending_views(db_session(), current_state().views)
    user_id = require_principal().user_id
    found = stars.recent(db_session(), dashboard_actor(), user_id)
    items = [describe_dashboard(d) for d in found]
    return json_response({"ok": True, "items": items, "next": None})
