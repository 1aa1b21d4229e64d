"""Text that is not valid Unicode (a lone surrogate, which JSON's ``\\ud800`` escape decodes
to) is refused at validation, naming the field: the tail's serialiser cannot store it, and it
once failed every other request of its group commit. So is a NUL where the database or the
event view cannot take one (an insert id, a property name)."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.errors import ValidationFailed
from gaugeboard.events.validation import parse_events
from gaugeboard.store.events import tail_count
from tests.conftest import state
from tests.events.helpers import listed
from tests.events.test_tracking_fast_path import fast_path

LONE = "\ud800"

# Each place a string reaches the tail, with the field the refusal must name.
POISONED: list[tuple[dict[str, Any], str]] = [
    ({"_n": LONE}, "_n"),
    ({"_n": "ok", "_p": f"ann{LONE}"}, "_p"),
    ({"_n": "ok", f"plan{LONE}": "pro"}, "'plan\\ud800'"),
    ({"_n": "ok", "plan": f"pro{LONE}"}, "plan"),
    ({"_n": "ok", "plan": "x" * 3000 + LONE}, "plan"),
    ({"_n": "ok", "cart": {"items": [{"sku": LONE}]}}, "cart"),
    ({"_n": "ok", "cart": {LONE: 1}}, "cart"),
    ({"_n": "ok", "_id": f"order-{LONE}"}, "_id"),
]
IDS = ["name", "person", "property-key", "property-value", "long-value", "nested", "nested-key"]
IDS.append("insert-id")


def json_text(value: Any) -> bytes:
    """JSON with every non-ASCII character escaped, as Python's json module writes it: the
    lone surrogate travels as the six characters ``\\ud800``."""
    import json

    return json.dumps(value).encode()


def encode_d(value: Any) -> str:
    return base64.b64encode(json_text(value)).decode()


def stored(app: Flask) -> int:
    with state(app).database.sessions() as session:
        return tail_count(session)


@pytest.mark.parametrize(("event", "field"), POISONED, ids=IDS)
def test_validation_names_the_field(event: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_events([event])
    assert refused.value.errors == [f"{field}: must be valid Unicode (no lone surrogates)"]


def test_the_fast_validation_path_refuses_it_too() -> None:
    clean = [{"_n": "view", "_p": "ann", "plan": "pro"}] * 3
    with pytest.raises(ValidationFailed, match=r"events\[3\]\._n: must be valid Unicode"):
        parse_events([*clean, {"_n": f"view{LONE}", "_p": "ann", "plan": "pro"}])


def test_valid_astral_characters_are_accepted() -> None:
    (record,) = parse_events([{"_n": "ok 😀", "_p": "ann 😀", "😀": "😀", "n": {"😀": ["😀"]}}])
    assert (record.name, record.properties["😀"]) == ("ok 😀", "😀")


@pytest.mark.parametrize(("event", "field"), POISONED, ids=IDS)
def test_d_with_a_lone_surrogate_answers_0_with_400(
    app: Flask, client: FlaskClient, event_key: str, event: dict[str, Any], field: str
) -> None:
    answer = client.get("/e", query_string={"_k": event_key, "_d": encode_d(event)})
    assert (answer.status_code, answer.data, stored(app)) == (400, b"0", 0)


def test_a_form_post_of_d_with_a_lone_surrogate_answers_0_with_400(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    answer = client.post("/e", data={"_k": event_key, "_d": encode_d({"_n": LONE})})
    assert (answer.status_code, answer.data, stored(app)) == (400, b"0", 0)


def test_a_json_post_to_e_with_a_lone_surrogate_answers_0_with_400(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    body = json_text([{"_n": "ok"}, {"_n": LONE}])
    answer = client.post(f"/e?_k={event_key}", data=body, content_type="application/json")
    assert (answer.status_code, answer.data, stored(app)) == (400, b"0", 0)


def test_the_fast_path_leaves_a_lone_surrogate_to_the_view(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    client.get("/e", query_string={"_k": event_key, "_n": "first"})  # teaches the fast path
    fast = fast_path(app)
    assert fast is not None and fast.headers is not None
    answer = client.get("/e", query_string={"_k": event_key, "_d": encode_d({"_n": LONE})})
    assert (answer.status_code, answer.data, stored(app), fast.answered) == (400, b"0", 1, 0)


def test_the_pixel_does_not_store_a_lone_surrogate(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    answer = client.get("/e.gif", query_string={"_k": event_key, "_d": encode_d({"_n": LONE})})
    assert (answer.headers["X-Gaugeboard-Stored"], stored(app)) == ("0", 0)


@pytest.mark.parametrize(("event", "field"), POISONED, ids=IDS)
def test_api_event_names_the_field_with_400(
    app: Flask, client: FlaskClient, event_key: str, event: dict[str, Any], field: str
) -> None:
    body = json_text({"key": event_key, "events": [{"_n": "clean"}, event]})
    answer = client.post("/api/event", data=body, content_type="application/json")
    assert (answer.status_code, answer.get_json()["errors"], stored(app)) == (
        400,
        [f"events[1].{field}: must be valid Unicode (no lone surrogates)"],
        0,
    )


def test_api_event_named_format_is_refused_with_400(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    body = json_text({"name": "buy", "person": LONE, "properties": {"note": LONE}})
    answer = client.post(f"/api/event?_k={event_key}", data=body, content_type="application/json")
    assert (answer.status_code, answer.get_json()["errors"], stored(app)) == (
        400,
        [
            "_p: must be valid Unicode (no lone surrogates)",
            "note: must be valid Unicode (no lone surrogates)",
        ],
        0,
    )


def test_api_event_with_raw_surrogate_bytes_is_refused_with_400(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    body = b'{"_n": "\xed\xa0\x80"}'  # the surrogate encoded as if it were a character
    answer = client.post(f"/api/event?_k={event_key}", data=body, content_type="application/json")
    assert (answer.status_code, answer.get_json()["errors"], stored(app)) == (
        400,
        ["_n: must be valid Unicode (no lone surrogates)"],
        0,
    )


def test_api_event_unknown_field_with_a_lone_surrogate_is_named_safely(
    client: FlaskClient, event_key: str
) -> None:
    body = json_text({"name": "buy", LONE: 1})
    answer = client.post(f"/api/event?_k={event_key}", data=body, content_type="application/json")
    assert (answer.status_code, answer.get_json()["errors"]) == (
        400,
        ["'\\ud800': unknown field"],
    )


def test_api_event_key_with_a_lone_surrogate_is_refused_with_400(client: FlaskClient) -> None:
    body = json_text({"key": f"gbk_{LONE}", "events": [{"_n": "ok"}]})
    answer = client.post("/api/event", data=body, content_type="application/json")
    assert (answer.status_code, answer.get_json()["errors"]) == (
        400,
        ["key: must be valid Unicode (no lone surrogates)"],
    )


@pytest.mark.parametrize(
    ("event", "problem"),
    [
        ({"_n": "ok", "_id": "order\x00"}, "_id: must not contain NUL characters"),
        ({"_n": "ok", "k\x00": 1}, "'k\\x00': property names must not contain NUL characters"),
    ],
    ids=["insert-id", "property-name"],
)
def test_a_nul_where_it_cannot_be_stored_answers_0_with_400(
    app: Flask,
    client: FlaskClient,
    event_key: str,
    auth_headers: dict[str, str],
    event: dict[str, Any],
    problem: str,
) -> None:
    client.get("/e", query_string={"_k": event_key, "_n": "before"})
    body = json_text([event])
    answer = client.post(f"/e?_k={event_key}", data=body, content_type="application/json")
    with pytest.raises(ValidationFailed) as refused:
        parse_events([event])
    assert (answer.status_code, answer.data, refused.value.errors) == (400, b"0", [problem])
    assert [event["name"] for event in listed(client, auth_headers)] == ["before"]


def test_nul_in_names_and_values_is_stored_as_text(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    event = {"_n": "a\x00b", "_p": "p\x00", "note": "v\x00", "cart": {"k\x00": ["\x00"]}}
    body = json_text([event])
    client.post(f"/e?_k={event_key}", data=body, content_type="application/json")
    (listed_event,) = listed(client, auth_headers)
    assert (listed_event["name"], listed_event["properties"]) == (
        "a\x00b",
        {"note": "v\x00", "cart": {"k\x00": ["\x00"]}},
    )
