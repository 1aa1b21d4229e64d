"""Teams and their members, which folder grants name (admins only).

The trusted caller is an admin's request (``/api/team``), the role already checked by the
view and the body by ``TeamCreate`` or ``TeamMembers`` (which also describe it). Each change
is one write transaction with its activity entry.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from sqlalchemy.orm import Session

from gaugeboard.dashboards.paths import NAME_PATTERN, segment_problem
from gaugeboard.errors import NotFound, ValidationFailed
from gaugeboard.input_checks import worded
from gaugeboard.store import folder_grants as store
from gaugeboard.store.activity import Actor, record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.user_models import Team
from gaugeboard.store.users import find_user_by_name

TEAM_NAME_RULE = "1-100 letters, digits, '_', '.' or '-'"
MEMBERS_RULE = "must be a list of user names"


def _team_name(value: Any) -> Any:
    if not isinstance(value, str) or segment_problem(value):
        raise ValueError(TEAM_NAME_RULE)
    return value


def _user_names(value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ValueError(MEMBERS_RULE)
    return value


class TeamCreate(BaseModel):
    model_config = ConfigDict(regex_engine="python-re")  # the pattern looks ahead
    name: Annotated[
        str,
        Field(pattern=f"^{NAME_PATTERN}$", description=TEAM_NAME_RULE),
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


def find_team(db: Session, name: str) -> Team:
    """The team called ``name``; NotFound when there is none."""
    team = store.find_team_by_name(db, name)
    if team is None:
        raise NotFound(f"team: no team named {name!r}")
    return team


def list_teams(db: Session) -> list[dict[str, Any]]:
    """Every team with its members' names."""
    return [
        {"name": team.name, "members": store.team_member_names(db, team.id)}
        for team in store.list_teams(db)
    ]


def create_team(db: Session, actor: Actor, new: TeamCreate) -> str:
    """Create an empty team and log it; commits (409 when the name is taken)."""
    name = new.name
    begin_write(db)
    store.insert_team(db, name)
    record_activity(db, actor, "team.create", name)
    db.commit()
    return name


def delete_team(db: Session, actor: Actor, name: str) -> None:
    """Delete a team (its grants and memberships go with it) and log it; commits."""
    begin_write(db)
    store.delete_team(db, find_team(db, name))
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
