"""Fetch a widget source's payload, whatever kind of source it is."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.errors import ValidationFailed
from gaugeboard.monitor.classify import FailureRule
from gaugeboard.sources.definitions import DatasetSource, InlineSource, MetricSource, UrlSource
from gaugeboard.sources.status_source import StatusSource, status_rows

# (path with query string) -> (HTTP status, body bytes, content type)
LocalFetch = Callable[[str], tuple[int, bytes, str]]


@dataclass(frozen=True)
class SourceContext:
    """Everything a source may need besides its own definition."""

    db: Session
    segments_dir: Path
    settings: Mapping[str, Any]
    failure_rule: FailureRule | None = None
    time_range: Any = "last_30_days"
    timezone: str = "UTC"
    values: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, str] = field(default_factory=dict)
    local_fetch: LocalFetch | None = None


AnySource = InlineSource | MetricSource | UrlSource | DatasetSource | StatusSource


def fetch_payload(source: AnySource, context: SourceContext) -> Any:
    """The source's payload (rows or any JSON a widget accepts). Raises a GaugeboardError
    whose message says what went wrong; a status source with monitoring off has no rows."""
    if isinstance(source, InlineSource):
        return source.data
    if isinstance(source, StatusSource):
        if context.failure_rule is None:
            return []
        return status_rows(context.db.connection(), source, context.failure_rule, time.time())
    raise ValidationFailed(f"source.type: {source.type!r} sources are not served yet")
