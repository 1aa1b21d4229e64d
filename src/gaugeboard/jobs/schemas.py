"""What crosses the edge of the jobs engine: schedule bodies as the API takes them, and
schedules, runs and job types as it answers. The same models check requests and describe
them in ``/api/openapi.json``."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from gaugeboard.jobs.timing import MAX_EVERY_SECONDS, MIN_EVERY_SECONDS, check_cron, zone

RunState = Literal["queued", "running", "succeeded", "failed", "cancelled", "timed_out"]
_ONE_STATE = "(|" + "|".join(get_args(RunState)) + ")"
# The state filter as the API reference states it (a comma list of run states), so that a
# client or a fuzzer knows which values are accepted; the validator below words the refusal.
StateList = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"^{_ONE_STATE}(,{_ONE_STATE})*$",
            "description": "comma-separated run states",
        }
    ),
]


class ScheduleTiming(BaseModel):
    """When: a cron expression in a time zone, or every N seconds (one of the two)."""

    model_config = ConfigDict(extra="forbid")

    cron: str | None = Field(default=None, max_length=120, examples=["0 6 * * 1-5"])
    every_seconds: int | None = Field(default=None, ge=MIN_EVERY_SECONDS, le=MAX_EVERY_SECONDS)
    timezone: str = Field(default="UTC", max_length=64, examples=["Europe/Paris"])
    catch_up: bool = False

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        return None if value is None else check_cron(value)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        zone(value)
        return value


class ScheduleCreate(ScheduleTiming):
    name: str = Field(min_length=1, max_length=120, pattern=r"^[^\x00-\x1f]+$")
    job_type: str = Field(min_length=1, max_length=100)
    arguments: dict[str, Any] = Field(default_factory=dict)
    target_kind: str | None = Field(default=None, max_length=20)
    target_id: str | None = Field(default=None, min_length=1, max_length=600)
    paused: bool = False

    @model_validator(mode="after")
    def _one_timing(self) -> ScheduleCreate:
        if (self.cron is None) == (self.every_seconds is None):
            raise ValueError("give either cron or every_seconds (one of the two)")
        return self


class ScheduleChange(BaseModel):
    """A partial change: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120, pattern=r"^[^\x00-\x1f]+$")
    arguments: dict[str, Any] | None = None
    target_id: str | None = Field(default=None, min_length=1, max_length=600)
    cron: str | None = Field(default=None, max_length=120)
    every_seconds: int | None = Field(default=None, ge=MIN_EVERY_SECONDS, le=MAX_EVERY_SECONDS)
    timezone: str | None = Field(default=None, max_length=64)
    catch_up: bool | None = None
    paused: bool | None = None

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        return None if value is None else check_cron(value)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            zone(value)
        return value

    @model_validator(mode="after")
    def _one_timing(self) -> ScheduleChange:
        if self.cron is not None and self.every_seconds is not None:
            raise ValueError("give either cron or every_seconds, not both")
        return self


class RunRequest(BaseModel):
    """Queue one run of a job type now, without a schedule."""

    model_config = ConfigDict(extra="forbid")

    job_type: str = Field(min_length=1, max_length=100)
    arguments: dict[str, Any] = Field(default_factory=dict)
    target_kind: str | None = Field(default=None, max_length=20)
    target_id: str | None = Field(default=None, min_length=1, max_length=600)


class RunOut(BaseModel):
    id: int
    job_type: str
    arguments: dict[str, Any]
    schedule_id: int | None
    due_at: str | None
    state: RunState
    attempt: int
    max_attempts: int
    queued_at: str | None
    started_at: str | None
    ended_at: str | None
    duration_seconds: float | None
    worker: str | None
    triggered_by: str
    cancel_requested: bool
    error: str
    result: dict[str, Any]
    progress: dict[str, Any]


class ScheduleOut(BaseModel):
    id: int
    name: str
    job_type: str
    arguments: dict[str, Any]
    target_kind: str | None
    target_id: str | None
    cron: str | None
    every_seconds: int | None
    timezone: str
    catch_up: bool
    paused: bool
    system: bool
    next_run: str | None
    last_run: RunOut | None
    owner: str | None


class ScheduleList(BaseModel):
    ok: Literal[True]
    schedules: list[ScheduleOut]
    total: int
    page: int
    limit: int
    has_more_data: bool


class ScheduleDetail(BaseModel):
    ok: Literal[True]
    schedule: ScheduleOut
    schedules: list[ScheduleOut]
    runs: list[RunOut]
    total_runs: int
    page: int
    limit: int
    has_more_data: bool


class ScheduleSaved(BaseModel):
    ok: Literal[True]
    schedule: ScheduleOut


class RunQueued(BaseModel):
    ok: Literal[True]
    run_id: int
    state: RunState
    url: str


class RunFetched(BaseModel):
    ok: Literal[True]
    run: RunOut


class RunList(BaseModel):
    ok: Literal[True]
    runs: list[RunOut]
    total: int
    page: int
    limit: int
    has_more_data: bool


class JobTypeOut(BaseModel):
    name: str
    title: str
    target_kind: str | None
    system: bool
    time_limit_seconds: int
    attempts: int
    concurrency: int
    arguments: dict[str, Any]


class JobTypeList(BaseModel):
    ok: Literal[True]
    job_types: list[JobTypeOut]


class RunListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: StateList = ""
    job_type: str | None = Field(default=None, description="comma-separated job types")
    schedule_id: int | None = Field(default=None, ge=1)
    page: int = Field(default=1, ge=1, le=1_000_000)
    limit: int = Field(default=50, ge=1, le=500)

    @field_validator("state")
    @classmethod
    def _states(cls, value: str) -> str:
        allowed = get_args(RunState)
        for part in value.split(","):
            if part and part not in allowed:
                raise ValueError(f"{part!r} is not a run state ({', '.join(allowed)})")
        return value


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    page: int = Field(default=1, ge=1, le=1_000_000)
    limit: int = Field(default=50, ge=1, le=500)


class ScheduleListQuery(PageQuery):
    """A page of schedules; with ``target_kind`` and ``target_id``, only that target's."""

    target_kind: str | None = Field(default=None, max_length=20)
    target_id: str | None = Field(default=None, min_length=1, max_length=600)

    @model_validator(mode="after")
    def _both_or_neither(self) -> ScheduleListQuery:
        if (self.target_kind is None) != (self.target_id is None):
            raise ValueError("give target_kind and target_id together")
        return self

    def target(self) -> tuple[str, str] | None:
        if self.target_kind is None or self.target_id is None:
            return None
        return self.target_kind, self.target_id
