"""What can run: job types registered by name with their function, argument model, limits
and retry policy, and the kinds of target (dashboard, data set, notebook) a schedule may
point at. Each mounted gaugeboard has its own registry, filled when it starts, so a job
function closes over that mount's catalog and folders and nothing is global."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.errors import ValidationFailed

if TYPE_CHECKING:
    from gaugeboard.jobs.context import JobContext

JobResult = Mapping[str, Any] | None
JobFunction = Callable[["JobContext", Any], JobResult]
# Resolves a target id for a caller: its display name, or raises NotFound / Forbidden.
TargetCheck = Callable[[Session, Actor, str], str]


class NoArguments(BaseModel):
    """The argument model of a job type that takes none."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class RetryPolicy:
    """How often a failed run is tried again and how long it waits before each try."""

    attempts: int = 1
    backoff_seconds: float = 30.0
    backoff_factor: float = 2.0

    def delay_after(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1 for the first)."""
        return self.backoff_seconds * self.backoff_factor ** max(0, attempt - 1)


@dataclass(frozen=True)
class JobType:
    """One kind of job. ``system`` types (sealing, status upkeep) are managed by admins
    only; ``target_kind`` names what a schedule of this type must point at."""

    name: str
    title: str
    function: JobFunction
    arguments: type[BaseModel] = NoArguments
    time_limit_seconds: int = 3600
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    concurrency: int = 0  # at most this many running at once across all workers; 0: no limit
    target_kind: str | None = None
    system: bool = False


class JobRegistry:
    """The job types and target kinds of one mounted gaugeboard."""

    def __init__(self) -> None:
        self._types: dict[str, JobType] = {}
        self._targets: dict[str, TargetCheck] = {}

    def register(self, job_type: JobType) -> JobType:
        if job_type.name in self._types:
            raise ValueError(f"job type {job_type.name!r} is registered twice")
        self._types[job_type.name] = job_type
        return job_type

    def register_target(self, kind: str, check: TargetCheck) -> None:
        self._targets[kind] = check

    def get(self, name: str) -> JobType | None:
        return self._types.get(name)

    def require(self, name: str, field_name: str = "job_type") -> JobType:
        """The type named ``name``; a 400 naming the field and the known types otherwise."""
        found = self._types.get(name)
        if found is None:
            known = ", ".join(sorted(self._types)) or "none"
            raise ValidationFailed(f"{field_name}: unknown job type {name!r} (known: {known})")
        return found

    def target_check(self, kind: str) -> TargetCheck | None:
        return self._targets.get(kind)

    def types(self) -> list[JobType]:
        return sorted(self._types.values(), key=lambda job_type: job_type.name)

    def limits(self) -> dict[str, int]:
        """Per-type concurrency limits, for the claim query."""
        return {name: kind.concurrency for name, kind in self._types.items() if kind.concurrency}


def checked_arguments(job_type: JobType, raw: Mapping[str, Any] | None) -> BaseModel:
    """``raw`` validated by the type's argument model; a 400 naming each bad field."""
    try:
        return job_type.arguments.model_validate(dict(raw or {}))
    except ValidationError as exc:
        problems = []
        for item in exc.errors():
            path = ".".join(str(part) for part in item["loc"])
            problems.append(
                f"arguments.{path}: {item['msg']}" if path else f"arguments: {item['msg']}"
            )
        raise ValidationFailed(problems) from None
