"""Unique persons: exact by default (bitmaps, or count(DISTINCT) when bitmaps would not
fit), approximate only when asked, within a stated error of an answer computed here."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.events import unique_persons
from gaugeboard.events.engine import open_event_view
from tests.conftest import state
from tests.events.helpers import post_events, seal_first

START = datetime(2026, 3, 1, tzinfo=UTC)
DAYS = 4
PERSONS = 4000
RANGE = {"start": "2026-03-01T00:00:00Z", "end": "2026-03-05T00:00:00Z"}
# DuckDB's HyperLogLog has a standard error of about 3% (measured: 2.4-3.2% RMS from 1,000
# to 200,000 persons, 95% of estimates within 6.4%); each estimate here must be within 7%.
TOLERANCE = 0.07


def make_events() -> list[dict[str, Any]]:
    rng = random.Random(20)
    events = []
    for number in range(PERSONS):
        for _ in range(rng.randrange(1, 4)):
            moment = START + timedelta(seconds=rng.randrange(DAYS * 86400))
            name = rng.choice(["view", "view", "buy"])
            events.append({"_n": name, "_p": f"u{number}", "_t": moment.timestamp()})
    events.append({"_n": "view", "_t": (START + timedelta(hours=1)).timestamp()})  # nobody
    return events


EVENTS = make_events()


def persons_per_day(events: list[dict[str, Any]]) -> dict[str, int]:
    """The exact answer, computed independently of the engine."""
    days: dict[str, set[str]] = {}
    for event in events:
        if event.get("_p"):
            day = datetime.fromtimestamp(event["_t"], UTC).date().isoformat()
            days.setdefault(day, set()).add(event["_p"])
    return {day: len(persons) for day, persons in days.items()}


@pytest.fixture
def tail_only(client: FlaskClient, event_key: str, auth_headers: dict[str, str]) -> dict[str, str]:
    post_events(client, event_key, EVENTS, batch=1000)
    return auth_headers


@pytest.fixture
def mixed(app: Flask, tail_only: dict[str, str]) -> Iterator[dict[str, str]]:
    """Half the events in Parquet segments, the rest in the tail."""
    seal_first(app, len(EVENTS) // 2)
    yield tail_only


def run(client: FlaskClient, headers: dict[str, str], **query: Any) -> dict[str, Any]:
    body = {"range": RANGE, "metric": "unique_persons", **query}
    response = client.post("/api/metric/query", json=body, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    result = response.get_json()
    assert isinstance(result, dict)
    return result


def daily(body: dict[str, Any]) -> dict[str, Any]:
    return {p["local"][:10]: p["value"] for p in body["series"][0]["points"]}


def within(found: float, exact: float) -> bool:
    return abs(found - exact) <= TOLERANCE * exact


def test_exact_by_default(client: FlaskClient, mixed: dict[str, str]) -> None:
    body = run(client, mixed)
    assert (daily(body), body["approximate"]) == (persons_per_day(EVENTS), False)


def test_exact_total_is_not_a_sum_of_days(client: FlaskClient, mixed: dict[str, str]) -> None:
    assert run(client, mixed)["total"] == len({e["_p"] for e in EVENTS if e.get("_p")})


def test_exact_without_bitmaps_gives_the_same_answer(
    client: FlaskClient, mixed: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unique_persons, "MAX_BITMAP_BYTES", 0)  # bitmaps never fit
    body = run(client, mixed)
    total = len({e["_p"] for e in EVENTS if e.get("_p")})
    assert (daily(body), body["total"]) == (persons_per_day(EVENTS), total)


def test_exact_breakdown_totals_match_with_and_without_bitmaps(
    client: FlaskClient, mixed: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_bitmaps = run(client, mixed, breakdown="name", compare=True)
    monkeypatch.setattr(unique_persons, "MAX_BITMAP_BYTES", 0)
    without = run(client, mixed, breakdown="name", compare=True)
    for body in (with_bitmaps, without):
        body.pop("elapsed_ms")
    assert with_bitmaps == without


def test_approximate_days_are_within_the_stated_error(
    client: FlaskClient, mixed: dict[str, str]
) -> None:
    found = daily(run(client, mixed, approximate=True))
    exact = persons_per_day(EVENTS)
    assert [day for day, value in exact.items() if not within(found[day], value)] == []


def test_approximate_total_is_within_the_stated_error(
    client: FlaskClient, mixed: dict[str, str]
) -> None:
    exact = len({e["_p"] for e in EVENTS if e.get("_p")})
    assert within(run(client, mixed, approximate=True)["total"], exact)


def test_approximate_result_says_so(client: FlaskClient, mixed: dict[str, str]) -> None:
    body = run(client, mixed, approximate=True, bucket=None)
    said = (body["approximate"], body["query"]["approximate"], "approximate" in body["description"])
    assert said == (True, True, True)


def test_approximate_from_the_tail_alone(client: FlaskClient, tail_only: dict[str, str]) -> None:
    exact = persons_per_day(EVENTS)
    found = daily(run(client, tail_only, approximate=True))
    assert [day for day, value in exact.items() if not within(found[day], value)] == []


def errors(client: FlaskClient, headers: dict[str, str], query: dict[str, Any]) -> list[str]:
    response = client.post("/api/metric/query", json=query, headers=headers)
    assert response.status_code == 400
    found = response.get_json()["errors"]
    assert isinstance(found, list)
    return found


def test_approximate_is_refused_for_another_metric(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    assert errors(client, auth_headers, {"metric": "count", "approximate": True}) == [
        "approximate: only unique_persons can be approximate, not 'count'"
    ]


def test_approximate_must_be_a_boolean(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    query = {"metric": "unique_persons", "approximate": "yes"}
    assert errors(client, auth_headers, query) == ["approximate: Input should be a valid boolean"]


def test_the_views_person_span_holds_every_sealed_and_tail_id(
    app: Flask, mixed: dict[str, str]
) -> None:
    """Bitmaps are sized by the view's span, read from the segments' statistics and the
    tail's ids: it must hold every person id of the events, the tail's own negative ids
    (persons not sealed yet) included."""
    folder = state(app).segments_dir
    with state(app).database.sessions() as session, open_event_view(session, folder) as view:
        low, high = view.connection.execute("SELECT min(pid), max(pid) FROM events").fetchone()
        assert view.person_span is not None
        assert view.person_span[0] <= low < 0 < high <= view.person_span[1]
