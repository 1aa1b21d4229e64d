"""The ``metric`` data source: a query of the events engine, run with the dashboard's time
range and time zone when the query names none of its own."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from gaugeboard.events.analytics import run_query
from gaugeboard.sources.definitions import MetricSource


def range_value(time_range: Any) -> Any:
    """A range as the query model reads it: ``{"start", "end"}`` or a relative name."""
    return time_range.model_dump() if isinstance(time_range, BaseModel) else time_range


def metric_query(query: Mapping[str, Any], time_range: Any, timezone: str) -> dict[str, Any]:
    """``query`` with the dashboard's range and zone where it has none (or null)."""
    filled = dict(query)
    if filled.get("range") is None and time_range is not None:
        filled["range"] = range_value(time_range)
    if filled.get("timezone") is None:
        filled["timezone"] = timezone
    return filled


def metric_payload(
    source: MetricSource,
    db: Session,
    segments_dir: Path,
    *,
    time_range: Any,
    timezone: str,
    timeout_seconds: float,
) -> dict[str, Any]:
    """The query's result as ``POST /api/metric/query`` returns it (series, totals, …)."""
    query = metric_query(source.query, time_range, timezone)
    return run_query(db, segments_dir, query, timeout_seconds)
