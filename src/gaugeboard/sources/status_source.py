"""The ``status`` data source: requests, error rate and latency per route from the status
rollups, as rows ``{"time", "route", "value"}`` a chart can draw."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from gaugeboard.failure_rule import FailureRule
from gaugeboard.monitor.counters import DAY, HOUR, MINUTE
from gaugeboard.monitor.readings import Tally, tallies_by_slot
from gaugeboard.store.status_rollups import series
from gaugeboard.store.status_routes import list_routes
from gaugeboard.store.types import iso_utc

STEPS = {"minute": MINUTE, "hour": HOUR, "day": DAY}
Measure = Literal["requests", "failures", "error_rate", "p50_ms", "p95_ms", "p99_ms", "bytes"]


class StatusSource(BaseModel):
    """Per-route series from the status monitor (``route`` omitted: every shown route)."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["status"]
    measure: Measure = "requests"
    route: str | None = Field(None, max_length=1000)
    hours: int = Field(24, ge=1, le=24 * 400)
    step: Literal["minute", "hour", "day"] = "hour"


def _value(tally: Tally, measure: str) -> float | int | None:
    values: dict[str, Any] = {
        "requests": tally.requests,
        "failures": tally.failures,
        "error_rate": tally.error_rate,
        "p50_ms": tally.percentile_ms(0.5),
        "p95_ms": tally.percentile_ms(0.95),
        "p99_ms": tally.percentile_ms(0.99),
        "bytes": tally.bytes,
    }
    value = values[measure]
    return None if value is None else round(value, 4) if isinstance(value, float) else value


def status_rows(
    connection: Connection, source: StatusSource, rule: FailureRule, now: float
) -> list[dict[str, Any]]:
    """One row per route and step with traffic; slots older than the minute rows kept are
    coarser in the database, so they land in the slot where their hour or day starts."""
    step = STEPS[source.step]
    until = int(now) // step * step + step
    since = until - ((source.hours * HOUR + step - 1) // step) * step
    routes = [r for r in list_routes(connection) if source.route is None or r.rule == source.route]
    names = {r.id: r.rule for r in routes}
    tallies = tallies_by_slot(series(connection, since, until, step, list(names)), rule)
    return [
        {
            "time": iso_utc(datetime.fromtimestamp(slot, UTC)),
            "route": names[route_id],
            "value": _value(tally, source.measure),
        }
        for (route_id, slot), tally in sorted(tallies.items(), key=lambda item: item[0][1])
    ]
