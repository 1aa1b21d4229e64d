"""More distinct property keys than segments promote to columns (500): the rest stay in
the JSON column and queries still filter, sum and break down by them, sealed or not."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.events.columns import MAX_PROMOTED
from gaugeboard.events.segments import seal_tail
from gaugeboard.store.events import live_segments
from tests.conftest import state

MOMENT = 1772452800  # 2026-03-02 12:00 UTC
RANGE = {"start": "2026-03-01T00:00:00Z", "end": "2026-03-05T00:00:00Z"}
KEYS = MAX_PROMOTED + 100
LAST = f"k{KEYS - 1}"  # a key past the promoted ones


def events() -> list[dict[str, Any]]:
    """Each key appears on several events, so none is promoted ahead of the others; the
    last key (never promoted) carries a number, a plan and a flag on three events."""
    made: list[dict[str, Any]] = []
    for start in range(0, KEYS, 50):
        made.append({"_n": "wide", "_t": MOMENT, **{f"k{i}": i for i in range(start, start + 50)}})
    made += [
        {"_n": "buy", "_t": MOMENT, "_p": "a", LAST: 5, "plan": "pro"},
        {"_n": "buy", "_t": MOMENT, "_p": "b", LAST: 7, "plan": "pro"},
        {"_n": "buy", "_t": MOMENT, "_p": "c", "plan": "free"},
    ]
    return made


@pytest.fixture
def sealed(
    app: Flask, client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> dict[str, str]:
    answer = client.post(f"/e?_k={event_key}", json=events())
    assert answer.data == b"1"
    with state(app).database.sessions() as session:
        seal_tail(session, state(app).segments_dir)
    return auth_headers


def total(client: FlaskClient, headers: dict[str, str], **query: Any) -> Any:
    body = client.post(
        "/api/metric/query", json={"range": RANGE, "bucket": "day", **query}, headers=headers
    ).get_json()
    return body["series"][0]["total"]


def test_the_segment_records_that_some_keys_overflowed(app: Flask, sealed: dict[str, str]) -> None:
    with state(app).database.sessions() as session:
        columns = [segment.columns for segment in live_segments(session)]
    assert any(c.get("overflow") for c in columns)


def test_a_filter_on_an_overflowed_key_still_matches(
    client: FlaskClient, sealed: dict[str, str]
) -> None:
    where = [{"field": LAST, "op": ">", "value": 6}]
    assert total(client, sealed, event="buy", filters=where) == 1


def test_a_sum_of_an_overflowed_key_adds_its_values(
    client: FlaskClient, sealed: dict[str, str]
) -> None:
    assert total(client, sealed, event="buy", metric="sum", property=LAST) == 12


def test_is_set_on_an_overflowed_key_counts_the_events_having_it(
    client: FlaskClient, sealed: dict[str, str]
) -> None:
    where = [{"field": LAST, "op": "is_set"}]
    assert total(client, sealed, event="buy", filters=where) == 2
