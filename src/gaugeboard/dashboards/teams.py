"""Teams and their members, which folder grants name (admins only).

The trusted caller is an admin's request (``/api/team``), the role already checked by the
view and the body by ``TeamCreate``, ``TeamMembers`` or ``TeamUser`` (which also describe
it). A team is named by id (digits) or name. Each change is one write transaction with its
activity entry. (Team parameters: ``team_parameters.py``.)
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy.orm import Session

from gaugeboard.auth.users import find_user_by_key
from gaugeboard.dashboards.paths import NAME_PATTERN, segment_problem
from gaugeboard.errors import Conflict, NotFound, ValidationFailed
from gaugeboard.input_checks import worded
from gaugeboard.store import folder_grants as store
from gaugeboard.store import teams as team_store
from gaugeboard.store.activity import Actor, record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.user_models import Team, User
from gaugeboard.store.users import find_user_by_name

TEAM_NAME_RULE = "1-100 letters, digits, '_', '.' or '-'"
MEMBERS_RULE = "must be a list of user names"


def _team_name(value: Any) -> Any:
    if not isinstance(value, str) or segment_problem(value):
        raise ValueError(TEAM_NAME_RULE)
    if value.isdigit():
        raise ValueError("a name of digits only would read as a team id; add a letter")
    return value


def _user_names(value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ValueError(MEMBERS_RULE)
    return value


class TeamCreate(BaseModel):
    model_config = ConfigDict(regex_engine="python-re")  # the pattern looks ahead
    name: Annotated[
        str,
        Field(
            pattern=f"^(?![0-9]+$){NAME_PATTERN}$",
            description=TEAM_NAME_RULE + ", not digits only (an id)",
        ),
        BeforeValidator(_team_name),
    ]

    _words = worded({"missing": TEAM_NAME_RULE})


class TeamMembers(BaseModel):
    users: Annotated[
        list[str],
        Field(description="The user names that become the members"),
        BeforeValidator(_user_names),
    ]

    _words = worded({"missing": MEMBERS_RULE})


def find_team(db: Session, key: str | int) -> Team:
    """The team with the id ``key`` (digits) or the name ``key``; NotFound otherwise."""
    text = str(key)
    if text.isascii() and text.isdigit():
        team = team_store.find_team(db, int(text)) if len(text) <= 18 else None
        if team is None:
            raise NotFound(f"team: no team with the id {text}")
        return team
    team = store.find_team_by_name(db, text)
    if team is None:
        raise NotFound(f"team: no team named {text!r}")
    return team


def describe_team(db: Session, team: Team) -> dict[str, Any]:
    """The team: id, name, members' names and parameters."""
    return {
        "id": team.id,
        "name": team.name,
        "members": store.team_member_names(db, team.id),
        "parameters": team_store.parameters_of(db, team.id),
    }


def list_teams(db: Session) -> list[dict[str, Any]]:
    """Every team described."""
    return [describe_team(db, team) for team in store.list_teams(db)]


def team_details(db: Session, key: str) -> dict[str, Any]:
    return describe_team(db, find_team(db, key))


def create_team(db: Session, actor: Actor, new: TeamCreate) -> dict[str, Any]:
    """Create an empty team and log it; commits (409 when the name is taken)."""
    name = new.name
    begin_write(db)
    team = store.insert_team(db, name)
    record_activity(db, actor, "team.create", name)
    db.commit()
    return describe_team(db, team)


def rename_team(db: Session, actor: Actor, key: str, new: TeamCreate) -> dict[str, Any]:
    """Give the team ``key`` the name ``new.name``; commits (409 when it is taken)."""
    begin_write(db)
    team = find_team(db, key)
    old = team.name
    if new.name != old:
        if store.find_team_by_name(db, new.name) is not None:
            raise Conflict(f"name: a team named {new.name!r} already exists")
        team_store.rename_team(db, team, new.name)
        record_activity(db, actor, "team.rename", new.name, {"from": old})
    db.commit()
    return describe_team(db, team)


def delete_team(db: Session, actor: Actor, key: str) -> None:
    """Delete a team (its grants, memberships and parameters go with it) and log it;
    commits."""
    begin_write(db)
    team = find_team(db, key)
    name = team.name
    store.delete_team(db, team)
    record_activity(db, actor, "team.delete", name)
    db.commit()


def set_members(db: Session, actor: Actor, team: Team, members: TeamMembers) -> list[str]:
    """Replace the members of ``team`` with the users named; every unknown name is
    reported at once. Logs and commits; returns the member names sorted."""
    users = members.users
    begin_write(db)
    found = {user: find_user_by_name(db, user) for user in users}
    missing = [
        f"users: no user named {user!r}" for user, found_user in found.items() if not found_user
    ]
    if missing:
        raise ValidationFailed(missing)
    store.set_team_members(db, team.id, {u.id for u in found.values() if u is not None})
    record_activity(db, actor, "team.members", team.name, {"users": sorted(users)})
    db.commit()
    return sorted(users)


def _user_ref(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("must be a user id or name")
    return value


class TeamUser(BaseModel):
    """One user, by ``user`` (id or name) or ``user_id`` (ClicData's client); exactly one."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})
    user: Annotated[int | str | SkipJsonSchema[None], BeforeValidator(_user_ref)] = None
    user_id: Annotated[int, Field(ge=1)] | SkipJsonSchema[None] = None

    _words = worded({"extra_forbidden": "not a field of this body"})

    @model_validator(mode="after")
    def _one(self) -> TeamUser:
        if (self.user is None) == (self.user_id is None):
            raise ValueError("give the user as user (an id or a name) or as user_id")
        return self

    @property
    def key(self) -> str:
        return str(self.user_id if self.user_id is not None else self.user)


def _member(db: Session, wanted: TeamUser) -> User:
    return find_user_by_key(db, wanted.key)


def add_member(db: Session, actor: Actor, key: str, wanted: TeamUser) -> dict[str, Any]:
    """Make the user a member of the team (already one: nothing changes); commits."""
    begin_write(db)
    team = find_team(db, key)
    user = _member(db, wanted)
    if not team_store.is_member(db, team.id, user.id):
        team_store.add_member(db, team.id, user.id)
        record_activity(db, actor, "team.add_user", team.name, {"user": user.name})
    db.commit()
    return describe_team(db, team)


def remove_member(db: Session, actor: Actor, key: str, wanted: TeamUser) -> dict[str, Any]:
    """Take the user out of the team; commits (404 when they are not a member)."""
    begin_write(db)
    team = find_team(db, key)
    user = _member(db, wanted)
    if not team_store.is_member(db, team.id, user.id):
        raise NotFound(f"user: {user.name!r} is not a member of the team {team.name!r}")
    team_store.remove_member(db, team.id, user.id)
    record_activity(db, actor, "team.remove_user", team.name, {"user": user.name})
    db.commit()
    return describe_team(db, team)
