"""Widget sources fetched through the per-process cache, counted per request.

The dashboard page and the data request both draw through this, so a page load is served
from the same cache as the reloads that follow it.
"""

from __future__ import annotations

from typing import Any

from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.widget_data import source_identity
from gaugeboard.sources.resolve import AnySource, SourceContext, fetch_payload
from gaugeboard.state import current_state

FRESH_LOADS = ("miss", "refreshed")


def cache_seconds(document: DashboardDocument) -> float:
    """The setting, shortened to the dashboard's or any widget's refresh interval."""
    limits = [float(current_state().settings["DASHBOARD_CACHE_SECONDS"])]
    limits += [float(document.refresh)] if document.refresh else []
    limits += [float(w.refresh) for w in document.widgets if w.refresh]
    return min(limits)


class CachedFetcher:
    """Fetches through the cache and counts what this request fetched and reused."""

    def __init__(self, document: DashboardDocument) -> None:
        self.ttl = cache_seconds(document)
        self.fetched = 0
        self.cached = 0

    def __call__(self, source: AnySource, context: SourceContext) -> Any:
        state = current_state()
        stale = float(state.settings["DASHBOARD_CACHE_STALE_SECONDS"])

        def load() -> Any:
            self.fetched += 1
            return fetch_payload(source, context)

        payload, how = state.dashboard_cache.fetch(
            source_identity(source, context), self.ttl, stale, load
        )
        self.cached += 0 if how in FRESH_LOADS else 1
        return payload

    def header(self) -> str:
        return f"fetched={self.fetched}; cached={self.cached}"
