"""The number an alert watches, for one window, computed once however many alerts ask.

``Numbers`` is one evaluation pass. Each distinct question (the source as JSON, the
window, and for data sets the reader, whose rights decide which rows count) is answered
once and remembered for the rest of the pass; event questions over the same stretch of
time share one opened event view. So 200 alerts on one event with one window cost one
scan, and their previous windows (``change`` conditions) one more. ``shared=False``
answers every question afresh, which is what the benchmark compares against.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.alerts.model import DatasetSource, FunnelSource, MetricSource, StatusSource
from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.provider import DatasetRows
from gaugeboard.datasets.service import DatasetPlace
from gaugeboard.errors import GaugeboardError
from gaugeboard.events import funnels, metrics
from gaugeboard.events.engine import EventView, open_event_view
from gaugeboard.events.query_model import FunnelQuery, MetricQuery
from gaugeboard.events.timeouts import QueryRunner, QueryTimeout
from gaugeboard.failure_rule import FailureRule
from gaugeboard.monitor.readings import Tally
from gaugeboard.store.status_rollups import totals
from gaugeboard.store.status_routes import find_route

AnySource = MetricSource | FunnelSource | DatasetSource | StatusSource


class NumberFailed(Exception):
    """The number could not be read (an unknown data set, a query past its time limit);
    the alert records the reason and counts as having no data."""


@dataclass(frozen=True)
class NumberParts:
    """What numbers are read from: the mount's event segments, data sets and status
    failure rule, and the event query time limit."""

    segments_dir: Path
    event_timeout_seconds: float = 30.0
    datasets: DatasetPlace | None = None
    failure_rule: FailureRule | None = None


def _micros(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


class Numbers:
    """One evaluation pass over the catalog session ``db`` (kept for this pass only)."""

    def __init__(self, db: Session, parts: NumberParts, shared: bool = True) -> None:
        self.db = db
        self.parts = parts
        self.shared = shared
        self.answers: dict[tuple[Any, ...], float | None] = {}
        self.views: dict[tuple[int, int], EventView] = {}
        self.stack = ExitStack()
        self.queries = 0  # questions actually run against the data

    def __enter__(self) -> Numbers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.stack.close()
        self.views.clear()

    def value(
        self, source: AnySource, start: datetime, end: datetime, reader: Actor | None = None
    ) -> float | None:
        """The number of ``source`` over [start, end); raises NumberFailed."""
        who = reader.user_id if isinstance(source, DatasetSource) and reader else None
        key = (source.model_dump_json(), start, end, who)
        if self.shared and key in self.answers:
            return self.answers[key]
        self.queries += 1
        try:
            answer = self._compute(source, start, end, reader)
        except (GaugeboardError, QueryTimeout) as exc:
            raise NumberFailed(str(getattr(exc, "message", exc)) or type(exc).__name__) from None
        if self.shared:
            self.answers[key] = answer
        return answer

    def _compute(
        self, source: AnySource, start: datetime, end: datetime, reader: Actor | None
    ) -> float | None:
        if isinstance(source, MetricSource):
            return self._metric(source, start, end)
        if isinstance(source, FunnelSource):
            return self._funnel(source, start, end)
        if isinstance(source, DatasetSource):
            return self._dataset(source, start, end, reader)
        return self._status(source, start, end)

    def _view(self, low: datetime, high: datetime) -> EventView:
        span = (_micros(low), _micros(high) + 1)
        view = self.views.get(span) if self.shared else None
        if view is None:
            if not self.shared:
                self.close()  # one view at a time when nothing is shared
            view = self.stack.enter_context(
                open_event_view(self.db, self.parts.segments_dir, *span)
            )
            self.views[span] = view
        return view

    def _run(self, low: datetime, high: datetime) -> tuple[EventView, QueryRunner]:
        view = self._view(low, high)
        runner = QueryRunner(view.connection, self.parts.event_timeout_seconds)
        self.stack.callback(runner.close)
        return view, runner

    def _metric(self, source: MetricSource, start: datetime, end: datetime) -> float | None:
        query = MetricQuery(
            event=source.event,
            metric=source.metric,
            property=source.property,
            filters=source.filters,
            bucket=None,
        )
        view, runner = self._run(start, end)
        total = metrics.run_period(query, view, runner, start, end)["total"]
        return None if total is None else float(total)

    def _funnel(self, source: FunnelSource, start: datetime, end: datetime) -> float | None:
        query = FunnelQuery(
            type="funnel",
            steps=source.steps,
            window=source.conversion_window,
            filters=source.filters,
        )
        view, runner = self._run(start, end + source.conversion_window.as_timedelta())
        steps = funnels.run_funnel(query, view, runner, start, end)["steps"]
        conversion = steps[-1]["conversion_from_start"]
        return None if conversion is None else float(conversion)

    def _dataset(
        self, source: DatasetSource, start: datetime, end: datetime, reader: Actor | None
    ) -> float | None:
        if self.parts.datasets is None:
            raise NumberFailed("data sets are not available here")
        filters = [item.model_dump() for item in source.filters]
        if source.time_column:
            filters.append({"column": source.time_column, "op": ">=", "value": _iso(start)})
            filters.append({"column": source.time_column, "op": "<", "value": _iso(end)})
        measure = {"aggregate": source.aggregate, "column": source.column, "name": "value"}
        query = {"filters": filters, "measures": [measure], "limit": 1}
        rows = DatasetRows(self.db, self.parts.datasets, reader).rows(str(source.dataset), query)
        found = rows[0].get("value") if rows else None
        return None if found is None else float(found)

    def _status(self, source: StatusSource, start: datetime, end: datetime) -> float | None:
        if self.parts.failure_rule is None:
            raise NumberFailed("the status monitor is off (GAUGEBOARD_STATUS_ENABLED)")
        connection = self.db.connection()
        route = find_route(connection, source.route)
        if route is None:
            raise NumberFailed(f"the status monitor knows no route {source.route!r}")
        rows = totals(
            connection, int(start.timestamp()), int(end.timestamp()), [route.id], ("status",)
        )
        self.db.rollback()
        tally = Tally()
        for row in rows:
            tally.add_row(row, self.parts.failure_rule)
        found = tally.error_rate if source.measure == "error_rate" else tally.p95_ms
        return None if found is None else float(found)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
