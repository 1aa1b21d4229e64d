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


class AccountActivity(BaseModel):
    ok: Literal[True]
    entity: Literal["users", "dashboards"]
    since: str
    until: str
    data: list[dict[str, Any]]
    items: list[dict[str, Any]]
