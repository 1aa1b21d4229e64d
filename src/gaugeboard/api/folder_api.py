"""``/api/team`` and ``/api/permission``: teams and their members, and the viewer/editor
grants that close a dashboard folder to everyone not named (admins only)."""

from __future__ import annotations

from typing import Any

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
from gaugeboard.dashboards.paths import folder_problems, segment_problem
from gaugeboard.errors import NotFound, ValidationFailed
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session
from gaugeboard.store import folder_grants as store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.users import find_user, find_user_by_name

GRANT_ROLES = ("viewer", "editor")


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/team", view_func=team_list, methods=["GET"])
    bp.add_url_rule("/team", view_func=team_create, methods=["POST"])
    bp.add_url_rule("/team/<name>", view_func=team_delete, methods=["DELETE"])
    bp.add_url_rule("/team/<name>/members", view_func=team_members, methods=["PUT"])
    bp.add_url_rule("/permission", view_func=permission_get, methods=["GET"])
    bp.add_url_rule("/permission", view_func=permission_put, methods=["PUT"])


def _team(name: str) -> Any:
    team = store.find_team_by_name(db_session(), name)
    if team is None:
        raise NotFound(f"team: no team named {name!r}")
    return team


@access(Access.ADMIN)
@described(responses={200: TeamList}, tags=["teams"])
def team_list() -> Response:
    db = db_session()
    items = [
        {"name": team.name, "members": store.team_member_names(db, team.id)}
        for team in store.list_teams(db)
    ]
    return json_response({"ok": True, "items": items, "next": None})


@access(Access.ADMIN)
@described(json=TeamCreate, responses={201: TeamSaved}, tags=["teams"], check=False)
def team_create() -> Response:
    body = json_object()
    name = body.get("name")
    if not isinstance(name, str) or segment_problem(name):
        raise ValidationFailed("name: 1-100 letters, digits, '_', '.' or '-'")
    db = db_session()
    store.insert_team(db, name)
    record_activity(db, require_principal(), "team.create", name)
    db.commit()
    return json_response({"ok": True, "team": {"name": name, "members": []}}, 201)


@access(Access.ADMIN)
@described(responses={200: Done}, tags=["teams"])
def team_delete(name: str) -> Response:
    db = db_session()
    store.delete_team(db, _team(name))
    record_activity(db, require_principal(), "team.delete", name)
    db.commit()
    return json_response({"ok": True})


@access(Access.ADMIN)
@described(json=TeamMembers, responses={200: TeamSaved}, tags=["teams"], check=False)
def team_members(name: str) -> Response:
    """Body ``{"users": ["ann", "bob"]}`` replaces the members."""
    team = _team(name)
    users = json_object().get("users")
    if not isinstance(users, list) or not all(isinstance(u, str) for u in users):
        raise ValidationFailed("users: must be a list of user names")
    db = db_session()
    found = {user: find_user_by_name(db, user) for user in users}
    missing = [
        f"users: no user named {user!r}" for user, found_user in found.items() if not found_user
    ]
    if missing:
        raise ValidationFailed(missing)
    store.set_team_members(db, team.id, {u.id for u in found.values() if u is not None})
    record_activity(db, require_principal(), "team.members", name, {"users": sorted(users)})
    db.commit()
    return json_response({"ok": True, "team": {"name": name, "members": sorted(users)}})


def _folder_arg() -> str:
    folder = request.args.get("folder", "").strip("/")
    problems = folder_problems(folder)
    if problems:
        raise ValidationFailed([f"folder: {problem}" for problem in problems])
    return folder


def _describe(grant: FolderGrant) -> dict[str, Any]:
    db = db_session()
    if grant.user_id is not None:
        user = find_user(db, grant.user_id)
        return {"user": user.name if user else None, "role": grant.role}
    teams = {team.id: team.name for team in store.list_teams(db)}
    return {"team": teams.get(grant.team_id or 0), "role": grant.role}


@access(Access.ADMIN)
@described(query=FolderQuery, responses={200: FolderGrants}, tags=["permissions"], check=False)
def permission_get() -> Response:
    folder = _folder_arg()
    grants = [_describe(grant) for grant in store.grants_of_folder(db_session(), folder)]
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
    folder = _folder_arg()
    raw = json_object().get("grants")
    if not isinstance(raw, list):
        raise ValidationFailed("grants: must be a list")
    db = db_session()
    problems: list[str] = []
    grants = [g for i, item in enumerate(raw) if (g := _grant(folder, i, item, problems))]
    if problems:
        raise ValidationFailed(problems)
    store.replace_grants(db, folder, grants)
    described = [_describe(g) for g in grants]
    record_activity(db, require_principal(), "permission.set", folder, {"grants": described})
    db.commit()
    return json_response({"ok": True, "folder": folder, "grants": described})


def _grant(folder: str, index: int, item: Any, problems: list[str]) -> FolderGrant | None:
    where = f"grants[{index}]"
    if not isinstance(item, dict) or len({"user", "team"} & set(item)) != 1:
        problems.append(f"{where}: name exactly one of user or team")
        return None
    if item.get("role") not in GRANT_ROLES:
        problems.append(f"{where}.role: must be viewer or editor")
        return None
    db = db_session()
    if "user" in item:
        user = find_user_by_name(db, str(item["user"]))
        if user is None:
            problems.append(f"{where}.user: no user named {item['user']!r}")
            return None
        return FolderGrant(folder=folder, user_id=user.id, role=item["role"])
    team = store.find_team_by_name(db, str(item["team"]))
    if team is None:
        problems.append(f"{where}.team: no team named {item['team']!r}")
        return None
    return FolderGrant(folder=folder, team_id=team.id, role=item["role"])
