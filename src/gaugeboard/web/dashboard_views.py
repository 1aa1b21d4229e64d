"""Browse folders and view dashboards: ``/dashboards/[PATH/]NAME`` and ``/dashboards-plain/…``.

A path names a JSON dashboard, a notebook dashboard, a folder (its index dashboard or
notebook when it has one, else its listing), or a file of a notebook's bundle, in that
order.

Modes: ``?embed=1`` (jsondash's ``embeddable=1``), the plain route and embed tokens show
only the widgets; ``?kiosk=1`` (jsondash's ``jsondash_demo_mode=1``) hides editing and
refresh controls for wall screens, and with ``cycle=SECONDS`` moves on through the
dashboards of the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.document import DashboardDocument, follows_page_range
from gaugeboard.dashboards.paths import join_path
from gaugeboard.dashboards.permissions import can_view, can_view_folder
from gaugeboard.dashboards.service import (
    INDEX_NAME,
    FolderListing,
    document_of,
    find_by_path,
    index_dashboard,
    list_folder,
)
from gaugeboard.dashboards.widget_data import render_all
from gaugeboard.errors import NotFound, ValidationFailed
from gaugeboard.events.query_model import RELATIVE_RANGES
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.dashboard_request import read_data_request
from gaugeboard.http.guard import EMBED_PARAM, current_embed, current_principal
from gaugeboard.http.headers import allow_widget_sources
from gaugeboard.http.html_frames import add_html_frames
from gaugeboard.http.source_context import cached_fetcher, source_context
from gaugeboard.http.team_variables import for_caller
from gaugeboard.notebooks.service import can_view_notebook, find_bundle_file, find_notebook_at
from gaugeboard.state import current_state, db_session
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.dashboard_views import ViewKind
from gaugeboard.store.notebook_models import Notebook
from gaugeboard.store.notebooks import find_notebooks
from gaugeboard.web.dashboard_actions import dashboard_actions
from gaugeboard.web.editor_views import edit_url, may_edit
from gaugeboard.web.folder_page import render_folder_page
from gaugeboard.web.notebook_views import bundle_file_response, render_notebook_page
from gaugeboard.web.page_sources import dashboard_sources
from gaugeboard.web.rendering import render_page
from gaugeboard.web.report_views import reports_url
from gaugeboard.web.vega_bundle import bundle_version

MAX_CYCLE_SECONDS = 86_400
_ON = {"1", "true", "yes"}


@dataclass(frozen=True)
class ViewMode:
    """How the page is shown: widgets only, wall screen, and the embed token to pass on."""

    plain: bool = False
    kiosk: bool = False
    cycle: int | None = None
    embed_token: str | None = None


def view_mode(plain_route: bool) -> ViewMode:
    args = request.args
    embed_token = args.get(EMBED_PARAM) if current_embed() is not None else None
    kiosk = args.get("kiosk", "").lower() in _ON
    kiosk = kiosk or args.get("jsondash_demo_mode", "").lower() in _ON
    embed = any(args.get(name, "").lower() in _ON for name in ("embed", "embeddable"))
    plain = plain_route or embed_token is not None or embed
    return ViewMode(plain, kiosk, _cycle_seconds(args.get("cycle")) if kiosk else None, embed_token)


def _cycle_seconds(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_CYCLE_SECONDS:
        raise ValidationFailed(f"cycle: must be a whole number of seconds, 1-{MAX_CYCLE_SECONDS}")
    return int(raw)


@dataclass(frozen=True)
class Crumb:
    name: str
    path: str


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboards/", view_func=browse_root)
    bp.add_url_rule("/dashboards/<path:path>", view_func=browse)
    bp.add_url_rule("/dashboards-plain/<path:path>", view_func=plain)
    bp.add_app_template_global(relative_ranges)


def breadcrumbs(path: str) -> list[Crumb]:
    parts = [part for part in path.split("/") if part]
    return [Crumb(name, "/".join(parts[: i + 1])) for i, name in enumerate(parts)]


@access(Access.DASHBOARD_READER)
def browse_root() -> Response | WerkzeugResponse:
    return _folder_or_dashboard("")


@access(Access.DASHBOARD_READER)
def browse(path: str) -> Response | WerkzeugResponse:
    return _folder_or_dashboard(path)


@access(Access.DASHBOARD_READER)
def plain(path: str) -> Response:
    path = path.strip("/")
    mode = view_mode(plain_route=True)
    dashboard = find_by_path(db_session(), path)
    if dashboard is not None and can_view(dashboard_actor(), dashboard):
        return _render_dashboard(dashboard, mode)
    notebook = _visible_notebook(path)
    if notebook is None:
        raise NotFound(f"No dashboard at {path!r}.")
    return _render_notebook(notebook, plain=True, kiosk=mode.kiosk)


def _visible_notebook(path: str) -> Notebook | None:
    notebook = find_notebook_at(db_session(), path) if path else None
    return notebook if notebook and can_view_notebook(dashboard_actor(), notebook) else None


def _folder_notebooks(folder: str) -> list[Notebook]:
    actor = dashboard_actor()
    return [n for n in find_notebooks(db_session(), folder) if can_view_notebook(actor, n)]


def _bundle_file(path: str) -> Response:
    """A file of a bundle (``a/b/img.png`` of the notebook ``a/b``), or 404."""
    found = find_bundle_file(db_session(), current_state().notebooks, path) if path else None
    if found is None or not can_view_notebook(dashboard_actor(), found[0]):
        raise NotFound(f"No dashboard or folder at {path!r}.")
    return bundle_file_response(found[1])


def _folder_or_dashboard(path: str) -> Response | WerkzeugResponse:
    path = path.strip("/")
    db = db_session()
    actor = dashboard_actor()
    mode = view_mode(plain_route=False)
    dashboard = find_by_path(db, path) if path else None
    if dashboard is not None and can_view(actor, dashboard):
        return _render_dashboard(dashboard, mode)
    notebook = _visible_notebook(path)
    if notebook is not None:
        return _render_notebook(notebook, plain=mode.plain, kiosk=mode.kiosk)
    listing = list_folder(db, path)
    notebooks = _folder_notebooks(path) if can_view_folder(actor, path) else []
    if (listing is None and not notebooks) or not can_view_folder(actor, path):
        return _bundle_file(path)
    listing = FolderListing(
        folder=path,
        subfolders=[
            f for f in (listing.subfolders if listing else []) if can_view_folder(actor, f)
        ],
        dashboards=[d for d in (listing.dashboards if listing else []) if can_view(actor, d)],
    )
    return _shown_folder(listing, notebooks, mode)


def _shown_folder(
    listing: FolderListing, notebooks: list[Notebook], mode: ViewMode
) -> Response | WerkzeugResponse:
    if mode.cycle is not None and listing.dashboards:
        return redirect(_cycle_url(listing.dashboards[0], mode.cycle))
    # A folder's index dashboard stands for the folder, except when searching in it.
    searching = bool(request.args.get("search"))
    index = None if searching else index_dashboard(listing)
    if index is not None:
        return _render_dashboard(index, mode)
    notebook_index = next((n for n in notebooks if n.name == INDEX_NAME), None)
    if notebook_index is not None and not searching:
        return _render_notebook(notebook_index, plain=mode.plain, kiosk=mode.kiosk)
    return _render_folder(listing)


def _cycle_url(dashboard: Dashboard, seconds: int) -> str:
    path = join_path(dashboard.folder, dashboard.name)
    return url_for("gaugeboard.web.browse", path=path, kiosk=1, cycle=seconds)


def _next_in_folder(dashboard: Dashboard, seconds: int) -> str:
    """The wall screen's next page: the following dashboard of the folder, wrapping round."""
    listing = list_folder(db_session(), dashboard.folder)
    actor = dashboard_actor()
    shown = [d for d in (listing.dashboards if listing else []) if can_view(actor, d)]
    ids = [d.id for d in shown]
    at = ids.index(dashboard.id) if dashboard.id in ids else -1
    return _cycle_url(shown[(at + 1) % len(shown)] if shown else dashboard, seconds)


