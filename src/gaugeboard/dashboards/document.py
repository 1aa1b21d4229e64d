"""The dashboard document: a validated JSON object (pydantic), unknown keys kept.

Shape problems come from pydantic; problems that need the whole document (layout bounds,
variable references, metric queries, input names) are checked afterwards. Every problem
is reported with its JSON path, e.g. ``widgets[0].position.w``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gaugeboard.dashboards.paths import folder_problems, segment_problem
from gaugeboard.events.query_model import RELATIVE_RANGES
from gaugeboard.json_paths import json_path
from gaugeboard.sources.definitions import DatasetSource, InlineSource, MetricSource, UrlSource
from gaugeboard.sources.status_source import StatusSource
from gaugeboard.widgets.catalog import WIDGET_TYPES, unknown_type_message

# pydantic runs these in Rust's regex engine, where "$" is the end of the text only.
WIDGET_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"
INPUT_TYPES = frozenset(
    {"number", "select", "radio", "checkbox", "text", "password", "color", "date"}
    | {"datetime-local", "month", "week", "time", "email", "range", "search", "tel", "url"}
)
GRID_COLUMNS = 12
MIN_REFRESH_SECONDS = 5


class _Open(BaseModel):
    """Unknown keys are kept, so documents written by newer versions survive a round trip."""

    model_config = ConfigDict(extra="allow")


class Position(_Open):
    """Grid layout: column x (0-11), row y, width w in columns, height h in rows.
    Freeform layout: the same keys in pixels."""

    x: int = Field(0, ge=0, le=100_000)
    y: int = Field(0, ge=0, le=100_000)
    w: int = Field(6, ge=1, le=100_000)
    h: int = Field(4, ge=1, le=100_000)


class AbsoluteTimeRange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: str = Field(min_length=1, max_length=40)
    end: str = Field(min_length=1, max_length=40)


TimeRange = Annotated[str, Field(max_length=40)] | AbsoluteTimeRange


def _relative_range(value: Any) -> Any:
    if isinstance(value, str) and value not in RELATIVE_RANGES:
        raise ValueError(f"must be one of {', '.join(RELATIVE_RANGES)}, or {{start, end}}")
    return value


class Variable(_Open):
    """A value shared by all widgets, referenced as ``{{name}}`` in sources."""

    name: str = Field(pattern=NAME_PATTERN)
    label: str = Field("", max_length=200)
    type: Literal["text", "number", "select"] = "text"
    default: str | int | float | bool | None = None
    options: list[str | int | float] = Field(default_factory=list, max_length=1000)
    team_parameter: str | None = Field(
        None,
        pattern=NAME_PATTERN,
        description="the caller's team values of this parameter become the options (the "
        "first is the default); admins keep the declared options",
    )


class InputOption(_Open):
    """One form control of a widget's ``inputs`` (jsondash's format)."""

    name: str = Field(min_length=1, max_length=100)
    type: str = "text"
    label: str = Field("", max_length=200)
    default: str | int | float | bool | None = None
    options: list[list[Any]] = Field(default_factory=list, max_length=1000)
    # Checked with RE2 when the document is saved (dashboards.input_patterns).
    validator_regex: str | None = Field(None, max_length=1000)
    placeholder: str | int | float | None = None
    help_text: str = Field("", max_length=1000)
    input_classes: list[str] = Field(default_factory=list)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in INPUT_TYPES:
            raise ValueError(f"must be one of {', '.join(sorted(INPUT_TYPES))}")
        return value

    @field_validator("options")
    @classmethod
    def _pairs(cls, value: list[list[Any]]) -> list[list[Any]]:
        if any(len(pair) != 2 for pair in value):
            raise ValueError("each option must be a [value, label] pair")
        return value


class Inputs(_Open):
    options: list[InputOption] = Field(default_factory=list, max_length=50)
    submit_text: str = Field("Submit", max_length=100)
    btn_classes: list[str] = Field(default_factory=list)


Source = Annotated[
    InlineSource | MetricSource | UrlSource | DatasetSource | StatusSource,
    Field(discriminator="type"),
]


# A widget drawn with an accent (jsondash's Bootstrap text-*/bg-* classes map to these).
Emphasis = Literal["primary", "info", "success", "warning", "danger", "muted"]


class Widget(_Open):
    id: str = Field(pattern=WIDGET_ID_PATTERN)
    type: str
    title: str = Field("", max_length=200)
    position: Position = Field(default_factory=lambda: Position())
    source: Source | None = None
    key: str | None = Field(None, min_length=1, max_length=200)
    options: dict[str, Any] = Field(default_factory=dict)
    spec: dict[str, Any] = Field(default_factory=dict)
    inputs: Inputs | None = None
    refresh: int | None = Field(None, ge=0, le=86_400)
    override: dict[str, Any] | None = None
    time_range: TimeRange | None = None
    emphasis: Emphasis | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in WIDGET_TYPES:
            raise ValueError(unknown_type_message(value))
        return value

    _range = field_validator("time_range")(_relative_range)


class DashboardDocument(_Open):
    title: str = Field(min_length=1, max_length=200)
    name: str
    folder: str = ""
    description: str = Field("", max_length=10_000)
    layout: Literal["grid", "freeform"] = "grid"
    theme: Literal["light", "dark", "auto"] = "auto"
    time_range: TimeRange = "last_30_days"
    timezone: str = Field("UTC", max_length=64)
    variables: list[Variable] = Field(default_factory=list, max_length=50)
    refresh: int = Field(0, ge=0, le=86_400)
    widgets: list[Widget] = Field(default_factory=list, max_length=200)

    @field_validator("name")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        problem = segment_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("folder")
    @classmethod
    def _valid_folder(cls, value: str) -> str:
        value = value.strip("/")
        problems = folder_problems(value)
        if problems:
            raise ValueError("; ".join(problems))
        return value

    _range = field_validator("time_range")(_relative_range)


def shape_problems(exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors():
        # Drop the union member names pydantic puts in discriminated paths.
        location = tuple(
            part
            for part in error["loc"]
            if part not in ("inline", "metric", "url", "dataset", "status")
            and not (isinstance(part, str) and part.startswith(("str", "AbsoluteTimeRange")))
        )
        problems.append(f"{json_path(location)}: {error['msg'].removeprefix('Value error, ')}")
    return problems


def follows_page_range(document: DashboardDocument) -> bool:
    """Whether a widget takes the page's time range: a metric query with no range of its
    own, in a widget with none either. Only then does a range picker change anything."""
    return any(
        isinstance(widget.source, MetricSource)
        and widget.source.query.get("range") is None
        and widget.time_range is None
        for widget in document.widgets
    )
