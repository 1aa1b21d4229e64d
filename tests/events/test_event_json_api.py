"""``POST /api/event``: per-item errors, all-or-nothing, idempotency, key states."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.events.helpers import listed


def test_named_format_is_stored(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    body = {
        "name": "Purchase",
        "person": "ann",
        "time": "2026-01-02T03:04:05Z",
        "properties": {"amount": 9.5},
    }
    response = client.post("/api/event", json=body, headers={"X-Event-Key": event_key})
    event = listed(client, auth_headers)[0]
    assert response.get_json()["stored"] == 1 and (event["timestamp"], event["properties"]) == (
        "2026-01-02T03:04:05Z",
        {"amount": 9.5},
    )


def test_every_bad_item_is_listed_with_its_index(client: FlaskClient, event_key: str) -> None:
    body = {"key": event_key, "events": [{"_n": "ok"}, {"_p": "x"}, {"_n": "y", "_t": "soon"}]}
    assert client.post("/api/event", json=body).get_json()["errors"] == [
        "events[1]._n: is required",
        "events[2]._t: must be Unix epoch seconds (a number)",
    ]


def test_nothing_is_stored_when_an_item_is_bad(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    client.post("/api/event", json={"key": event_key, "events": [{"_n": "ok"}, {"_p": "x"}]})
    assert listed(client, auth_headers) == []


def test_unknown_field_in_named_format_is_named(client: FlaskClient, event_key: str) -> None:
    response = client.post(f"/api/event?_k={event_key}", json={"name": "x", "colour": "red"})
    assert response.get_json()["errors"] == ["colour: unknown field"]


def test_retry_with_the_same_insert_id_is_stored_once(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    body = {"key": event_key, "events": [{"_n": "buy", "_id": "order-1"}]}
    client.post("/api/event", json=body)
    second = client.post("/api/event", json=body).get_json()
    assert (second["duplicates"], len(listed(client, auth_headers))) == (1, 1)


def test_repeat_inside_one_batch_is_stored_once(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    body = {
        "key": event_key,
        "events": [{"_n": "a", "insert_id": "1"}, {"_n": "a", "insert_id": "1"}],
    }
    client.post("/api/event", json=body)
    assert len(listed(client, auth_headers)) == 1


def test_unknown_key_is_told_apart_from_a_revoked_key(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    unknown = client.post("/api/event?_k=gbk_nope", json={"_n": "x"}).get_json()["error"]
    key_id = client.get("/api/event/key", headers=auth_headers).get_json()["items"][0]["id"]
    client.delete(f"/api/event/key/{key_id}", headers=auth_headers)
    client.application.extensions["gaugeboard"].key_cache.ttl_seconds = 0
    revoked = client.post(f"/api/event?_k={event_key}", json={"_n": "x"}).get_json()["error"]
    assert (unknown, revoked) == ("_k: unknown event key", "_k: this event key was revoked")


def test_empty_body_is_refused(client: FlaskClient, event_key: str) -> None:
    response = client.post(f"/api/event?_k={event_key}", data="", content_type="application/json")
    assert response.get_json()["code"] == "malformed_request"


def test_event_keys_are_admin_only(client: FlaskClient, make_token) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {make_token('editor')}"}
    assert client.post("/api/event/key", json={"name": "x"}, headers=headers).status_code == 403


def test_created_event_key_works_at_once(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    secret = client.post("/api/event/key", json={"name": "shop"}, headers=auth_headers).get_json()[
        "secret"
    ]
    assert client.get("/e", query_string={"_k": secret, "_n": "x"}).data == b"1"
