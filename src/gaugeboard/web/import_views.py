"""``/dashboards-import/?folder=a/b``: the Browse page's Import. The page only carries
addresses; the browser reads the chosen files and sends them to ``POST
/api/dashboard/import``, whose checks alone decide what is stored."""

from __future__ import annotations

from flask import Blueprint, Response, request, url_for

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.paths import folder_problems
from gaugeboard.dashboards.permissions import can_create
from gaugeboard.dashboards.transfer import MAX_FILES
from gaugeboard.errors import Forbidden, ValidationFailed
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.web.folder_page import crumbs, folder_url
from gaugeboard.web.rendering import render_page


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboards-import/", view_func=import_dashboard)


def creatable_folder(raw: str) -> str:
    """The ``folder`` query value, checked: a valid path the caller may create in."""
    folder = raw.strip().strip("/")
    problems = folder_problems(folder)
    if problems:
        raise ValidationFailed([f"folder: {problem}" for problem in problems])
    if not can_create(dashboard_actor(), folder):
        raise Forbidden(f"folder: you may not create dashboards in {folder or '(top)'!r}")
    return folder


@access(Access.EDITOR)
def import_dashboard() -> Response:
    folder = creatable_folder(request.args.get("folder", ""))
    return render_page(
        "import.html",
        folder=folder,
        crumbs=crumbs(folder),
        folder_url=folder_url(folder),
        api_url=url_for("gaugeboard.api.dashboard_import"),
        max_files=MAX_FILES,
    )
