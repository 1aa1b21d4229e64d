"""``/api/permission``: the viewer/editor grants that close a dashboard folder to everyone
not named (admins only). Teams themselves: ``team_api.py``."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.admin_models import FolderGrants
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.folder_grants import (
    FolderQuery,
    GrantsBody,
    folder_grants,
    replace_folder_grants,
)
from gaugeboard.http.contract import checked_body, checked_query, described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/permission", view_func=permission_get, methods=["GET"])
    bp.add_url_rule("/permission", view_func=permission_put, methods=["PUT"])


@access(Access.ADMIN)
@described(query=FolderQuery, responses={200: FolderGrants}, tags=["permissions"])
def permission_get() -> Response:
    folder = checked_query(FolderQuery).folder
    grants = folder_grants(db_session(), folder)
    return json_response({"ok": True, "folder": folder, "grants": grants})


@access(Access.ADMIN)
@described(
    query=FolderQuery,
    json=GrantsBody,
    responses={200: FolderGrants},
    tags=["permissions"],
)
def permission_put() -> Response:
    """``?folder=team/x`` with ``{"grants": [{"user": "ann", "role": "editor"},
    {"team": "ops", "role": "viewer"}]}`` replaces the folder's grants; an empty list
    opens the folder again."""
    folder = checked_query(FolderQuery).folder
    wanted = checked_body(GrantsBody)
    grants = replace_folder_grants(db_session(), require_principal(), folder, wanted)
    return json_response({"ok": True, "folder": folder, "grants": grants})
