"""The source context of a dashboard request: database, settings, monitor, variables, the
data sets as the caller may read them, and the process's source cache it fetches through."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

from gaugeboard.dashboards.cached_fetch import CachedFetcher
from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.datasets.provider import DatasetRows
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.local_fetch import local_fetch_for
from gaugeboard.sources.resolve import SourceContext
from gaugeboard.state import current_state, db_session


def source_context(
    document: DashboardDocument, values: Mapping[str, Any] | None = None, time_range: Any = None
) -> SourceContext:
    """The shared context of every widget of ``document`` for this request."""
    state = current_state()
    monitor = state.monitor
    defaults = {variable.name: variable.default for variable in document.variables}
    return SourceContext(
        db=db_session(),
        segments_dir=state.segments_dir,
        settings=state.settings.values,
        failure_rule=monitor.settings.failure_rule if monitor is not None else None,
        time_range=time_range if time_range is not None else document.time_range,
        timezone=document.timezone,
        values={**defaults, **(values or {})},
        local_fetch=local_fetch_for(current_app._get_current_object()),  # type: ignore[attr-defined]
        datasets=DatasetRows(db_session(), state.datasets, dashboard_actor()),
    )


def cached_fetcher(document: DashboardDocument) -> CachedFetcher:
    """A fetcher for this request through the process's source cache."""
    state = current_state()
    return CachedFetcher(document, state.dashboard_cache, state.settings.values)
