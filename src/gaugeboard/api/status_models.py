"""What the status routes take and answer, as pydantic models for ``@described``: the
reading, incidents and maintenance windows, and FlaskStatus's route configuration, whose
bodies the monitor checks in its own (and the reference's) words."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gaugeboard.monitor.incident_service import MAX_BODY, MAX_TITLE

MAX_PAGE_SIZE = 100
# The monitor's own lists, spelled out for the type checker (tests/test_openapi.py compares them).
Impact = Literal["minor", "major"]
OpeningStatus = Literal["investigating", "identified", "monitoring", "update"]
UpdateStatus = Literal[
    "investigating",
    "identified",
    "monitoring",
    "update",
    "resolved",
    "scheduled",
    "in_progress",
    "completed",
]


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
    limit: int = Field(25, ge=1, le=MAX_PAGE_SIZE)
    page: int = Field(1, ge=1, le=1_000_000)


class IncidentList(BaseModel):
    ok: Literal[True]
    items: list[IncidentOut]
    total: int
    next: int | None


class IncidentFetched(BaseModel):
    ok: Literal[True]
    incident: IncidentOut


class IncidentCreate(BaseModel):
    """An incident (impact, status) or a maintenance window (starts_at, ends_at)."""

    kind: Literal["incident", "maintenance"] = "incident"
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    body: str = Field("", max_length=MAX_BODY, description="Markdown")
    route: str | None = Field(None, description="The rule of a monitored route")
    impact: Impact = "minor"
    status: OpeningStatus = "investigating"
    starts_at: float | str | None = Field(None, description="ISO 8601 or epoch seconds")
    ends_at: float | str | None = Field(None, description="Maintenance only")


class IncidentUpdateCreate(BaseModel):
    status: UpdateStatus = Field(
        "update", description="resolved (or completed) ends it; the kind's own statuses only"
    )
    body: str = Field(min_length=1, max_length=MAX_BODY, description="Markdown")


class RouteConfigure(BaseModel):
    """PUT: rename (name, doc); DELETE: only ``rule``."""

    model_config = ConfigDict(extra="forbid")
    rule: str = Field(description="The route's rule, e.g. /users/<int:id>")
    name: str | None = Field(None, min_length=1, max_length=255)
    doc: str | None = Field(None, max_length=10_000)


class RouteConfigured(BaseModel):
    """FlaskStatus's answer: ``Route modified`` (with the route) or ``Route deleted``."""

    ok: Literal[True]
    message: str
    route: dict[str, Any] | None = None
