"""The home page (``/``) and the trash (``/dashboards-trash/``).

Home shows a signed-in user's starred dashboards, the ones they viewed lately, and a
pointer to the examples folder; the folder list stays at ``/dashboards/``. A visitor
without an account (``DASHBOARD_ACCESS=public``) is sent there, as ``/`` always did.

The trash lists deleted dashboards the caller may see, with a restore button each
(``POST /api/dashboard/<id>/restore``); editors only, as ``GET /api/dashboard?deleted=1``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, redirect, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards import stars
from gaugeboard.dashboards.paths import join_path
from gaugeboard.dashboards.permissions import can_create, can_view, can_view_folder
from gaugeboard.dashboards.service import list_folder
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.guard import current_principal, require_principal
from gaugeboard.state import current_state, db_session
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.dashboards import DashboardFilter, find_dashboards
from gaugeboard.store.types import iso_utc
from gaugeboard.web.rendering import render_page

EXAMPLES_FOLDER = "examples"


@dataclass(frozen=True)
class Card:
    """One dashboard of a home-page list."""

    id: int
    title: str
    path: str
    url: str
    description: str
    updated_at: str | None


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/", view_func=home)
    bp.add_url_rule("/dashboards-trash/", view_func=trash)


def _card(dashboard: Dashboard) -> Card:
    path = join_path(dashboard.folder, dashboard.name)
    return Card(
        id=dashboard.id,
        title=dashboard.title or dashboard.name,
        path=path,
        url=url_for("gaugeboard.web.browse", path=path),
        description=dashboard.description,
        updated_at=iso_utc(dashboard.updated_at),
    )


def _examples_url() -> str | None:
    actor = dashboard_actor()
    listing = list_folder(db_session(), EXAMPLES_FOLDER)
    if listing is None or not can_view_folder(actor, EXAMPLES_FOLDER):
        return None
    if not any(can_view(actor, d) for d in listing.dashboards):
        return None
    return url_for("gaugeboard.web.browse", path=f"{EXAMPLES_FOLDER}/")


@access(Access.DASHBOARD_READER)
def home() -> Response | WerkzeugResponse:
    stars.write_pending_views(db_session(), current_state().views)
    principal = current_principal()
    if principal is None:
        return redirect(url_for("gaugeboard.web.browse_root"))
    db, actor = db_session(), dashboard_actor()
    return render_page(
        "home.html",
        starred=[_card(d) for d in stars.starred(db, actor, principal.user_id)],
        recent=[_card(d) for d in stars.recent(db, actor, principal.user_id)],
        examples_url=_examples_url(),
        may_create=can_create(actor, ""),
    )


@access(Access.EDITOR)
def trash() -> Response:
    require_principal()
    actor = dashboard_actor()
    wanted = DashboardFilter(folder="", recursive=True, deleted=True)
    deleted = [d for d in find_dashboards(db_session(), wanted) if can_view(actor, d)]
    deleted.sort(key=lambda d: d.deleted_at or d.updated_at, reverse=True)
    rows = [
        {
            "id": d.id,
            "title": d.title or d.document.get("name", d.name),
            "path": join_path(d.folder, d.document.get("name", d.name)),
            "deleted_at": iso_utc(d.deleted_at),
        }
        for d in deleted
    ]
    return render_page("trash.html", rows=rows)
