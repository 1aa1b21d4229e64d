"""``/api/dashboard``: list and create dashboard documents, fetch one by path."""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.api.body import json_object
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.paths import folder_problems
from gaugeboard.dashboards.service import (
    create_dashboard,
    describe_dashboard,
    find_by_path,
    list_folder,
)
from gaugeboard.errors import NotFound, ValidationFailed
from gaugeboard.state import db_session
from gaugeboard.web.guard import require_principal
from gaugeboard.web.responses import json_response


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboard", view_func=dashboard_list, methods=["GET"])
    bp.add_url_rule("/dashboard", view_func=dashboard_create, methods=["POST"])
    bp.add_url_rule("/dashboard/<path:path>", view_func=dashboard_get, methods=["GET"])


@access(Access.DASHBOARD_READER)
def dashboard_list() -> Response:
    folder = request.args.get("folder", "").strip("/")
    problems = folder_problems(folder)
    if problems:
        raise ValidationFailed([f"folder: {problem}" for problem in problems])
    listing = list_folder(db_session(), folder)
    if listing is None:
        raise NotFound(f"folder: nothing stored at {folder!r}")
    return json_response(
        {
            "ok": True,
            "folder": listing.folder,
            "folders": listing.subfolders,
            "items": [describe_dashboard(d) for d in listing.dashboards],
            "next": None,
        }
    )


@access(Access.EDITOR)
def dashboard_create() -> Response:
    principal = require_principal()
    db = db_session()
    dashboard = create_dashboard(db, json_object(), principal.user_id)
    db.commit()
    return json_response({"ok": True, "dashboard": describe_dashboard(dashboard)}, 201)


@access(Access.DASHBOARD_READER)
def dashboard_get(path: str) -> Response:
    dashboard = find_by_path(db_session(), path.strip("/"))
    if dashboard is None:
        raise NotFound(f"path: no dashboard at {path.strip('/')!r}")
    return json_response(
        {"ok": True, "dashboard": describe_dashboard(dashboard), "document": dashboard.document}
    )
