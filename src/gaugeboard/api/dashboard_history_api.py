"""Versions, diffs, restores and clones of a dashboard."""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.api.dashboard_models import (
    CloneBody,
    DashboardDiff,
    DashboardSaved,
    DeletedQuery,
    DiffQuery,
    VersionFetched,
    VersionList,
)
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards import edits
from gaugeboard.dashboards.diff import document_diff
from gaugeboard.dashboards.service import describe_dashboard, version_of
from gaugeboard.http.contract import checked_body, checked_query, described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.dashboard_lookup import visible_dashboard
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session
from gaugeboard.store.dashboards import list_versions
from gaugeboard.store.types import iso_utc


def register(bp: Blueprint) -> None:
    rule = "/dashboard/<int:dashboard_id>"
    bp.add_url_rule(f"{rule}/versions", view_func=versions, methods=["GET"])
    bp.add_url_rule(f"{rule}/versions/<int:number>", view_func=version, methods=["GET"])
    bp.add_url_rule(
        f"{rule}/versions/<int:number>/restore", view_func=version_restore, methods=["POST"]
    )
    bp.add_url_rule(f"{rule}/diff", view_func=diff, methods=["GET"])
    bp.add_url_rule(f"{rule}/restore", view_func=undelete, methods=["POST"])
    bp.add_url_rule(f"{rule}/clone", view_func=clone, methods=["POST"])


@access(Access.DASHBOARD_READER)
@described(query=DeletedQuery, responses={200: VersionList}, tags=["dashboards"])
def versions(dashboard_id: int) -> Response:
    dashboard = visible_dashboard(str(dashboard_id), deleted=_deleted())
    items = [
        {
            "version": entry.version,
            "action": entry.action,
            "author": author,
            "note": entry.note,
            "created_at": iso_utc(entry.created_at),
        }
        for entry, author in list_versions(db_session(), dashboard.id)
    ]
    return json_response({"ok": True, "items": items, "next": None})


@access(Access.DASHBOARD_READER)
@described(query=DeletedQuery, responses={200: VersionFetched}, tags=["dashboards"])
def version(dashboard_id: int, number: int) -> Response:
    dashboard = visible_dashboard(str(dashboard_id), deleted=_deleted())
    entry = version_of(db_session(), dashboard, number)
    return json_response(
        {
            "ok": True,
            "version": entry.version,
            "action": entry.action,
            "note": entry.note,
            "created_at": iso_utc(entry.created_at),
            "document": entry.document,
        }
    )


@access(Access.DASHBOARD_READER)
# check=False: an unknown dashboard is a 404 whatever the query, which DiffQuery then checks
# against the dashboard's versions.
@described(query=DiffQuery, responses={200: DashboardDiff}, tags=["dashboards"], check=False)
def diff(dashboard_id: int) -> Response:
    """``?from=2&to=5`` (defaults: the version before ``to``, and the current version)."""
    dashboard = visible_dashboard(str(dashboard_id), deleted=_deleted())
    query = checked_query(DiffQuery, context={"newest": dashboard.version})
    to = query.to or dashboard.version
    start = query.from_ or max(to - 1, 1)
    db = db_session()
    old, new = version_of(db, dashboard, start), version_of(db, dashboard, to)
    changes = document_diff(old.document, new.document)
    return json_response({"ok": True, "from": start, "to": to, "changes": changes})


@access(Access.VIEWER)
@described(responses={200: DashboardSaved}, tags=["dashboards"])
def version_restore(dashboard_id: int, number: int) -> Response:
    principal = require_principal()
    dashboard = visible_dashboard(str(dashboard_id))
    actor = dashboard_actor()
    restored = edits.restore_version(db_session(), principal, actor, dashboard, number)
    return json_response({"ok": True, "dashboard": describe_dashboard(restored)})


@access(Access.VIEWER)
@described(responses={200: DashboardSaved}, tags=["dashboards"])
def undelete(dashboard_id: int) -> Response:
    principal = require_principal()
    dashboard = visible_dashboard(str(dashboard_id), deleted=True)
    restored = edits.undelete(db_session(), principal, dashboard_actor(), dashboard)
    return json_response({"ok": True, "dashboard": describe_dashboard(restored)})


@access(Access.VIEWER)
# check=False: an unknown dashboard is a 404 whatever the body, and the body is optional.
@described(json=CloneBody, responses={201: DashboardSaved}, tags=["dashboards"], check=False)
def clone(dashboard_id: int) -> Response:
    """Body (optional): ``{"name", "folder"}``; the copy is titled ``Clone of <title>``."""
    principal = require_principal()
    dashboard = visible_dashboard(str(dashboard_id))
    wanted = checked_body(CloneBody) if request.content_length else CloneBody()
    actor = dashboard_actor()
    copy = edits.clone(db_session(), principal, actor, dashboard, wanted.name, wanted.folder)
    return json_response({"ok": True, "dashboard": describe_dashboard(copy)}, 201)


def _deleted() -> bool:
    return request.args.get("deleted", "").lower() in {"1", "true", "yes"}
