"""What the user, team, permission, activity and settings routes take and answer, as
pydantic models for ``@described``. A body the engine reads field by field is described by
the engine's own model (``auth.users.UserCreate``, ``auth.user_admin.UserChange``…), which
the views check it with, so the description is the check."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Role = Literal["admin", "editor", "viewer"]


class UserOut(BaseModel):
    id: int
    name: str
    role: Role
    active: bool
    email: str | None = Field(None, description="Where alert emails to the user go")
    created_at: str | None
    last_login_at: str | None


class UserMe(BaseModel):
    ok: Literal[True]
    user: UserOut
    via: str = Field(description="How the caller signed in: session, token, oauth or basic")


class UserList(BaseModel):
    ok: Literal[True]
    items: list[UserOut]
    next: None


class UserSaved(BaseModel):
    ok: Literal[True]
    user: UserOut


class UserDetailsOut(UserOut):
    teams: list[str] = Field(description="The names of the user's teams")


class UserDetails(BaseModel):
    ok: Literal[True]
    user: UserDetailsOut


class UserGone(BaseModel):
    id: int
    name: str
    role: Role


class UserDeleted(BaseModel):
    ok: Literal[True]
    deleted: UserGone


class TeamOut(BaseModel):
    id: int
    name: str
    members: list[str] = Field(description="The members' user names")
    parameters: dict[str, list[str]] = Field(description="key → the team's values")


class TeamParameters(BaseModel):
    ok: Literal[True]
    team: str
    parameters: dict[str, list[str]]


class TeamList(BaseModel):
    ok: Literal[True]
    items: list[TeamOut]
    next: None


class TeamSaved(BaseModel):
    ok: Literal[True]
    team: TeamOut


class Done(BaseModel):
    ok: Literal[True]


class GrantOut(BaseModel):
    user: str | None = None
    team: str | None = None
    role: str


class FolderGrants(BaseModel):
    ok: Literal[True]
    folder: str
    grants: list[GrantOut]


class ActivityEntry(BaseModel):
    id: int
    at: str | None
    actor: str | None
    actor_id: int | None
    via: str | None
    action: str
    target: str | None
    detail: Any


class ActivityList(BaseModel):
    ok: Literal[True]
    items: list[ActivityEntry]
    total: int
    next: int | None


class SettingOut(BaseModel):
    name: str
    env: str
    type: str
    default: Any
    value: Any = Field(description='The current value; "(set)" for a secret')
    help: str


class SettingList(BaseModel):
    ok: Literal[True]
    items: list[SettingOut]
    next: None
