"""What crosses the reports' edge: a report as it is created and changed. Every problem
is reported with its field; channels are checked by ``notify.targets.parse_targets``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gaugeboard.jobs.timing import check_cron, zone
from gaugeboard.render.snapshot import MAX_WIDTH, MIN_WIDTH

RUN_HISTORY_LIMIT = 200
MAX_WIDGETS = 200


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _cron(value: str | None) -> str | None:
    return None if value is None else check_cron(value)


def _timezone(value: str | None) -> str | None:
    if value is not None:
        zone(value)
    return value


class ReportCreate(_Strict):
    """A new report on ``dashboard``: sent at each ``cron`` time (five fields, in
    ``timezone``) to ``channels``; ``widgets`` (ids) limits it to some widgets."""

    dashboard: int = Field(ge=1, le=2**31 - 1)
    name: str = Field(min_length=1, max_length=200)
    cron: str = Field(min_length=1, max_length=120, description="e.g. '0 8 * * 1'")
    timezone: str = Field("UTC", min_length=1, max_length=64)
    widgets: list[str] = Field(
        default_factory=list, max_length=MAX_WIDGETS, description="widget ids; empty: all"
    )
    width: int = Field(1200, ge=MIN_WIDTH, le=MAX_WIDTH, description="layout width in px")
    email_mode: Literal["each", "list"] = Field(
        "each", description="each: one email per recipient; list: one email to all of them"
    )
    channels: list[dict[str, Any]] = Field(min_length=1, max_length=50)
    enabled: bool = True

    _check_cron = field_validator("cron")(_cron)
    _check_timezone = field_validator("timezone")(_timezone)


class ReportChange(_Strict):
    """The fields to change; the others are kept."""

    name: str | None = Field(None, min_length=1, max_length=200)
    cron: str | None = Field(None, min_length=1, max_length=120)
    timezone: str | None = Field(None, min_length=1, max_length=64)
    widgets: list[str] | None = Field(None, max_length=MAX_WIDGETS)
    width: int | None = Field(None, ge=MIN_WIDTH, le=MAX_WIDTH)
    email_mode: Literal["each", "list"] | None = None
    channels: list[dict[str, Any]] | None = Field(None, min_length=1, max_length=50)
    enabled: bool | None = None

    _check_cron = field_validator("cron")(_cron)
    _check_timezone = field_validator("timezone")(_timezone)
