"""Metric sources run the events engine on stored events, with the dashboard's range and
time zone where the query names none."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest
from flask.testing import FlaskClient

from gaugeboard.dashboards.document import AbsoluteTimeRange
from gaugeboard.errors import ValidationFailed
from gaugeboard.sources.definitions import MetricSource
from gaugeboard.sources.resolve import SourceContext, fetch_payload
from tests.events import dataset
from tests.events.helpers import post_events

EVENTS = dataset.make_events()
MARCH = AbsoluteTimeRange(start="2026-03-01T00:00:00Z", end="2026-03-22T00:00:00Z")
FIRST_WEEK = {"start": "2026-03-01T00:00:00Z", "end": "2026-03-08T00:00:00Z"}


def views_in(start: str, end: str) -> int:
    return sum(
        1
        for e in EVENTS
        if e["_n"] == "view" and start <= dataset.when(e).strftime("%Y-%m-%dT%H:%M:%SZ") < end
    )


@pytest.fixture
def stored(client: FlaskClient, event_key: str) -> None:
    post_events(client, event_key, EVENTS)


def run(context: SourceContext, **query: Any) -> dict[str, Any]:
    payload = fetch_payload(MetricSource(type="metric", query=query), context)
    assert isinstance(payload, dict)
    return payload


def test_query_without_range_takes_the_dashboard_range(
    context: SourceContext, stored: None
) -> None:
    payload = run(replace(context, time_range=MARCH), event="view", bucket=None)
    assert payload["total"] == views_in(MARCH.start, MARCH.end)


def test_query_range_wins_over_the_dashboard_range(context: SourceContext, stored: None) -> None:
    payload = run(replace(context, time_range=MARCH), event="view", bucket=None, range=FIRST_WEEK)
    assert payload["total"] == views_in(FIRST_WEEK["start"], FIRST_WEEK["end"])


def test_relative_dashboard_range_is_used_by_name(
    context: SourceContext, client: FlaskClient, event_key: str, stored: None
) -> None:
    recent = [{"_n": "view", "_p": "p1", "_t": time.time() - 3600} for _ in range(3)]
    assert client.post(f"/e?_k={event_key}", json=recent).data == b"1"
    payload = run(replace(context, time_range="last_7_days"), event="view", bucket=None)
    assert payload["total"] == 3


def test_query_without_timezone_takes_the_dashboard_timezone(context: SourceContext) -> None:
    payload = run(replace(context, timezone="Europe/Paris"), event="view")
    assert payload["query"]["timezone"] == "Europe/Paris"


def test_query_timezone_wins_over_the_dashboard_timezone(context: SourceContext) -> None:
    payload = run(replace(context, timezone="Europe/Paris"), event="view", timezone="Asia/Tokyo")
    assert payload["query"]["timezone"] == "Asia/Tokyo"


def test_payload_is_the_query_result(context: SourceContext, stored: None) -> None:
    payload = run(replace(context, time_range=MARCH), event="view")
    assert {"ok", "query", "description", "series"} <= payload.keys()


def test_invalid_query_names_the_field(context: SourceContext) -> None:
    with pytest.raises(ValidationFailed) as caught:
        run(context, metric="median")
    assert any(problem.startswith("metric") for problem in caught.value.errors)
