"""The Browse page of a folder: its subfolders, dashboards and notebook dashboards (each
row says its kind), a search across the tree below it, 25 rows a page, and the create
buttons its caller may use.

The rows come from the same ``listing_filter`` / ``visible_page`` pair as ``GET
/api/dashboard``, so folder grants, host hooks and per-user filtering hide exactly what
the API hides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, request, url_for

from gaugeboard.dashboards.paths import immediate_subfolders
from gaugeboard.dashboards.permissions import Actor, can_create, can_view_folder
from gaugeboard.dashboards.service import describe_dashboard
from gaugeboard.errors import NotFound, ValidationFailed
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.dashboard_lookup import listing_filter, visible_page
from gaugeboard.notebooks.service import can_view_notebook, describe_notebook
from gaugeboard.paging import MAX_PAGE, whole_number
from gaugeboard.state import db_session
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.dashboards import DashboardFilter, folders_below, owner_names
from gaugeboard.store.notebook_models import Notebook
from gaugeboard.store.notebooks import find_notebooks
from gaugeboard.web.rendering import render_page

PAGE_SIZE = 25

# Create buttons and the page endpoints they open. A button is drawn only once its
# endpoint is registered, so the page never links to a route that does not exist.
CREATE_ACTIONS = (
    ("New dashboard", "gaugeboard.web.new_dashboard"),
    ("New folder", "gaugeboard.web.new_folder"),
    ("Import", "gaugeboard.web.import_dashboard"),
)


@dataclass(frozen=True)
class Row:
    """One line of the listing: a folder or a dashboard."""

    kind: str
    title: str
    url: str
    location: str = ""
    description: str = ""
    owner: str | None = None
    widgets: int | None = None
    updated_at: str | None = None
    thumbnail_url: str | None = None


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    total: int
    previous_url: str | None
    next_url: str | None
    first_url: str


def folder_url(folder: str, **query: Any) -> str:
    """The Browse address of ``folder`` (trailing slash), with the query given."""
    wanted = {name: value for name, value in query.items() if value}
    if not folder:
        return url_for("gaugeboard.web.browse_root", **wanted)
    return url_for("gaugeboard.web.browse", path=f"{folder}/", **wanted)


def crumbs(folder: str) -> list[Crumb]:
    """The root, then each folder down to ``folder``; the last one is the current page."""
    parts = [part for part in folder.split("/") if part]
    below = [Crumb(name, folder_url("/".join(parts[: i + 1]))) for i, name in enumerate(parts)]
    return [Crumb("Dashboards", folder_url("")), *below]


def page_number(args: Mapping[str, str]) -> int:
    problems: list[str] = []
    page = whole_number("page", args.get("page"), 1, 1, MAX_PAGE, problems)
    if problems:
        raise ValidationFailed(problems)
    return page


def create_links(actor: Actor, folder: str) -> list[Link]:
    """The create buttons of ``folder`` for this caller: none for those who may not create
    there, and none whose page is not registered in this app."""
    if not can_create(actor, folder):
        return []
    registered = current_app.view_functions
    return [
        Link(label, url_for(endpoint, folder=folder) if folder else url_for(endpoint))
        for label, endpoint in CREATE_ACTIONS
        if endpoint in registered
    ]


Entry = str | Dashboard | Notebook


def _visible(
    actor: Actor, folder: str, search: str
) -> tuple[list[Dashboard | Notebook], list[str]]:
    """The dashboards and notebook dashboards (by folder, then name) and the subfolders
    the caller may see."""
    db = db_session()
    wanted = listing_filter(db, actor, {"folder": folder, "search": search})
    notebooks = _visible_notebooks(actor, wanted)
    try:
        shown, subfolders = visible_page(db, actor, wanted)
    except NotFound:
        # The caller already found this folder and may see it; per-user filtering or a
        # search can still leave nothing to show, which is an empty page, not a 404.
        shown, subfolders = [], []
        if notebooks and not search:
            below = immediate_subfolders(folder, folders_below(db, folder))
            subfolders = [path for path in below if can_view_folder(actor, path)]
    entries: list[Dashboard | Notebook] = [*shown, *notebooks]
    entries.sort(key=lambda entry: (entry.folder, entry.name))
    return entries, [] if search else subfolders


def _visible_notebooks(actor: Actor, wanted: DashboardFilter) -> list[Notebook]:
    """Notebook dashboards under the listing's own filter (folder, search, owner)."""
    if wanted.deleted:
        return []
    found = find_notebooks(db_session(), wanted.folder or "", wanted.recursive, wanted.search)
    owner = wanted.owner_id if wanted.owner_id is not None else wanted.only_owner_or_global
    return [
        notebook
        for notebook in found
        if (owner is None or notebook.created_by == owner) and can_view_notebook(actor, notebook)
    ]


