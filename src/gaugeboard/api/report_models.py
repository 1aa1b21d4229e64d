"""The answers of ``/api/report``, as pydantic models (they describe the OpenAPI document;
the reports service builds the bodies)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gaugeboard.api.alert_models import DeliveryOut
from gaugeboard.paging import WholeNumber

RunState = Literal["sending", "sent", "retrying", "partial", "failed"]


class ReportDashboard(BaseModel):
    id: int
    path: str
    title: str


class ReportOut(BaseModel):
    id: int
    name: str
    dashboard: ReportDashboard
    cron: str
    timezone: str
    widgets: list[str] = Field(description="Widget ids; empty: the whole dashboard")
    width: int
    email_mode: Literal["each", "list"]
    channels: list[dict[str, Any]] = Field(description="Webhook secrets are masked")
    enabled: bool
    next_due_at: str | None
    last_run_at: str | None
    last_state: RunState | None
    created_at: str
    updated_at: str


class ReportSaved(BaseModel):
    ok: Literal[True]
    report: ReportOut


class ReportList(BaseModel):
    ok: Literal[True]
    items: list[ReportOut]
    next: None = Field(None, description="Always null: the list is whole")


class RunOut(BaseModel):
    id: int
    at: str
    trigger: Literal["schedule", "manual"]
    state: RunState
    error: str | None = Field(description="Why the dashboard could not be drawn")
    attempts: int = Field(description="Tries of the drawing, and takeovers of an interrupted run")
    next_attempt_at: str | None = Field(description="When a failed drawing is tried again")
    link_expires_at: str | None
    deliveries: list[DeliveryOut]


class ReportHistory(BaseModel):
    ok: Literal[True]
    report: ReportOut
    runs: list[RunOut]


class ReportDeleted(BaseModel):
    ok: Literal[True]
    deleted: int


class ReportListQuery(BaseModel):
    """The reports of one dashboard, or of every dashboard the caller may edit."""

    model_config = ConfigDict(extra="forbid")

    dashboard: Annotated[int, WholeNumber(1, 2**31 - 1)] | None = None


class ReportHistoryQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, WholeNumber(1, 200)] = 20
