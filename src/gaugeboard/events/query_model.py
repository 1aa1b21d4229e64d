"""The one query model of the analytics engine, shared by widgets, the API and the client.

A query is JSON: ``{"type": "metric" | "funnel" | "retention", ...}``. Validation reports
every problem with its path (``filters[1].op: ...``). Time ranges are absolute
(``{"start", "end"}``, ISO 8601) or relative (``"last_30_days"``), resolved in the query's
time zone, and always half-open: start inclusive, end exclusive.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, available_timezones

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from gaugeboard.errors import ValidationFailed
from gaugeboard.json_paths import json_path

Unit = Literal["minute", "hour", "day", "week", "month"]
Metric = Literal["count", "sum", "avg", "min", "max", "unique_persons"]
Operator = Literal["=", "!=", "in", "contains", ">", "<", "is_set"]
# The metrics that aggregate a property, so need one.
PROPERTY_METRICS = ("sum", "avg", "min", "max")
RelativeRange = Literal[
    "today",
    "yesterday",
    "last_24_hours",
    "last_7_days",
    "last_14_days",
    "last_30_days",
    "last_90_days",
    "this_week",
    "this_month",
    "last_month",
    "this_year",
]
RELATIVE_RANGES: tuple[str, ...] = get_args(RelativeRange)
MAX_BUCKETS = 5000


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AbsoluteRange(_Strict):
    start: datetime
    end: datetime

    @field_validator("start", "end", mode="before")
    @classmethod
    def _written_time(cls, value: Any) -> Any:
        """ISO 8601 text (or a datetime from Python callers), never a bare number."""
        if not isinstance(value, str | datetime):
            raise ValueError("must be an ISO 8601 date-time, e.g. 2026-01-01T00:00:00Z")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> AbsoluteRange:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("start and end need a time zone offset, e.g. 2026-01-01T00:00:00Z")
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.start.year < 1970 or self.end.year > 2200:
            raise ValueError("start and end must be between 1970 and 2200")
        return self


class Filter(_Strict):
    """``field`` is ``name``, ``person``, or a property (``properties.x`` for a property
    literally called name or person)."""

    field: str = Field(min_length=1, max_length=266)
    op: Operator = "="
    value: Any = None

    @model_validator(mode="after")
    def _value_fits(self) -> Filter:
        if self.op == "is_set":
            return self
        if self.op == "in":
            if not isinstance(self.value, list) or not self.value:
                raise ValueError("'in' needs a non-empty list as value")
        elif self.value is None or isinstance(self.value, list | dict):
            raise ValueError(f"'{self.op}' needs a single value")
        if self.op in (">", "<") and (
            isinstance(self.value, bool) or not isinstance(self.value, int | float)
        ):
            raise ValueError(f"'{self.op}' needs a number")
        return self


class _Common(_Strict):
    range: AbsoluteRange | RelativeRange = "last_30_days"
    timezone: str = "UTC"
    filters: list[Filter] = Field(default_factory=list, max_length=50)

    @field_validator("range", mode="before")
    @classmethod
    def _readable_range(cls, value: Any) -> Any:
        """One clear message instead of one per member of the union."""
        if isinstance(value, str):
            if value not in RELATIVE_RANGES:
                raise ValueError(
                    f'must be one of {", ".join(RELATIVE_RANGES)}, or {{"start", "end"}}'
                )
            return value
        if isinstance(value, dict):
            try:
                return AbsoluteRange.model_validate(value)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                message = first["msg"].removeprefix("Value error, ")
                raise ValueError(f"{where}: {message}" if where else message) from None
        raise ValueError('must be a relative range name or {"start", "end"}')

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # The IANA names both Python and DuckDB know ("right/…", "posixrules" are not).
        if value == "localtime" or value not in known_zones():
            raise ValueError(f"unknown time zone {value!r} (use an IANA name)")
        return value


class MetricQuery(_Common):
    type: Literal["metric"] = "metric"
    event: str | None = Field(None, min_length=1, max_length=255)
    metric: Metric = "count"
    property: str | None = Field(None, min_length=1, max_length=266)
    bucket: Unit | None = "day"
    breakdown: str | None = Field(None, min_length=1, max_length=266)
    breakdown_limit: int = Field(10, ge=1, le=100)
    compare: StrictBool = False
    approximate: StrictBool = Field(
        False,
        description="unique_persons only: estimate with HyperLogLog (DuckDB's "
        "approx_count_distinct), faster, with a typical error of about 3%; the result then says "
        '"approximate": true. Exact unless asked.',
    )

    @field_validator("approximate")
    @classmethod
    def _only_unique_persons(cls, value: bool, info: ValidationInfo) -> bool:
        metric = info.data.get("metric")
        if value and metric is not None and metric != "unique_persons":
            raise ValueError(f"only unique_persons can be approximate, not '{metric}'")
        return value

    @model_validator(mode="after")
    def _property_when_needed(self) -> MetricQuery:
        if self.metric in PROPERTY_METRICS and not self.property:
            raise ValueError(f"metric '{self.metric}' needs a property")
        return self


class FunnelStep(_Strict):
    event: str = Field(min_length=1, max_length=255)
    filters: list[Filter] = Field(default_factory=list, max_length=20)


class Window(_Strict):
    value: int = Field(ge=1, le=10_000)
    unit: Literal["minute", "hour", "day", "week"] = "day"

    def as_timedelta(self) -> timedelta:
        return timedelta(**{f"{self.unit}s": self.value})


class FunnelQuery(_Common):
    type: Literal["funnel"]
    steps: list[FunnelStep] = Field(min_length=2, max_length=20)
    window: Window = Field(default_factory=lambda: Window(value=14, unit="day"))
    breakdown: str | None = Field(None, min_length=1, max_length=266)
    breakdown_limit: int = Field(10, ge=1, le=100)


class RetentionQuery(_Common):
    type: Literal["retention"]
    start_event: str = Field(min_length=1, max_length=255)
    return_event: str | None = Field(None, min_length=1, max_length=255)
    # A return is any event at all (a visit of any kind), rather than return_event.
    return_any: StrictBool = False
    period: Literal["day", "week", "month"] = "week"
    periods: int = Field(8, ge=1, le=60)

    @model_validator(mode="after")
    def _one_return(self) -> RetentionQuery:
        if self.return_any and self.return_event is not None:
            raise ValueError("give return_event or return_any, not both")
        return self


AnyQuery = Annotated[MetricQuery | FunnelQuery | RetentionQuery, Field(discriminator="type")]


class MetricQueryBody(RootModel[AnyQuery]):
    """A metric (the default type), funnel or retention query."""


def parse_query(raw: Any) -> MetricQuery | FunnelQuery | RetentionQuery:
    """Validate a query object with ``MetricQueryBody`` (``type`` defaults to metric);
    raise ValidationFailed with every problem and its path."""
    if not isinstance(raw, dict):
        raise ValidationFailed("(query): must be a JSON object")
    body = {"type": "metric", **raw}
    try:
        return MetricQueryBody.model_validate(body).root
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            location = tuple(error["loc"])
            if location and location[0] in ("metric", "funnel", "retention"):
                location = location[1:]
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{json_path(location)}: {message}")
        raise ValidationFailed(problems) from None


def resolve_range(
    value: AbsoluteRange | str, zone: str, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The UTC [start, end) of a range; relative ranges follow the calendar of ``zone``."""
    if isinstance(value, AbsoluteRange):
        return value.start.astimezone(UTC), value.end.astimezone(UTC)
    tz = ZoneInfo(zone)
    local_now = (now or datetime.now(UTC)).astimezone(tz)
    midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = _local_midnight(midnight.date() + timedelta(days=1), tz)
    if value == "last_24_hours":
        return (local_now - timedelta(hours=24)).astimezone(UTC), local_now.astimezone(UTC)
    if value.startswith("last_") and value.endswith("_days"):
        days = int(value.split("_")[1])
        start = _local_midnight(midnight.date() - timedelta(days=days - 1), tz)
        return start.astimezone(UTC), tomorrow.astimezone(UTC)
    start, end = _calendar_range(value, midnight, tomorrow, tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def _local_midnight(day: Any, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def _calendar_range(
    value: str, midnight: datetime, tomorrow: datetime, tz: ZoneInfo
) -> tuple[datetime, datetime]:
    today = midnight.date()
    if value == "today":
        return midnight, tomorrow
    if value == "yesterday":
        return _local_midnight(today - timedelta(days=1), tz), midnight
    if value == "this_week":
        return _local_midnight(today - timedelta(days=today.weekday()), tz), tomorrow
    if value == "this_month":
        return _local_midnight(today.replace(day=1), tz), tomorrow
    if value == "last_month":
        first = today.replace(day=1)
        previous = (first - timedelta(days=1)).replace(day=1)
        return _local_midnight(previous, tz), _local_midnight(first, tz)
    return _local_midnight(today.replace(month=1, day=1), tz), tomorrow