def _dashboard_row(dashboard: Dashboard, owners: dict[int, str], search: str) -> Row:
    item = describe_dashboard(dashboard, owners)
    return Row(
        kind="dashboard",
        title=item["title"] or item["name"],
        url=url_for("gaugeboard.web.browse", path=item["path"]),
        location=item["folder"] if search else "",
        description=item["description"] or "",
        owner=item["owner"],
        widgets=item["widgets"],
        updated_at=item["updated_at"],
        thumbnail_url=url_for("gaugeboard.api.dashboard_thumbnail", dashboard_id=dashboard.id),
    )


def _notebook_row(notebook: Notebook, owners: dict[int, str], search: str) -> Row:
    item = describe_notebook(notebook, owners)
    return Row(
        kind="notebook",
        title=item["title"] or item["name"],
        url=url_for("gaugeboard.web.browse", path=item["path"]),
        location=item["folder"] if search else "",
        owner=item["owner"],
        updated_at=item["updated_at"],
    )


def _row(entry: Entry, owners: dict[int, str], search: str) -> Row:
    if isinstance(entry, Dashboard):
        return _dashboard_row(entry, owners, search)
    if isinstance(entry, Notebook):
        return _notebook_row(entry, owners, search)
    return Row(kind="folder", title=entry.rpartition("/")[2], url=folder_url(entry))


def _rows(entries: list[Entry], search: str) -> list[Row]:
    ids = {e.created_by for e in entries if not isinstance(e, str) and e.created_by is not None}
    owners = owner_names(db_session(), ids)
    return [_row(entry, owners, search) for entry in entries]


def _pager(folder: str, search: str, page: int, total: int) -> Pager:
    pages = max(1, -(-total // PAGE_SIZE))
    return Pager(
        page=page,
        pages=pages,
        total=total,
        previous_url=folder_url(folder, search=search, page=page - 1)
        if 1 < page <= pages
        else None,
        next_url=folder_url(folder, search=search, page=page + 1) if page < pages else None,
        first_url=folder_url(folder, search=search),
    )


def folder_context(folder: str, args: Mapping[str, str]) -> dict[str, Any]:
    """Everything ``folder.html`` draws for ``folder`` and the request's ``search`` and
    ``page`` (folders first, then dashboards by folder and name)."""
    actor = dashboard_actor()
    search = args.get("search", "").strip()
    page = page_number(args)
    shown, subfolders = _visible(actor, folder, search)
    entries: list[Entry] = [*subfolders, *shown]
    start = (page - 1) * PAGE_SIZE
    return {
        "folder": folder,
        "folder_name": folder.rpartition("/")[2] if folder else "Dashboards",
        "folder_url": folder_url(folder),
        "crumbs": crumbs(folder),
        "search": search,
        "rows": _rows(entries[start : start + PAGE_SIZE], search),
        "pager": _pager(folder, search, page, len(entries)),
        "actions": create_links(actor, folder),
        "may_create": can_create(actor, folder),
    }


def render_folder_page(folder: str) -> Response:
    """The Browse page of ``folder`` for the current request."""
    return render_page("folder.html", **folder_context(folder, request.args))
