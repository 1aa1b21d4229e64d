"""Teams, their members, and viewer/editor grants on dashboard folders."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.database import flush_or_conflict
from gaugeboard.store.user_models import Team, TeamMember, User


def insert_team(db: Session, name: str) -> Team:
    team = Team(name=name)
    db.add(team)
    flush_or_conflict(db, f"name: a team named {name!r} already exists")
    return team


def find_team_by_name(db: Session, name: str) -> Team | None:
    return db.scalars(select(Team).where(Team.name == name)).first()


def list_teams(db: Session) -> Sequence[Team]:
    return db.scalars(select(Team).order_by(Team.name)).all()


def delete_team(db: Session, team: Team) -> None:
    db.delete(team)
    db.flush()


def team_member_names(db: Session, team_id: int) -> list[str]:
    query = (
        select(User.name)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id)
        .order_by(User.name)
    )
    return list(db.scalars(query).all())


def set_team_members(db: Session, team_id: int, user_ids: set[int]) -> None:
    db.execute(delete(TeamMember).where(TeamMember.team_id == team_id))
    db.add_all(TeamMember(team_id=team_id, user_id=user_id) for user_id in sorted(user_ids))
    db.flush()


def team_ids_of(db: Session, user_id: int) -> set[int]:
    query = select(TeamMember.team_id).where(TeamMember.user_id == user_id)
    return set(db.scalars(query).all())


def all_grants(db: Session) -> Sequence[FolderGrant]:
    return db.scalars(select(FolderGrant).order_by(FolderGrant.folder, FolderGrant.id)).all()


def grants_of_folder(db: Session, folder: str) -> Sequence[FolderGrant]:
    return db.scalars(select(FolderGrant).where(FolderGrant.folder == folder)).all()


def replace_grants(db: Session, folder: str, grants: list[FolderGrant]) -> None:
    db.execute(delete(FolderGrant).where(FolderGrant.folder == folder))
    db.add_all(grants)
    flush_or_conflict(db, "grants: the same user or team is listed twice")
