"""``GET /api/event/names``: tracked event names with counts, and one event's property keys,
read from the tail and the sealed segments alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.events.segments import seal_tail
from tests.conftest import state

EVENTS = [
    {"_n": "view", "_p": "ann", "_t": 1700000000, "page": "home"},
    {"_n": "view", "_p": "bob", "_t": 1700000100, "page": "pricing", "ref": "ad"},
    {"_n": "buy", "_p": "ann", "_t": 1700000200, "amount": 12.5, "plan": "pro"},
    {"_n": "view", "_p": "cy", "_t": 1700000300, "page": "docs"},
]


def seed(client: FlaskClient, key: str, app: Flask, sealed: bool) -> None:
    assert client.post(f"/e?_k={key}", json=EVENTS[:3]).data == b"1"
    if sealed:
        with state(app).database.sessions() as session:
            seal_tail(session, state(app).segments_dir)
    assert client.post(f"/e?_k={key}", json=EVENTS[3:]).data == b"1"


@pytest.fixture(params=["tail", "half_sealed"])
def seeded(
    request: pytest.FixtureRequest,
    app: Flask,
    client: FlaskClient,
    event_key: str,
    auth_headers: dict[str, str],
) -> dict[str, str]:
    seed(client, event_key, app, sealed=request.param == "half_sealed")
    return auth_headers


def catalog(client: FlaskClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get("/api/event/names", query_string=params, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, dict)
    return body


def test_names_with_counts_most_frequent_first(client: FlaskClient, seeded: dict[str, str]) -> None:
    names = catalog(client, seeded)["names"]
    assert [(n["name"], n["count"]) for n in names] == [("view", 3), ("buy", 1)]


def test_names_carry_when_last_seen(client: FlaskClient, seeded: dict[str, str]) -> None:
    names = {n["name"]: n["last_seen"] for n in catalog(client, seeded)["names"]}
    assert names["buy"] == "2023-11-14T22:16:40Z"


def test_property_keys_of_one_event(client: FlaskClient, seeded: dict[str, str]) -> None:
    body = catalog(client, seeded, name="view")
    keys = [(p["key"], p["count"], p["types"]) for p in body["properties"]]
    assert (keys, body["sampled"]) == ([("page", 3, ["string"]), ("ref", 1, ["string"])], 3)


def test_property_types_are_reported(client: FlaskClient, seeded: dict[str, str]) -> None:
    properties = catalog(client, seeded, name="buy")["properties"]
    assert {p["key"]: p["types"] for p in properties} == {"amount": ["number"], "plan": ["string"]}


def test_unknown_event_has_no_properties(client: FlaskClient, seeded: dict[str, str]) -> None:
    assert catalog(client, seeded, name="nothing")["properties"] == []


def test_no_events_no_names(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    assert catalog(client, auth_headers)["names"] == []


def test_empty_name_is_refused_with_the_field_named(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.get("/api/event/names?name=", headers=auth_headers)
    assert (response.status_code, response.get_json()["errors"]) == (
        400,
        ["name: must be 1-255 characters"],
    )


def test_viewers_may_read_the_catalog(client: FlaskClient, make_token: Callable[..., str]) -> None:
    headers = {"Authorization": f"Bearer {make_token('viewer')}"}
    assert client.get("/api/event/names", headers=headers).status_code == 200


def test_anonymous_callers_are_refused(client: FlaskClient) -> None:
    assert client.get("/api/event/names").status_code == 401
