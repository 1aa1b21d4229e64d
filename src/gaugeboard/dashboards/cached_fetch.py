"""Widget sources fetched through the per-process cache, counted per request.

The dashboard page and the data request both draw through this, so a page load is served
from the same cache as the reloads that follow it. The caller hands in its process's cache
and settings, so this stays below the request layer.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from gaugeboard.dashboards.data_cache import SourceCache
from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.widget_data import source_identity
from gaugeboard.sources.resolve import AnySource, SourceContext, fetch_payload

FRESH_LOADS = ("miss", "refreshed")


def cache_seconds(document: DashboardDocument, settings: Mapping[str, Any]) -> float:
    """The setting, shortened to the dashboard's or any widget's refresh interval."""
    limits = [float(settings["DASHBOARD_CACHE_SECONDS"])]
    limits += [float(document.refresh)] if document.refresh else []
    limits += [float(w.refresh) for w in document.widgets if w.refresh]
    return min(limits)


class CachedFetcher:
    """Fetches through the cache and counts what this request fetched and reused."""

    def __init__(
        self, document: DashboardDocument, cache: SourceCache, settings: Mapping[str, Any]
    ) -> None:
        self.cache = cache
        self.ttl = cache_seconds(document, settings)
        self.stale = float(settings["DASHBOARD_CACHE_STALE_SECONDS"])
        self.fetched = 0
        self.cached = 0
        self._lock = threading.Lock()  # a request's metric sources are fetched in threads

    def __call__(self, source: AnySource, context: SourceContext) -> Any:
        def load() -> Any:
            with self._lock:
                self.fetched += 1
            return fetch_payload(source, context)

        payload, how = self.cache.fetch(
            source_identity(source, context), self.ttl, self.stale, load
        )
        with self._lock:
            self.cached += 0 if how in FRESH_LOADS else 1
        return payload

    def header(self) -> str:
        return f"fetched={self.fetched}; cached={self.cached}"
