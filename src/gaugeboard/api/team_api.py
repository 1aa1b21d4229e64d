"""``/api/team``: teams by id (digits) or name, their members one at a time or all at
once, and their parameters (admins only). Parameters are key/value pairs that a data set's
row filters and a dashboard variable read for the team's members."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, Response, request
from pydantic import BaseModel

from gaugeboard.api.admin_models import Done, TeamList, TeamParameters, TeamSaved
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.team_parameters import (
    ParameterName,
    ParameterSet,
    delete_parameter,
    set_parameter,
    team_parameters,
)
from gaugeboard.dashboards.teams import (
    TeamCreate,
    TeamMembers,
    TeamUser,
    add_member,
    create_team,
    delete_team,
    find_team,
    list_teams,
    remove_member,
    rename_team,
    set_members,
    team_details,
)
from gaugeboard.http.contract import checked_body, checked_query, described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session

M = TypeVar("M", bound=BaseModel)
TAGS = ["teams"]


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/team", view_func=team_list, methods=["GET"])
    bp.add_url_rule("/team", view_func=team_create, methods=["POST"])
    bp.add_url_rule("/team/<team>", view_func=team_get, methods=["GET"])
    bp.add_url_rule("/team/<team>", view_func=team_rename, methods=["PUT"])
    bp.add_url_rule("/team/<team>", view_func=team_delete, methods=["DELETE"])
    bp.add_url_rule("/team/<team>/members", view_func=team_members, methods=["PUT"])
    bp.add_url_rule("/team/<team>/user", view_func=team_user_add, methods=["POST"])
    bp.add_url_rule("/team/<team>/user", view_func=team_user_remove, methods=["DELETE"])
    bp.add_url_rule("/team/<team>/parameter", view_func=parameter_list, methods=["GET"])
    for method in ("POST", "PUT"):
        bp.add_url_rule(
            "/team/<team>/parameter",
            endpoint=f"parameter_set_{method.lower()}",
            view_func=parameter_set,
            methods=[method],
        )
    bp.add_url_rule("/team/<team>/parameter", view_func=parameter_delete, methods=["DELETE"])


def _body_or_query(model: type[M]) -> M:
    """A DELETE's JSON body, or its query string for clients that cannot send a body."""
    if request.content_length or request.is_json:
        return checked_body(model)
    return checked_query(model)


@access(Access.ADMIN)
@described(responses={200: TeamList}, tags=TAGS)
def team_list() -> Response:
    """Every team with its id, members and parameters."""
    return json_response({"ok": True, "items": list_teams(db_session()), "next": None})


@access(Access.ADMIN)
@described(json=TeamCreate, responses={201: TeamSaved}, tags=TAGS)
def team_create() -> Response:
    saved = create_team(db_session(), require_principal(), checked_body(TeamCreate))
    return json_response({"ok": True, "team": saved}, 201)


@access(Access.ADMIN)
@described(responses={200: TeamSaved}, tags=TAGS)
def team_get(team: str) -> Response:
    """One team by id or name: members and parameters."""
    return json_response({"ok": True, "team": team_details(db_session(), team)})


@access(Access.ADMIN)
@described(json=TeamCreate, responses={200: TeamSaved}, tags=TAGS)
def team_rename(team: str) -> Response:
    """``{"name": "new-name"}``; 409 when another team has it."""
    saved = rename_team(db_session(), require_principal(), team, checked_body(TeamCreate))
    return json_response({"ok": True, "team": saved})


@access(Access.ADMIN)
@described(responses={200: Done}, tags=TAGS)
def team_delete(team: str) -> Response:
    """Delete the team; its memberships, parameters and folder grants go with it."""
    delete_team(db_session(), require_principal(), team)
    return json_response({"ok": True})


@access(Access.ADMIN)
# check=False: an unknown team is a 404 whatever the body, which is checked after the lookup.
@described(json=TeamMembers, responses={200: TeamSaved}, tags=TAGS, check=False)
def team_members(team: str) -> Response:
    """Body ``{"users": ["ann", "bob"]}`` replaces the members."""
    db = db_session()
    found = find_team(db, team)
    set_members(db, require_principal(), found, checked_body(TeamMembers))
    return json_response({"ok": True, "team": team_details(db, str(found.id))})


@access(Access.ADMIN)
@described(json=TeamUser, responses={200: TeamSaved}, tags=TAGS)
def team_user_add(team: str) -> Response:
    """Add one member: ``{"user": "ann"}`` (a name or an id) or ``{"user_id": 3}``."""
    saved = add_member(db_session(), require_principal(), team, checked_body(TeamUser))
    return json_response({"ok": True, "team": saved})


@access(Access.ADMIN)
@described(query=TeamUser, json=TeamUser, responses={200: TeamSaved}, tags=TAGS, check=False)
def team_user_remove(team: str) -> Response:
    """Remove one member, named as for adding, in a JSON body or the query string."""
    wanted = _body_or_query(TeamUser)
    saved = remove_member(db_session(), require_principal(), team, wanted)
    return json_response({"ok": True, "team": saved})


@access(Access.ADMIN)
@described(responses={200: TeamParameters}, tags=TAGS)
def parameter_list(team: str) -> Response:
    """The team's parameters, key → values (always a list)."""
    db = db_session()
    name = find_team(db, team).name
    return json_response({"ok": True, "team": name, "parameters": team_parameters(db, team)})


@access(Access.ADMIN)
@described(json=ParameterSet, responses={200: TeamSaved}, tags=TAGS)
def parameter_set(team: str) -> Response:
    """``{"key": "region", "value": "north"}`` (or a list of values) adds the parameter or
    replaces its values."""
    saved = set_parameter(db_session(), require_principal(), team, checked_body(ParameterSet))
    return json_response({"ok": True, "team": saved})


@access(Access.ADMIN)
@described(
    query=ParameterName, json=ParameterName, responses={200: TeamSaved}, tags=TAGS, check=False
)
def parameter_delete(team: str) -> Response:
    """``{"key": "region"}`` (a JSON body, or ``?key=region``) removes the parameter."""
    wanted = _body_or_query(ParameterName)
    saved = delete_parameter(db_session(), require_principal(), team, wanted)
    return json_response({"ok": True, "team": saved})
