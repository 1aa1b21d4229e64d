"""What crosses the alerts' edge: the watched number (``source``), the ``condition``, and
the alert as it is created and changed. Every problem is reported with its field."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gaugeboard.datasets.query import RowFilter
from gaugeboard.events.query_model import Filter, FunnelStep, Metric, Window

MAX_WINDOW_SECONDS = 400 * 24 * 3600
EVALUATION_HISTORY_LIMIT = 500


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MetricSource(_Strict):
    """A metric of the events (count, sum, avg, min, max, unique persons) over the window,
    with filters, as the explorer asks it."""

    kind: Literal["metric"]
    event: str | None = Field(None, min_length=1, max_length=255)
    metric: Metric = "count"
    property: str | None = Field(None, min_length=1, max_length=266)
    filters: list[Filter] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _property_when_needed(self) -> MetricSource:
        if self.metric in ("sum", "avg", "min", "max") and not self.property:
            raise ValueError(f"metric '{self.metric}' needs a property")
        return self


class FunnelSource(_Strict):
    """The conversion (0 to 1, last step over first) of persons who entered the funnel
    during the window."""

    kind: Literal["funnel"]
    steps: list[FunnelStep] = Field(min_length=2, max_length=20)
    conversion_window: Window = Field(default_factory=lambda: Window(value=1, unit="day"))
    filters: list[Filter] = Field(default_factory=list, max_length=50)


class DatasetSource(_Strict):
    """One aggregate of a data set's rows (``count`` needs no column), read with the
    owner's rights; ``time_column`` keeps the rows whose time falls in the window."""

    kind: Literal["dataset"]
    dataset: int | str
    aggregate: Literal["count", "sum", "avg", "min", "max", "distinct"] = "count"
    column: str | None = Field(None, min_length=1, max_length=64)
    time_column: str | None = Field(None, min_length=1, max_length=64)
    filters: list[RowFilter] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _column_when_needed(self) -> DatasetSource:
        if self.aggregate != "count" and not self.column:
            raise ValueError(f"aggregate '{self.aggregate}' needs a column")
        return self


class StatusSource(_Strict):
    """A status route's error rate (0 to 1) or p95 latency (ms) over the window."""

    kind: Literal["status"]
    route: str = Field(min_length=1, max_length=1000)
    measure: Literal["error_rate", "p95_ms"] = "error_rate"


Source = Annotated[
    MetricSource | FunnelSource | DatasetSource | StatusSource, Field(discriminator="kind")
]


class Condition(_Strict):
    """``above``/``below`` a ``threshold``; ``outside`` [``low``, ``high``]; ``change``:
    more than ``percent`` % up or down from the previous window."""

    op: Literal["above", "below", "outside", "change"]
    threshold: float | None = Field(None, strict=True)
    low: float | None = Field(None, strict=True)
    high: float | None = Field(None, strict=True)
    percent: float | None = Field(None, gt=0, le=1_000_000, strict=True)

    @model_validator(mode="after")
    def _values_fit(self) -> Condition:
        if self.op in ("above", "below") and self.threshold is None:
            raise ValueError(f"'{self.op}' needs a threshold")
        if self.op == "outside":
            if self.low is None or self.high is None:
                raise ValueError("'outside' needs low and high")
            if self.low > self.high:
                raise ValueError("low must not be above high")
        if self.op == "change" and self.percent is None:
            raise ValueError("'change' needs percent")
        return self


class AlertFields(_Strict):
    """What an alert is made of; on a change every field is optional."""

    name: str = Field(min_length=1, max_length=200)
    source: Source
    condition: Condition
    window_seconds: int = Field(3600, ge=60, le=MAX_WINDOW_SECONDS, strict=True)
    pending_evaluations: int = Field(
        1, ge=1, le=100, strict=True, description="Breaching evaluations in a row before alerting"
    )
    renotify_seconds: int = Field(
        0, ge=0, le=MAX_WINDOW_SECONDS, strict=True, description="Repeat while alerting; 0: never"
    )
    channels: list[dict[str, Any]] = Field(
        default_factory=list,
        max_length=50,
        description="Targets: {kind: user|team|email|webhook, ...}",
    )
    enabled: bool = Field(True, strict=True)


class AlertCreate(AlertFields):
    """A new alert."""


class AlertChange(_Strict):
    """The fields to change."""

    name: str | None = Field(None, min_length=1, max_length=200)
    source: Source | None = None
    condition: Condition | None = None
    window_seconds: int | None = Field(None, ge=60, le=MAX_WINDOW_SECONDS, strict=True)
    pending_evaluations: int | None = Field(None, ge=1, le=100, strict=True)
    renotify_seconds: int | None = Field(None, ge=0, le=MAX_WINDOW_SECONDS, strict=True)
    channels: list[dict[str, Any]] | None = Field(None, max_length=50)
    enabled: bool | None = Field(None, strict=True)


class SilenceBody(_Strict):
    """Silence notifications until ``until`` (UTC, with an offset); null ends a silence."""

    until: datetime | None

    @model_validator(mode="after")
    def _aware(self) -> SilenceBody:
        if self.until is not None and self.until.tzinfo is None:
            raise ValueError("until needs a time zone offset, e.g. 2026-01-01T00:00:00Z")
        return self


class AlertTest(_Strict):
    """A draft alert's number and what its condition would say, without saving it."""

    source: Source
    condition: Condition
    window_seconds: int = Field(3600, ge=60, le=MAX_WINDOW_SECONDS, strict=True)
