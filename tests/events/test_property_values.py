"""``GET /api/event/property-values``: the most frequent values of a property in recent
events, for the query builder's filter suggestions; read from the tail and the sealed
segments alike, bounded, and refused to anonymous callers as the other event routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.events.catalog import MAX_VALUE_LENGTH
from gaugeboard.events.segments import seal_tail
from tests.conftest import state

EVENTS = [
    {"_n": "view", "_p": "ann", "_t": 1700000000, "page": "home", "n": 3},
    {"_n": "view", "_p": "bob", "_t": 1700000100, "page": "pricing", "n": 3},
    {"_n": "view", "_p": "cy", "_t": 1700000200, "page": "home", "beta": True},
    {"_n": "buy", "_p": "ann", "_t": 1700000300, "page": "checkout", "tags": ["a"]},
    {"_n": "view", "_p": "dee", "_t": 1700000400, "page": "Home page", "n": 2.5},
    {"_n": "view", "_p": "eve", "_t": 1700000500, "page": "x" * (MAX_VALUE_LENGTH + 1)},
]


@pytest.fixture(params=["tail", "half_sealed"])
def seeded(
    request: pytest.FixtureRequest,
    app: Flask,
    client: FlaskClient,
    event_key: str,
    auth_headers: dict[str, str],
) -> dict[str, str]:
    assert client.post(f"/e?_k={event_key}", json=EVENTS[:3]).data == b"1"
    if request.param == "half_sealed":
        with state(app).database.sessions() as session:
            seal_tail(session, state(app).segments_dir)
    assert client.post(f"/e?_k={event_key}", json=EVENTS[3:]).data == b"1"
    return auth_headers


def values(client: FlaskClient, headers: dict[str, str], **params: Any) -> list[tuple[str, int]]:
    response = client.get("/api/event/property-values", query_string=params, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [(item["value"], item["count"]) for item in response.get_json()["values"]]


def test_values_of_one_event_most_frequent_first(
    client: FlaskClient, seeded: dict[str, str]
) -> None:
    found = values(client, seeded, event="view", property="page")
    assert found == [("home", 2), ("Home page", 1), ("pricing", 1)]


def test_without_an_event_every_event_counts(client: FlaskClient, seeded: dict[str, str]) -> None:
    found = values(client, seeded, property="page")
    assert ("checkout", 1) in found and len(found) == 4


def test_numbers_and_booleans_come_as_filter_text(
    client: FlaskClient, seeded: dict[str, str]
) -> None:
    found = (values(client, seeded, property="n"), values(client, seeded, property="beta"))
    assert found == ([("3", 2), ("2.5", 1)], [("true", 1)])


def test_lists_and_objects_are_not_suggested(client: FlaskClient, seeded: dict[str, str]) -> None:
    assert values(client, seeded, event="buy", property="tags") == []


def test_values_too_long_to_suggest_are_left_out(
    client: FlaskClient, seeded: dict[str, str]
) -> None:
    found = values(client, seeded, property="page")
    assert all(len(value) <= MAX_VALUE_LENGTH for value, _ in found)


def test_q_keeps_values_containing_it_whatever_the_case(
    client: FlaskClient, seeded: dict[str, str]
) -> None:
    assert values(client, seeded, property="page", q="HOME") == [("home", 2), ("Home page", 1)]


def test_limit_cuts_the_list(client: FlaskClient, seeded: dict[str, str]) -> None:
    assert values(client, seeded, event="view", property="page", limit=1) == [("home", 2)]


def test_a_filter_field_name_is_understood(client: FlaskClient, seeded: dict[str, str]) -> None:
    found = values(client, seeded, event="view", property="properties.page", limit=1)
    assert found == [("home", 2)]


def test_unknown_property_has_no_values(client: FlaskClient, seeded: dict[str, str]) -> None:
    assert values(client, seeded, property="nothing") == []


def test_answer_says_how_many_events_were_read(client: FlaskClient, seeded: dict[str, str]) -> None:
    response = client.get("/api/event/property-values?event=view&property=page", headers=seeded)
    body = response.get_json()
    assert (body["ok"], body["name"], body["property"], body["sampled"]) == (
        True,
        "view",
        "page",
        5,
    )


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("", "property: "),
        ("property=", "property: "),
        ("property=page&limit=101", "limit: "),
        ("property=page&limit=zero", "limit: "),
        ("property=page&event=", "event: must be 1-255 characters"),
        (f"property=page&q={'q' * (MAX_VALUE_LENGTH + 1)}", "q: "),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(
    client: FlaskClient, auth_headers: dict[str, str], query: str, error: str
) -> None:
    response = client.get(f"/api/event/property-values?{query}", headers=auth_headers)
    body = response.get_json()
    assert (response.status_code, body["errors"][0].startswith(error)) == (400, True), body


def test_viewers_may_read_values(client: FlaskClient, make_token: Callable[..., str]) -> None:
    headers = {"Authorization": f"Bearer {make_token('viewer')}"}
    response = client.get("/api/event/property-values?property=page", headers=headers)
    assert response.status_code == 200


def test_anonymous_callers_are_refused(client: FlaskClient) -> None:
    assert client.get("/api/event/property-values?property=page").status_code == 401
