"""The dashboard document: a validated JSON object (pydantic), unknown keys kept.

This is the first slice of the document; widget types and sources grow in later work.
Every validation problem is reported with its JSON path, e.g. ``widgets[0].position.w``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gaugeboard.dashboards.paths import folder_problems, segment_problem
from gaugeboard.errors import ValidationFailed
from gaugeboard.sources.status_source import StatusSource

WIDGET_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"


class Position(BaseModel):
    """Where a widget sits on the 12-column grid."""

    model_config = ConfigDict(extra="forbid")

    x: int = Field(0, ge=0, le=11)
    y: int = Field(0, ge=0)
    w: int = Field(6, ge=1, le=12)
    h: int = Field(4, ge=1, le=48)


class InlineSource(BaseModel):
    """Data written into the document itself: a list of row objects."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["inline"]
    data: list[dict[str, Any]] = Field(max_length=100_000)


class Widget(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(pattern=WIDGET_ID_PATTERN)
    type: Literal["vega-lite"]
    title: str = Field("", max_length=200)
    position: Position = Field(default_factory=lambda: Position())
    source: InlineSource | StatusSource | None = Field(None, discriminator="type")
    spec: dict[str, Any] = Field(default_factory=dict)


class DashboardDocument(BaseModel):
    model_config = ConfigDict(extra="allow")

    title: str = Field(min_length=1, max_length=200)
    name: str
    folder: str = ""
    description: str = Field("", max_length=10_000)
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

    @field_validator("widgets")
    @classmethod
    def _unique_ids(cls, widgets: list[Widget]) -> list[Widget]:
        seen: set[str] = set()
        for widget in widgets:
            if widget.id in seen:
                raise ValueError(f"widget id {widget.id!r} is used twice")
            seen.add(widget.id)
        return widgets


def json_path(location: tuple[int | str, ...]) -> str:
    """pydantic's error location as a JSON path: ``widgets[0].position.w``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(document)"


def parse_document(raw: Any) -> DashboardDocument:
    """Validate a document; raise ValidationFailed listing every problem with its path."""
    if not isinstance(raw, dict):
        raise ValidationFailed("(document): must be a JSON object")
    try:
        return DashboardDocument.model_validate(raw)
    except ValidationError as exc:
        problems = [
            f"{json_path(tuple(error['loc']))}: {error['msg'].removeprefix('Value error, ')}"
            for error in exc.errors()
        ]
        raise ValidationFailed(problems) from None
