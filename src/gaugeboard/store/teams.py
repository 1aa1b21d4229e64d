"""Queries on teams by id, one membership at a time, and team parameters; the caller owns
the transaction. (Listing teams, replacing members and folder grants: ``folder_grants``.)"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gaugeboard.store.database import flush_or_conflict
from gaugeboard.store.user_models import Team, TeamMember, TeamParameter


def find_team(db: Session, team_id: int) -> Team | None:
    return db.get(Team, team_id)


def rename_team(db: Session, team: Team, name: str) -> None:
    team.name = name
    flush_or_conflict(db, f"name: a team named {name!r} already exists")


def is_member(db: Session, team_id: int, user_id: int) -> bool:
    return db.get(TeamMember, (team_id, user_id)) is not None


def add_member(db: Session, team_id: int, user_id: int) -> None:
    db.add(TeamMember(team_id=team_id, user_id=user_id))
    flush_or_conflict(db, "user: already a member of the team")


def remove_member(db: Session, team_id: int, user_id: int) -> None:
    db.execute(
        delete(TeamMember).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id)
    )
    db.flush()


def team_names_of(db: Session, user_id: int) -> list[str]:
    query = (
        select(Team.name)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.user_id == user_id)
        .order_by(Team.name)
    )
    return list(db.scalars(query).all())


def parameters_of(db: Session, team_id: int) -> dict[str, list[str]]:
    query = select(TeamParameter).where(TeamParameter.team_id == team_id)
    return {row.key: list(row.values) for row in db.scalars(query.order_by(TeamParameter.key))}


def set_parameter(db: Session, team_id: int, key: str, values: list[str]) -> None:
    found = db.get(TeamParameter, (team_id, key))
    if found is None:
        db.add(TeamParameter(team_id=team_id, key=key, values=values))
    else:
        found.values = values
    flush_or_conflict(db, f"key: the parameter {key!r} was set at the same moment; try again")


def delete_parameter(db: Session, team_id: int, key: str) -> bool:
    """Remove the parameter; whether the team had it."""
    found = db.get(TeamParameter, (team_id, key))
    if found is None:
        return False
    db.delete(found)
    db.flush()
    return True


def parameter_values(
    db: Session, team_ids: Iterable[int], keys: Iterable[str]
) -> dict[str, set[str]]:
    """Every value the teams have for each key (a key no team has maps to no values)."""
    wanted_keys = sorted(set(keys))
    found: dict[str, set[str]] = {key: set() for key in wanted_keys}
    wanted_teams = sorted(set(team_ids))
    if not wanted_teams or not wanted_keys:
        return found
    query = select(TeamParameter).where(
        TeamParameter.team_id.in_(wanted_teams), TeamParameter.key.in_(wanted_keys)
    )
    for row in db.scalars(query):
        found[row.key].update(str(value) for value in row.values)
    return found
