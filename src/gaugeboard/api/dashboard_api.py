"""``/api/dashboard``: list, create, fetch, update and delete dashboard documents.

A dashboard is addressed by id (``/api/dashboard/12``) or, for reading, by path
(``/api/dashboard/team/reports/sales``); an all-digit path is read as an id.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, request

from gaugeboard.api.dashboard_models import (
    DashboardCreated,
    DashboardDeleted,
    DashboardFetched,
    DashboardList,
    DashboardListQuery,
    DashboardSaved,
    NoteQuery,
    SaveQuery,
)
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards import edits
from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.service import describe_dashboard
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import checked_query, described
from gaugeboard.http.dashboard_actor import dashboard_actor, with_metadata
from gaugeboard.http.dashboard_lookup import (
    editable_version,
    listing_filter,
    visible_dashboard,
    visible_page,
)
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.http.thumbnails import with_thumbnails
from gaugeboard.state import db_session
from gaugeboard.store.dashboards import owner_names


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboard", view_func=dashboard_list, methods=["GET"])
    bp.add_url_rule("/dashboard", view_func=dashboard_create, methods=["POST"])
    bp.add_url_rule("/dashboard/<int:dashboard_id>", view_func=dashboard_update, methods=["PUT"])
    bp.add_url_rule("/dashboard/<int:dashboard_id>", view_func=dashboard_delete, methods=["DELETE"])
    bp.add_url_rule("/dashboard/<path:path>", view_func=dashboard_get, methods=["GET"])


@access(Access.DASHBOARD_READER)
@described(query=DashboardListQuery, responses={200: DashboardList}, tags=["dashboards"])
def dashboard_list() -> Response:
    """Dashboards in a folder (``recursive=1`` for the whole tree), with ``search``,
    ``owner``, ``deleted=1`` (editors), ``limit``/``page`` and the subfolders."""
    query = checked_query(DashboardListQuery)
    limit, page = query.limit, query.page
    db = db_session()
    actor = dashboard_actor()
    wanted = listing_filter(db, actor, request.args)
    if query.name:  # ClicData's lookup by name: the whole tree, exact name or title
        wanted = replace(wanted, recursive=True)
    shown, subfolders = visible_page(db, actor, wanted)
    if query.name:
        shown = [found for found in shown if query.name in (found.name, found.title)]
    items = shown[(page - 1) * limit : page * limit]
    owners = owner_names(db, {d.created_by for d in items if d.created_by is not None})
    has_more = len(shown) > page * limit
    described_items = [describe_dashboard(d, owners) for d in items]
    if query.includethumbnail.lower() in {"1", "true", "yes"}:
        with_thumbnails(described_items)
    return json_response(
        {
            "ok": True,
            "folder": wanted.folder,
            "folders": subfolders,
            "items": described_items,
            "dashboards": described_items,
            "total": len(shown),
            "next": page + 1 if has_more else None,
            "has_more_data": has_more,
        }
    )


@access(Access.EDITOR)
# check=False: the engine checks the document with DashboardDocument itself, once the
# stored metadata is added; the query is checked here by NoteQuery.
@described(
    query=NoteQuery,
    json=DashboardDocument,
    responses={201: DashboardCreated},
    tags=["dashboards"],
    check=False,
)
def dashboard_create() -> Response:
    principal = require_principal()
    note = checked_query(NoteQuery).note
    raw = with_metadata(json_object())
    dashboard = edits.create(db_session(), principal, dashboard_actor(), raw, note)
    return json_response({"ok": True, "dashboard": describe_dashboard(dashboard)}, 201)


@access(Access.DASHBOARD_READER)
@described(responses={200: DashboardFetched}, tags=["dashboards"])
def dashboard_get(path: str) -> Response:
    dashboard = visible_dashboard(path)
    return json_response(
        {"ok": True, "dashboard": describe_dashboard(dashboard), "document": dashboard.document},
        headers={"ETag": f'"v{dashboard.version}"'},
    )


@access(Access.VIEWER)
# check=False: an unknown dashboard is a 404 first; the engine then checks the document with
# DashboardDocument itself, once the stored metadata is added; SaveQuery checks the query.
@described(
    query=SaveQuery,
    json=DashboardDocument,
    responses={200: DashboardSaved},
    tags=["dashboards"],
    check=False,
)
def dashboard_update(dashboard_id: int) -> Response:
    """Replace the document; the version edited must be sent (``If-Match: "v3"`` or
    ``?version=3``) and a save made by someone else in between is refused (409)."""
    principal = require_principal()
    dashboard = visible_dashboard(str(dashboard_id))
    query = checked_query(SaveQuery)
    raw = with_metadata(json_object(), dashboard.document)
    version = editable_version(query.version)
    note = query.note
    actor = dashboard_actor()
    updated = edits.update(db_session(), principal, actor, dashboard, raw, version, note)
    return json_response(
        {"ok": True, "dashboard": describe_dashboard(updated)},
        headers={"ETag": f'"v{updated.version}"'},
    )


@access(Access.VIEWER)
@described(responses={200: DashboardDeleted}, tags=["dashboards"])
def dashboard_delete(dashboard_id: int) -> Response:
    principal = require_principal()
    dashboard = visible_dashboard(str(dashboard_id))
    edits.delete(db_session(), principal, dashboard_actor(), dashboard)
    return json_response({"ok": True, "deleted": dashboard_id})
