"""The answers and query of the account routes, as ClicData's client reads them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class AccountFetched(BaseModel):
    ok: Literal[True]
    usage: dict[str, int]
    limits: dict[str, int | None]
    over_limit: list[str]
    period: dict[str, Any]


class ActivityPeriod(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(default=30, ge=1, le=366, description="the days up to and including today")


class UserActivityRow(BaseModel):
    """One user's period: ``views`` counts dashboard and notebook pages together."""

    user_id: int
    name: str
    role: str
    active: bool
    logins: int
    views: int
    edits: int
    last_login: str | None


class DashboardActivityRow(BaseModel):
    """One live dashboard's period. ``kind`` says which id is set: ``dashboard_id`` for a
    JSON dashboard, ``notebook_id`` for a notebook dashboard; the other is null."""

    kind: Literal["dashboard", "notebook"]
    dashboard_id: int | None
    notebook_id: int | None
    title: str
    path: str
    views: int
    viewers: int = Field(description="distinct signed-in viewers")
    last_viewed: str | None = Field(description="the last UTC day viewed, YYYY-MM-DD")


class AccountActivity(BaseModel):
    ok: Literal[True]
    entity: Literal["users", "dashboards"]
    since: str
    until: str
    data: list[UserActivityRow] | list[DashboardActivityRow]
    items: list[UserActivityRow] | list[DashboardActivityRow]
