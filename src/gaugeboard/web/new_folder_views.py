"""``/dashboards-new-folder/?folder=parent``: the Browse page's New folder.

There is no folder table: a folder exists while a dashboard lives in it. So this page
only checks the new folder's name and moves on to the editor
(``/dashboards-new/?folder=parent/name``); saving that first dashboard makes the folder.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.paths import MAX_FOLDER_LENGTH, join_path, segment_problem
from gaugeboard.state import db_session
from gaugeboard.store.dashboards import folders_below
from gaugeboard.web.folder_page import crumbs, folder_url
from gaugeboard.web.import_views import creatable_folder
from gaugeboard.web.rendering import render_page


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboards-new-folder/", view_func=new_folder)


def name_problem(parent: str, name: str) -> str | None:
    """Why ``name`` cannot be a new folder in ``parent`` (None: it can)."""
    if not name:
        return "Enter a name for the folder."
    problem = segment_problem(name)
    if problem:
        return problem
    path = join_path(parent, name)
    if len(path) > MAX_FOLDER_LENGTH:
        return f"the folder path would be longer than {MAX_FOLDER_LENGTH} characters"
    if path in folders_below(db_session(), parent):
        return f"a folder {path!r} already exists; open it from the Browse page"
    return None


@access(Access.EDITOR)
def new_folder() -> Response | WerkzeugResponse:
    parent = creatable_folder(request.args.get("folder", ""))
    name = request.args.get("name")
    problem = None
    if name is not None:
        name = name.strip()
        problem = name_problem(parent, name)
        if problem is None:
            target = url_for("gaugeboard.web.new_dashboard", folder=join_path(parent, name))
            return redirect(target, 303)
    return render_page(
        "new_folder.html",
        status=400 if problem else 200,
        parent=parent,
        name=name or "",
        problem=problem,
        crumbs=crumbs(parent),
        folder_url=folder_url(parent),
    )
