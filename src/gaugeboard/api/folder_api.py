"""``/api/team`` and ``/api/permission``: teams and their members, and the viewer/editor
grants that close a dashboard folder to everyone not named (admins only)."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.admin_models import Done, FolderGrants, TeamList, TeamSaved
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.folder_grants import (
    FolderQuery,
    GrantsBody,
    folder_grants,
    replace_folder_grants,
)
from gaugeboard.dashboards.teams import (
    TeamCreate,
    TeamMembers,
    create_team,
    delete_team,
    find_team,
    list_teams,
    set_members,
)
from gaugeboard.http.contract import checked_body, checked_query, described
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
@described(json=TeamCreate, responses={201: TeamSaved}, tags=["teams"])
def team_create() -> Response:
    name = create_team(db_session(), require_principal(), checked_body(TeamCreate))
    return json_response({"ok": True, "team": {"name": name, "members": []}}, 201)


@access(Access.ADMIN)
@described(responses={200: Done}, tags=["teams"])
def team_delete(name: str) -> Response:
    delete_team(db_session(), require_principal(), name)
    return json_response({"ok": True})


@access(Access.ADMIN)
# check=False: an unknown team is a 404 whatever the body, which is checked after the lookup.
@described(json=TeamMembers, responses={200: TeamSaved}, tags=["teams"], check=False)
def team_members(name: str) -> Response:
    """Body ``{"users": ["ann", "bob"]}`` replaces the members."""
    db = db_session()
    team = find_team(db, name)
    members = set_members(db, require_principal(), team, checked_body(TeamMembers))
    return json_response({"ok": True, "team": {"name": name, "members": members}})


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
