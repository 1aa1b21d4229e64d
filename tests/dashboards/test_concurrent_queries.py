"""A dashboard's event queries run on several threads at once, each with its own catalog
session; every widget still gets its own answer and its own error."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.events.ingest import store_events
from gaugeboard.events.validation import parse_events
from gaugeboard.sources import resolve
from tests.conftest import state
from tests.dashboards.api_helpers import create

DAY = datetime(2026, 3, 1, 12, tzinfo=UTC).timestamp()
RANGE = {"start": "2026-03-01T00:00:00Z", "end": "2026-03-02T00:00:00Z"}


def number(widget_id: str, query: dict[str, Any]) -> dict[str, Any]:
    return {"id": widget_id, "type": "number", "source": {"type": "metric", "query": query}}


@pytest.fixture
def events(app: Flask) -> None:
    rows = [{"_n": "a", "_p": f"u{i % 3}", "_t": DAY + i} for i in range(5)]
    rows += [{"_n": "b", "_p": "u9", "_t": DAY + 60}]
    with state(app).database.sessions() as db:
        store_events(db, 1, parse_events(rows, now=DAY + 86400))


def values(
    client: FlaskClient, headers: dict[str, str], widgets: list[dict[str, Any]], **extra: Any
) -> Any:
    dashboard = create(client, headers, widgets=widgets, time_range=RANGE, **extra)
    query = "?var.grain=fortnight" if "variables" in extra else ""
    answer = client.get(f"/api/dashboard/{dashboard['id']}/data{query}", headers=headers)
    return answer.get_json()["widgets"]


def test_each_widget_gets_its_own_answer(
    client: FlaskClient, auth_headers: dict[str, str], events: None
) -> None:
    widgets = values(
        client,
        auth_headers,
        [
            number("a", {"event": "a", "bucket": None}),
            number("b", {"event": "b", "bucket": None}),
            number("people", {"metric": "unique_persons", "bucket": None}),
        ],
    )
    assert [widgets[k]["value"] for k in ("a", "b", "people")] == [5, 1, 4]


def test_a_failing_query_does_not_break_the_others(
    client: FlaskClient, auth_headers: dict[str, str], events: None
) -> None:
    widgets = values(
        client,
        auth_headers,
        [
            number("a", {"event": "a", "bucket": None}),
            number("bad", {"event": "a", "bucket": "{{grain}}"}),
        ],
        variables=[
            {
                "name": "grain",
                "type": "select",
                "options": ["day", "fortnight"],
                "default": "day",
            }
        ],
    )
    assert widgets["a"]["value"] == 5
    assert widgets["bad"]["ok"] is False and "bucket" in widgets["bad"]["error"]


def test_the_queries_run_on_several_threads(
    client: FlaskClient,
    auth_headers: dict[str, str],
    events: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: set[int] = set()
    real = resolve.metric_payload
    both_started = threading.Barrier(2, timeout=10)

    def noting(*args: Any, **kwargs: Any) -> Any:
        seen.add(threading.get_ident())
        both_started.wait()  # only passes if two queries are running at the same time
        return real(*args, **kwargs)

    monkeypatch.setattr(resolve, "metric_payload", noting)
    widgets = values(
        client,
        auth_headers,
        [number("a", {"event": "a", "bucket": None}), number("b", {"event": "b", "bucket": None})],
    )
    assert (widgets["a"]["value"], widgets["b"]["value"], len(seen)) == (5, 1, 2)
