"""``dashboard.refresh``: draw every widget of one dashboard with its default filters,
through the process's source cache, so the next viewer finds its data warm; widgets that
fail end the run as failed, naming them, which makes the job a health check of the
dashboard too. Runs as nobody in particular: url sources on host paths are fetched without
a caller's cookie, data sets are read as a caller with no user (those in folders no grant
closes), and only the widgets' errors, never their data, are kept on the run."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.dashboards.cached_fetch import CachedFetcher
from gaugeboard.dashboards.data_cache import SourceCache
from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.service import document_of
from gaugeboard.dashboards.widget_data import render_all
from gaugeboard.failure_rule import FailureRule
from gaugeboard.jobs.context import JobContext, JobFailed
from gaugeboard.jobs.registry import JobFunction, JobType, RetryPolicy
from gaugeboard.jobs.targets import DASHBOARD
from gaugeboard.sources.dataset_source import DatasetProvider
from gaugeboard.sources.resolve import SourceContext
from gaugeboard.sources.url_source import LocalFetch
from gaugeboard.store.dashboards import get_dashboard

NAME = "dashboard.refresh"
MAX_FAILURES_LISTED = 10


@dataclass(frozen=True)
class RefreshParts:
    """What the job draws with: the process's cache and the mount's sources."""

    cache: SourceCache
    segments_dir: Path
    failure_rule: FailureRule | None
    local_fetch: LocalFetch | None
    datasets: Callable[[Session], DatasetProvider] | None = None

    def default_context(
        self, db: Session, document: DashboardDocument, settings: Mapping[str, Any]
    ) -> SourceContext:
        """The sources of ``document`` with its default range, zone and variable values,
        read as nobody in particular (what this job, thumbnails and reports draw with)."""
        return SourceContext(
            db=db,
            segments_dir=self.segments_dir,
            settings=settings,
            failure_rule=self.failure_rule,
            time_range=document.time_range,
            timezone=document.timezone,
            values={variable.name: variable.default for variable in document.variables},
            local_fetch=self.local_fetch,
            datasets=self.datasets(db) if self.datasets is not None else None,
        )


def _refresh_with(parts: RefreshParts) -> JobFunction:
    def refresh(context: JobContext, _arguments: Any) -> dict[str, Any]:
        target = context.target_id or ""
        with context.database.sessions() as db:
            dashboard = get_dashboard(db, int(target)) if target.isdigit() else None
            if dashboard is None:
                raise JobFailed(f"the dashboard {target!r} no longer exists")
            document = document_of(dashboard)
            sources = parts.default_context(db, document, context.settings.values)
            fetcher = CachedFetcher(document, parts.cache, context.settings.values)
            context.progress(0, len(document.widgets), "drawing the widgets")
            outputs = render_all(document, sources, {}, fetcher)
        failed = {key: out.get("error", "") for key, out in outputs.items() if not out.get("ok")}
        if failed:
            listed = "; ".join(
                f"{key}: {error}" for key, error in list(failed.items())[:MAX_FAILURES_LISTED]
            )
            raise JobFailed(f"{len(failed)} of {len(outputs)} widgets failed: {listed}")
        context.progress(len(outputs), len(outputs), "all widgets drawn")
        return {"widgets": len(outputs), "failed": 0, "fetched": fetcher.header()}

    return refresh


def refresh_job_type(parts: RefreshParts) -> JobType:
    return JobType(
        NAME,
        "Refresh a dashboard's data and check its widgets",
        _refresh_with(parts),
        time_limit_seconds=600,
        retry=RetryPolicy(attempts=1),
        target_kind=DASHBOARD,
    )
