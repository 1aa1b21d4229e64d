"""What the status routes take and answer, as pydantic models for ``@described``: the
reading, incidents and maintenance windows, and FlaskStatus's route configuration. The
bodies the monitor checks itself (after a lookup or an authorization) are the monitor's own
models, ``IncidentCreate``, ``IncidentUpdateCreate`` and ``RouteConfigure``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gaugeboard.monitor.incident_service import Impact as Impact
from gaugeboard.monitor.incident_service import OpeningStatus as OpeningStatus
from gaugeboard.monitor.incident_service import UpdateStatus as UpdateStatus
from gaugeboard.paging import PAGE_NUMBER, WholeNumber

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class RouteReading(BaseModel):
    """One monitored route: its state, uptime, last day's figures, days and hours."""

    model_config = ConfigDict(extra="allow")
    rule: str
    name: str | None
    doc: str | None
    state: str


class IncidentUpdate(BaseModel):
    id: int
    status: str
    body: str
    author: str | None
    created_at: str | None


class IncidentOut(BaseModel):
    id: int
    kind: Literal["incident", "maintenance"]
    title: str
    impact: str | None
    state: str = Field(description="open or resolved; scheduled, in_progress or completed")
    route: str | None
    started_at: str | None
    ended_at: str | None
    created_by: str | None
    updates: list[IncidentUpdate]


class StatusReading(BaseModel):
    ok: Literal[True]
    state: str
    description: str
    generated_at: str | None
    routes: list[RouteReading]
    incidents: list[IncidentOut] = Field(description="The ongoing ones")


class PageQuery(BaseModel):
    limit: Annotated[int, WholeNumber(1, MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE
    page: Annotated[int, PAGE_NUMBER] = 1


class IncidentList(BaseModel):
    ok: Literal[True]
    items: list[IncidentOut]
    total: int
    next: int | None


class IncidentFetched(BaseModel):
    ok: Literal[True]
    incident: IncidentOut


class RouteConfigured(BaseModel):
    """FlaskStatus's answer: ``Route modified`` (with the route) or ``Route deleted``."""

    ok: Literal[True]
    message: str
    route: dict[str, Any] | None = None
