"""Viewer/editor grants that close a dashboard folder to everyone not named (admins only).

The trusted caller is an admin's request (``/api/permission``), the role already checked
by the view. Replacing a folder's grants is one write transaction with its activity entry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.dashboards.paths import folder_problems
from gaugeboard.errors import ValidationFailed
from gaugeboard.store import folder_grants as store
from gaugeboard.store.activity import Actor, record_activity
from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.database import begin_write
from gaugeboard.store.users import find_user, find_user_by_name

GRANT_ROLES = ("viewer", "editor")


def checked_folder(raw: str) -> str:
    """The folder path without outer slashes; ValidationFailed listing what is wrong."""
    folder = raw.strip("/")
    problems = folder_problems(folder)
    if problems:
        raise ValidationFailed([f"folder: {problem}" for problem in problems])
    return folder


def folder_grants(db: Session, folder: str) -> list[dict[str, Any]]:
    """The grants of one folder as ``{"user"|"team": name, "role": role}``."""
    return [_describe(db, grant) for grant in store.grants_of_folder(db, folder)]


def replace_folder_grants(db: Session, actor: Actor, folder: str, raw: Any) -> list[dict[str, Any]]:
    """Replace the folder's grants with ``raw`` (a list of ``{"user"|"team", "role"}``);
    every bad item is reported at once, an empty list opens the folder again. Logs and
    commits; returns the grants as stored."""
    if not isinstance(raw, list):
        raise ValidationFailed("grants: must be a list")
    begin_write(db)
    problems: list[str] = []
    grants = [g for i, item in enumerate(raw) if (g := _grant(db, folder, i, item, problems))]
    if problems:
        raise ValidationFailed(problems)
    store.replace_grants(db, folder, grants)
    described = [_describe(db, g) for g in grants]
    record_activity(db, actor, "permission.set", folder, {"grants": described})
    db.commit()
    return described


def _describe(db: Session, grant: FolderGrant) -> dict[str, Any]:
    if grant.user_id is not None:
        user = find_user(db, grant.user_id)
        return {"user": user.name if user else None, "role": grant.role}
    teams = {team.id: team.name for team in store.list_teams(db)}
    return {"team": teams.get(grant.team_id or 0), "role": grant.role}


def _grant(
    db: Session, folder: str, index: int, item: Any, problems: list[str]
) -> FolderGrant | None:
    where = f"grants[{index}]"
    if not isinstance(item, dict) or len({"user", "team"} & set(item)) != 1:
        problems.append(f"{where}: name exactly one of user or team")
        return None
    if item.get("role") not in GRANT_ROLES:
        problems.append(f"{where}.role: must be viewer or editor")
        return None
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
