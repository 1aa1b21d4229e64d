"""Viewer/editor grants that close a dashboard folder to everyone not named (admins only).

The trusted caller is an admin's request (``/api/permission``), the role already checked
by the view and the request by ``FolderQuery`` and ``GrantsBody`` (which also describe it).
Replacing a folder's grants is one write transaction with its activity entry.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from sqlalchemy.orm import Session

from gaugeboard.dashboards.paths import FolderPath
from gaugeboard.errors import ValidationFailed
from gaugeboard.input_checks import checked_part, worded
from gaugeboard.store import folder_grants as store
from gaugeboard.store.activity import Actor, record_activity
from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.database import begin_write
from gaugeboard.store.users import find_user, find_user_by_name

GRANT_ROLES = ("viewer", "editor")
GRANT_ROLE_RULE = "must be viewer or editor"


class FolderQuery(BaseModel):
    """``?folder=team/reports`` (outer slashes are dropped; empty is the top folder)."""

    model_config = ConfigDict(regex_engine="python-re")  # the pattern looks ahead
    folder: FolderPath = ""


def _grant_role(value: Any) -> Any:
    if value not in GRANT_ROLES:
        raise ValueError(GRANT_ROLE_RULE)
    return value


class GrantIn(BaseModel):
    """Exactly one of user and team."""

    user: str | None = None
    team: str | None = None
    role: Annotated[Literal["viewer", "editor"], BeforeValidator(_grant_role)]

    _words = worded({"missing": GRANT_ROLE_RULE})

    @model_validator(mode="before")
    @classmethod
    def _one_grantee(cls, data: Any) -> Any:
        named = isinstance(data, dict) and sum(data.get(k) is not None for k in ("user", "team"))
        if named != 1:
            raise ValueError("name exactly one of user or team")
        return data


class GrantsBody(BaseModel):
    # Each grant is checked by GrantIn in replace_folder_grants, beside the lookup of its
    # user or team, so every grant's problems are reported at once, in order.
    grants: list[Annotated[Any, WithJsonSchema(GrantIn.model_json_schema())]] = Field(
        description="The folder's grants; empty opens it again"
    )

    _words = worded({"missing": "must be a list", "list_type": "must be a list"})


def folder_grants(db: Session, folder: str) -> list[dict[str, Any]]:
    """The grants of one folder as ``{"user"|"team": name, "role": role}``."""
    return [_describe(db, grant) for grant in store.grants_of_folder(db, folder)]


def replace_folder_grants(
    db: Session, actor: Actor, folder: str, wanted: GrantsBody
) -> list[dict[str, Any]]:
    """Replace the folder's grants with those ``wanted``, each checked by ``GrantIn``;
    every problem (a grant's shape, an unknown user or team) is reported at once, an empty
    list opens the folder again. Logs and commits; returns the grants as stored."""
    begin_write(db)
    problems: list[str] = []
    grants = [
        grant
        for index, raw in enumerate(wanted.grants)
        if (item := checked_part(GrantIn, raw, ("grants", index), problems))
        and (grant := _grant(db, folder, index, item, problems))
    ]
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
    db: Session, folder: str, index: int, item: GrantIn, problems: list[str]
) -> FolderGrant | None:
    where = f"grants[{index}]"
    if item.user is not None:
        user = find_user_by_name(db, item.user)
        if user is None:
            problems.append(f"{where}.user: no user named {item.user!r}")
            return None
        return FolderGrant(folder=folder, user_id=user.id, role=item.role)
    team = store.find_team_by_name(db, str(item.team))
    if team is None:
        problems.append(f"{where}.team: no team named {item.team!r}")
        return None
    return FolderGrant(folder=folder, team_id=team.id, role=item.role)