def _render_folder(listing: FolderListing) -> Response:
    return render_folder_page(listing.folder)


def widget_outputs(
    dashboard_id: int, document: DashboardDocument, embed_token: str | None = None
) -> dict[str, dict[str, Any]]:
    """Every widget's drawable output, so the page draws without a second request. The
    page's ``range``/``from``/``to``/``var.*`` apply as in the data request, so a reload or
    a shared link draws what its sender saw; an embed draws with its token's locked
    filters and passes the token on to its frames."""
    wanted = read_data_request(document)
    context = source_context(document, wanted.values, wanted.time_range)
    outputs = render_all(document, context, {}, cached_fetcher(document))
    frames = {} if embed_token is None else {EMBED_PARAM: embed_token}
    return add_html_frames(outputs, dashboard_id, frames)


def relative_ranges() -> tuple[str, ...]:
    """The presets of the view page's range control (a template global)."""
    return RELATIVE_RANGES


def count_view(kind: ViewKind, item_id: int) -> None:
    """One view of a dashboard or notebook for account activity; embed links count as
    viewers without an account."""
    counter = current_state().views
    if counter is None:
        return
    principal = None if current_embed() is not None else current_principal()
    counter.record(kind, item_id, principal.user_id if principal is not None else None)


def _render_notebook(notebook: Notebook, plain: bool, kiosk: bool) -> Response:
    count_view("notebook", notebook.id)
    return render_notebook_page(notebook, plain=plain, kiosk=kiosk)


def _render_dashboard(dashboard: Dashboard, mode: ViewMode) -> Response:
    document = for_caller(document_of(dashboard))
    count_view("dashboard", dashboard.id)
    path = join_path(dashboard.folder, dashboard.name)
    specs = widget_outputs(dashboard.id, document, mode.embed_token)
    allow_widget_sources(dashboard_sources(document, specs))
    return render_page(
        "dashboard.html",
        document=document,
        shows_range=follows_page_range(document),
        path=path,
        dashboard_id=dashboard.id,
        version=dashboard.version,
        plain=mode.plain,
        mode=mode,
        cycle_next=_next_in_folder(dashboard, mode.cycle) if mode.cycle else None,
        specs=specs,
        breadcrumbs=breadcrumbs(dashboard.folder),
        vega_version=bundle_version(),
        actions=dashboard_actions(dashboard, mode.plain or mode.kiosk),
        edit_url=None
        if mode.plain or mode.kiosk or not may_edit(dashboard_actor(), dashboard)
        else edit_url(dashboard),
        reports_url=None
        if mode.plain or mode.kiosk or not may_edit(dashboard_actor(), dashboard)
        else reports_url(dashboard),
    )
