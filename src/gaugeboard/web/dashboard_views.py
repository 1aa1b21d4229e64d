"""Browse folders and view dashboards: ``/dashboards/[PATH/]NAME`` and ``/dashboards-plain/…``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, redirect, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.paths import join_path
from gaugeboard.dashboards.permissions import can_view, can_view_folder
from gaugeboard.dashboards.service import (
    FolderListing,
    describe_dashboard,
    document_of,
    find_by_path,
    index_dashboard,
    list_folder,
)
from gaugeboard.dashboards.widget_data import render_all
from gaugeboard.errors import NotFound
from gaugeboard.state import db_session
from gaugeboard.store.models import Dashboard
from gaugeboard.web.dashboard_actor import dashboard_actor
from gaugeboard.web.html_frames import add_html_frames
from gaugeboard.web.rendering import render_page
from gaugeboard.web.source_context import source_context
from gaugeboard.web.vega_bundle import bundle_version


@dataclass(frozen=True)
class Crumb:
    name: str
    path: str


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/", view_func=home)
    bp.add_url_rule("/dashboards/", view_func=browse_root)
    bp.add_url_rule("/dashboards/<path:path>", view_func=browse)
    bp.add_url_rule("/dashboards-plain/<path:path>", view_func=plain)


def breadcrumbs(path: str) -> list[Crumb]:
    parts = [part for part in path.split("/") if part]
    return [Crumb(name, "/".join(parts[: i + 1])) for i, name in enumerate(parts)]


@access(Access.DASHBOARD_READER)
def home() -> WerkzeugResponse:
    return redirect(url_for("gaugeboard.web.browse_root"))


@access(Access.DASHBOARD_READER)
def browse_root() -> Response:
    return _folder_or_dashboard("")


@access(Access.DASHBOARD_READER)
def browse(path: str) -> Response:
    return _folder_or_dashboard(path)


@access(Access.DASHBOARD_READER)
def plain(path: str) -> Response:
    dashboard = find_by_path(db_session(), path.strip("/"))
    if dashboard is None or not can_view(dashboard_actor(), dashboard):
        raise NotFound(f"No dashboard at {path.strip('/')!r}.")
    return _render_dashboard(dashboard, plain=True)


def _folder_or_dashboard(path: str) -> Response:
    path = path.strip("/")
    db = db_session()
    actor = dashboard_actor()
    dashboard = find_by_path(db, path) if path else None
    if dashboard is not None and can_view(actor, dashboard):
        return _render_dashboard(dashboard, plain=False)
    listing = list_folder(db, path)
    if listing is None or not can_view_folder(actor, path):
        raise NotFound(f"No dashboard or folder at {path!r}.")
    listing = FolderListing(
        folder=listing.folder,
        subfolders=[f for f in listing.subfolders if can_view_folder(actor, f)],
        dashboards=[d for d in listing.dashboards if can_view(actor, d)],
    )
    index = index_dashboard(listing)
    if index is not None:
        return _render_dashboard(index, plain=False)
    return _render_folder(listing)


def _render_folder(listing: FolderListing) -> Response:
    return render_page(
        "folder.html",
        listing=listing,
        dashboards=[describe_dashboard(d) for d in listing.dashboards],
        breadcrumbs=breadcrumbs(listing.folder),
    )


def widget_outputs(dashboard_id: int, document: DashboardDocument) -> dict[str, dict[str, Any]]:
    """Every widget's drawable output, so the page draws without a second request."""
    return add_html_frames(render_all(document, source_context(document), {}), dashboard_id, {})


def _render_dashboard(dashboard: Dashboard, plain: bool) -> Response:
    document = document_of(dashboard)
    path = join_path(dashboard.folder, dashboard.name)
    return render_page(
        "dashboard.html",
        document=document,
        path=path,
        dashboard_id=dashboard.id,
        version=dashboard.version,
        plain=plain,
        specs=widget_outputs(dashboard.id, document),
        breadcrumbs=breadcrumbs(dashboard.folder),
        vega_version=bundle_version(),
    )
