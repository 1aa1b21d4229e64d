"""The dashboard editor: ``/dashboards-edit/PATH`` edits a stored dashboard and
``/dashboards-new/?folder=a/b`` starts a new one.

The page only carries the document and the addresses it talks to; the browser does the
editing and saves through ``PUT``/``POST /api/dashboard``, so the API's checks (versions,
permissions, validation) are the only ones that decide what is stored.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request, url_for

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.paths import folder_problems, join_path
from gaugeboard.dashboards.permissions import Actor, can_create, can_update, can_view
from gaugeboard.dashboards.service import creatable_folders, find_by_path, free_name
from gaugeboard.errors import Forbidden, NotFound, ValidationFailed
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.headers import ANY_WIDGET_SOURCES, allow_widget_sources
from gaugeboard.state import db_session
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.web.query_form import query_form_choices
from gaugeboard.web.rendering import render_page
from gaugeboard.web.vega_bundle import bundle_version

# Stands for the dashboard path in the edit address the page moves to after a first save.
PATH_SLOT = "__path__"


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboards-edit/<path:path>", view_func=edit_dashboard)
    bp.add_url_rule("/dashboards-new/", view_func=new_dashboard)


def may_edit(actor: Actor, dashboard: Dashboard) -> bool:
    """Whether the editor page is open to ``actor`` for ``dashboard``: an editor by role
    (the page's access level) whom the dashboard's rules let change it."""
    return actor.role_allows("editor") and can_update(actor, dashboard)


def edit_url(dashboard: Dashboard) -> str:
    path = join_path(dashboard.folder, dashboard.name)
    return url_for("gaugeboard.web.edit_dashboard", path=path)


@access(Access.EDITOR)
def edit_dashboard(path: str) -> Response:
    path = path.strip("/")
    actor = dashboard_actor()
    dashboard = find_by_path(db_session(), path)
    if dashboard is None or not can_view(actor, dashboard):
        raise NotFound(f"No dashboard at {path!r}.")
    if not can_update(actor, dashboard):
        raise Forbidden(f"You may not change the dashboard at {path!r}.")
    return _render_editor(
        dict(dashboard.document),
        folder=dashboard.folder,
        dashboard_id=dashboard.id,
        version=dashboard.version,
        view_url=url_for("gaugeboard.web.browse", path=path),
    )


NEW_NAME = "new-dashboard"


@access(Access.EDITOR)
def new_dashboard() -> Response:
    folder = request.args.get("folder", "").strip("/")
    problems = folder_problems(folder)
    if problems:
        raise ValidationFailed([f"folder: {problem}" for problem in problems])
    actor = dashboard_actor()
    if not can_create(actor, folder):
        raise Forbidden(f"folder: you may not create dashboards in {folder or '(top)'!r}")
    name = free_name(db_session(), folder, NEW_NAME)
    document = {"title": "New dashboard", "name": name, "folder": folder, "widgets": []}
    choices = [choice for choice in creatable_folders(db_session(), actor) if choice]
    return _render_editor(
        document, folder=folder, dashboard_id=None, version=0, view_url=None, choices=choices
    )


def _render_editor(
    document: dict[str, Any],
    *,
    folder: str,
    dashboard_id: int | None,
    version: int,
    view_url: str | None,
    choices: list[str] | None = None,
) -> Response:
    # The preview shows any image or page the author types, before the document is saved.
    allow_widget_sources(ANY_WIDGET_SOURCES)
    return render_page(
        "editor.html",
        document=document,
        folder=folder,
        dashboard_id=dashboard_id,
        version=version,
        view_url=view_url,
        folder_choices=choices or [],
        folder_url=url_for("gaugeboard.web.browse", path=f"{folder}/")
        if folder
        else url_for("gaugeboard.web.browse_root"),
        api_url=url_for("gaugeboard.api.dashboard_list"),
        edit_url_template=url_for("gaugeboard.web.edit_dashboard", path=PATH_SLOT),
        vega_version=bundle_version(),
        schedules_url=url_for(
            "gaugeboard.api.schedule_list", target_kind="dashboard", target_id=dashboard_id
        ),
        schedule_url=url_for("gaugeboard.api.schedule_list"),
        jobs_url=url_for("gaugeboard.api.job_list"),
        names_url=url_for("gaugeboard.api.event_catalog"),
        query_form=query_form_choices(),
    )
