"""The answers of ``/api/alert``, as pydantic models (they describe the OpenAPI document;
the alerts service builds the bodies)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gaugeboard.paging import MAX_PAGE, WholeNumber

State = Literal["ok", "pending", "alerting", "no_data"]


class AlertOut(BaseModel):
    id: int
    name: str
    owner: str | None
    source: dict[str, Any]
    condition: dict[str, Any]
    window_seconds: int
    pending_evaluations: int
    renotify_seconds: int
    channels: list[dict[str, Any]] = Field(description="Webhook secrets are masked")
    enabled: bool
    silenced_until: str | None
    state: State
    state_since: str
    last_value: float | None
    last_evaluated_at: str | None
    last_notified_at: str | None
    created_at: str
    updated_at: str


class AlertSaved(BaseModel):
    ok: Literal[True]
    alert: AlertOut


class AlertList(BaseModel):
    ok: Literal[True]
    items: list[AlertOut]
    next: int | None = Field(description="The next page's number, or null")


class EvaluationOut(BaseModel):
    at: str
    value: float | None
    previous_value: float | None
    state: State
    previous_state: State
    changed: bool
    notified: Literal["alerting", "recovery"] | None
    error: str | None


class DeliveryOut(BaseModel):
    id: int
    channel: Literal["email", "webhook"]
    recipient: str
    state: Literal["sent", "retrying", "failed"]
    attempts: int
    error: str | None
    created_at: str
    sent_at: str | None
    next_attempt_at: str | None


class AlertHistory(BaseModel):
    ok: Literal[True]
    alert: AlertOut
    evaluations: list[EvaluationOut]
    deliveries: list[DeliveryOut]


class AlertReading(BaseModel):
    ok: Literal[True]
    value: float | None
    previous_value: float | None
    breached: bool | None
    error: str | None
    at: str


class AlertDeleted(BaseModel):
    ok: Literal[True]
    deleted: int


class AlertPageQuery(BaseModel):
    """A page of alerts, or of an alert's evaluations."""

    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, WholeNumber(1, 500)] = 50
    page: Annotated[int, WholeNumber(1, MAX_PAGE)] = 1
