"""Fetch a widget source's payload, whatever kind of source it is."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.failure_rule import FailureRule
from gaugeboard.sources.dataset_source import DatasetProvider, dataset_payload
from gaugeboard.sources.definitions import DatasetSource, InlineSource, MetricSource, UrlSource
from gaugeboard.sources.metric_source import metric_payload
from gaugeboard.sources.status_source import StatusSource, status_rows
from gaugeboard.sources.url_fetch import UrlPolicy
from gaugeboard.sources.url_source import LocalFetch, url_payload

__all__ = ["AnySource", "LocalFetch", "SourceContext", "fetch_payload"]


@dataclass(frozen=True)
class SourceContext:
    """Everything a source may need besides its own definition. ``local_fetch`` serves
    url sources that are paths (None: only full URLs work); ``datasets`` answers dataset
    sources (None: data sets are not available)."""

    db: Session
    segments_dir: Path
    settings: Mapping[str, Any]
    failure_rule: FailureRule | None = None
    time_range: Any = "last_30_days"
    timezone: str = "UTC"
    values: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, str] = field(default_factory=dict)
    local_fetch: LocalFetch | None = None
    datasets: DatasetProvider | None = None


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
    if isinstance(source, MetricSource):
        return metric_payload(
            source,
            context.db,
            context.segments_dir,
            time_range=context.time_range,
            timezone=context.timezone,
            timeout_seconds=float(context.settings["EVENT_QUERY_TIMEOUT_SECONDS"]),
        )
    if isinstance(source, UrlSource):
        policy = UrlPolicy.from_settings(context.settings)
        return url_payload(source, context.inputs, policy, context.local_fetch)
    return dataset_payload(source, context.datasets)
