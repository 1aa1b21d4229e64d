"""``/api/team`` and ``/api/permission``: teams and their members, and the viewer/editor
grants that close a dashboard folder to everyone not named (admins only)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.api.admin_models import (
    Done,
    FolderGrants,
    FolderQuery,
    GrantsBody,
    TeamCreate,
    TeamList,
    TeamMembers,
    TeamSaved,
)
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.folder_grants import (
    checked_folder,
    folder_grants,
    replace_folder_grants,
)
from gaugeboard.dashboards.teams import (
    create_team,
    delete_team,
    find_team,
    list_teams,
    set_members,
)
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/team", view_func=team_list, methods=["GET"])
    bp.add_url_rule("/team", view_func=team_create, methods=["POST"])
    bp.add_url_rule("/team/<name>", view_func=team_delete, methods=["DELETE"])
    bp.add_url_rule("/team/<name>/members", view_func=team_members, methods=["PUT"])
    bp.add_url_rule("/permission", view_func=permission_get, methods=["GET"])
    bp.add_url_rule("/permission", view_func=permission_put, methods=["PUT"])


@access(Access.ADMIN)
@described(responses={200: TeamList}, tags=["teams"])
def team_list() -> Response:
    return json_response({"ok": True, "items": list_teams(db_session()), "next": None})


@access(Access.ADMIN)
@described(json=TeamCreate, responses={201: TeamSaved}, tags=["teams"], check=False)
def team_create() -> Response:
    name = create_team(db_session(), require_principal(), json_object().get("name"))
    return json_response({"ok": True, "team": {"name": name, "members": []}}, 201)


@access(Access.ADMIN)
@described(responses={200: Done}, tags=["teams"])
def team_delete(name: str) -> Response:
    delete_team(db_session(), require_principal(), name)
    return json_response({"ok": True})


@access(Access.ADMIN)
@described(json=TeamMembers, responses={200: TeamSaved}, tags=["teams"], check=False)
def team_members(name: str) -> Response:
    """Body ``{"users": ["ann", "bob"]}`` replaces the members."""
    db = db_session()
    team = find_team(db, name)  # an unknown team is a 404 whatever the body
    members = set_members(db, require_principal(), team, json_object().get("users"))
    return json_response({"ok": True, "team": {"name": name, "members": members}})


@access(Access.ADMIN)
@described(query=FolderQuery, responses={200: FolderGrants}, tags=["permissions"], check=False)
def permission_get() -> Response:
    folder = checked_folder(request.args.get("folder", ""))
    grants = folder_grants(db_session(), folder)
    return json_response({"ok": True, "folder": folder, "grants": grants})


@access(Access.ADMIN)
@described(
    query=FolderQuery,
    json=GrantsBody,
    responses={200: FolderGrants},
    tags=["permissions"],
    check=False,
)
def permission_put() -> Response:
    """``?folder=team/x`` with ``{"grants": [{"user": "ann", "role": "editor"},
    {"team": "ops", "role": "viewer"}]}`` replaces the folder's grants; an empty list
    opens the folder again."""
    folder = checked_folder(request.args.get("folder", ""))
    raw = json_object().get("grants")
    grants = replace_folder_grants(db_session(), require_principal(), folder, raw)
    return json_response({"ok": True, "folder": folder, "grants": grants})
