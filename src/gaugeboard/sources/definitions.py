"""The data sources a widget may name, as they appear in the dashboard document.

Only the shape is checked here; ``sources.resolve`` fetches the data. Strings in a source
may hold ``{{name}}`` placeholders filled from dashboard variables and widget inputs.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Source(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InlineSource(_Source):
    """Data written into the document itself: rows, or any payload shape a widget accepts."""

    type: Literal["inline"]
    data: Any = None


class MetricSource(_Source):
    """A query of the events engine (``POST /api/metric/query`` body). A query without
    ``range`` or ``timezone`` takes the dashboard's."""

    type: Literal["metric"]
    query: dict[str, Any]


class UrlSource(_Source):
    """Any JSON URL, fetched by the server. A path (``/api/sales``) is served by the host
    app in-process. ``params`` are added to the query string; widget inputs win."""

    type: Literal["url"]
    url: str = Field(min_length=1, max_length=4000)
    params: dict[str, str | int | float | bool] = Field(default_factory=dict)

    @field_validator("url")
    @classmethod
    def _http_or_path(cls, value: str) -> str:
        lowered = value.lower()
        if lowered.startswith(("http://", "https://")):
            return value
        if value.startswith("/") and not value.startswith("//"):
            return value
        raise ValueError("must be an http(s) URL or a path starting with '/'")


class DatasetSource(_Source):
    """A query of a data set (``query`` is the data-set query model)."""

    type: Literal["dataset"]
    dataset: str = Field(min_length=1, max_length=200)
    query: dict[str, Any] = Field(default_factory=dict)
