"""``GET /events``: newest first, filters, pagination, access."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.events.helpers import listed


def seed(client: FlaskClient, key: str) -> None:
    events = [
        {"_n": "view", "_p": "ann", "_t": 1700000000, "page": "home"},
        {"_n": "view", "_p": "bob", "_t": 1700000100, "page": "pricing"},
        {"_n": "buy", "_p": "ann", "_t": 1700000200, "plan": "pro"},
    ]
    assert client.post(f"/e?_k={key}", json=events).data == b"1"


def test_newest_first(client: FlaskClient, event_key: str, auth_headers: dict[str, str]) -> None:
    seed(client, event_key)
    assert [e["time"] for e in listed(client, auth_headers)] == [1700000200, 1700000100, 1700000000]


def test_name_filter(client: FlaskClient, event_key: str, auth_headers: dict[str, str]) -> None:
    seed(client, event_key)
    assert [e["name"] for e in listed(client, auth_headers, name="buy")] == ["buy"]


def test_person_filter(client: FlaskClient, event_key: str, auth_headers: dict[str, str]) -> None:
    seed(client, event_key)
    assert len(listed(client, auth_headers, person="ann")) == 2


def test_before_and_after_are_exclusive(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    seed(client, event_key)
    items = listed(client, auth_headers, after=1700000000, before=1700000200)
    assert [e["time"] for e in items] == [1700000100]


def test_property_filter(client: FlaskClient, event_key: str, auth_headers: dict[str, str]) -> None:
    seed(client, event_key)
    assert [e["person"] for e in listed(client, auth_headers, plan="pro")] == ["ann"]


def test_property_named_like_a_parameter_is_filtered_with_a_prefix(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    seed(client, event_key)
    items = listed(client, auth_headers, **{"properties.page": "pricing"})
    assert [e["person"] for e in items] == ["bob"]


def test_limit_and_page(client: FlaskClient, event_key: str, auth_headers: dict[str, str]) -> None:
    seed(client, event_key)
    body = client.get("/events?limit=2&page=2", headers=auth_headers).get_json()
    assert ([e["time"] for e in body["items"]], body["next"]) == ([1700000000], None)


def test_next_page_is_announced(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    seed(client, event_key)
    assert client.get("/events?limit=2", headers=auth_headers).get_json()["next"] == 2


def test_default_limit_is_25(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    client.post(f"/e?_k={event_key}", json=[{"_n": "x"}] * 30)
    assert len(listed(client, auth_headers)) == 25


def test_limit_over_1000_is_refused_with_the_field_named(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.get("/events?limit=1001&before=soon", headers=auth_headers)
    assert response.get_json()["errors"] == [
        "before: must be Unix epoch seconds (a number)",
        "limit: must be between 1 and 1000",
    ]


def test_listing_needs_a_login(client: FlaskClient) -> None:
    assert client.get("/events").get_json()["status"] == 401
