"""Bodies Python's JSON reader or the database would fail on are refused at the door with
the JSON error body, a 400 that names the field and the reason, and nothing stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from gaugeboard.flask_status import FlaskStatus
from tests.conftest import shutdown

BIG_INT = b'{"rule": "/", "name": ' + b"7" * 5000 + b"}"
BIG_INT_REASON = "body: not valid JSON (a number has more than 4300 digits)"
SURROGATE = "has a lone surrogate (U+D800) at position 1: not valid Unicode"


def post_raw(
    client: FlaskClient, url: str, body: bytes, headers: dict[str, str], method: str = "POST"
) -> TestResponse:
    return client.open(
        url, method=method, data=body, content_type="application/json", headers=headers
    )


def refusal(response: TestResponse) -> tuple[int, str, list[str]]:
    body = response.get_json()
    assert body["ok"] is False and body["status"] == response.status_code
    return response.status_code, body["code"], body["errors"]


@pytest.fixture
def flask_status_app(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    host = Flask("flask_status_host")
    FlaskStatus(host, overrides=settings_overrides)
    yield host
    shutdown(host)


def test_big_integer_on_the_dashboard_api_is_400(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = post_raw(client, "/api/dashboard", BIG_INT, auth_headers)
    assert refusal(response) == (400, "malformed_request", [BIG_INT_REASON])


def test_big_integer_on_flask_status_configure_is_400(
    flask_status_app: Flask, make_token: Callable[..., str]
) -> None:
    headers = {"Authorization": f"Bearer {make_token('admin')}"}
    client = flask_status_app.test_client()
    response = post_raw(client, "/flask-status/configure", BIG_INT, headers, method="PUT")
    assert refusal(response) == (400, "malformed_request", [BIG_INT_REASON])


def test_deep_nesting_on_login_is_400(client: FlaskClient) -> None:
    response = post_raw(client, "/login", b"[" * 10_000 + b"]" * 10_000, {})
    assert refusal(response) == (400, "malformed_request", ["body: nested too deeply"])


def test_nul_in_a_login_form_is_400(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    user = make_user()
    response = client.post(
        "/login",
        data={"username": f"{user.name}\x00", "password": "x"},
        headers={"Accept": "application/json"},
    )
    assert refusal(response) == (
        400,
        "validation_failed",
        ["username: has a NUL character at position 5, which cannot be stored"],
    )


def test_a_document_nested_past_the_limit_is_400_naming_where(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    text = (
        '{"title": "Deep", "name": "deep", "folder": "f", "widgets": [], "description": '
        + "[" * 300
        + "]" * 300
        + "}"
    )
    response = post_raw(client, "/api/dashboard", text.encode(), auth_headers)
    path = "description" + "[0]" * 99
    assert refusal(response) == (
        400,
        "validation_failed",
        [f"{path}: nested too deeply (more than 100 levels)"],
    )


def token_labels(client: FlaskClient, headers: dict[str, str]) -> list[str]:
    items = client.get("/api/token", headers=headers).get_json()["items"]
    return [item["label"] for item in items]


def test_lone_surrogate_in_a_token_label_is_400_naming_the_label(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    before = token_labels(client, auth_headers)
    response = post_raw(client, "/api/token", b'{"label": "a\\ud800"}', auth_headers)
    assert refusal(response) == (400, "validation_failed", [f"label: {SURROGATE}"])
    assert token_labels(client, auth_headers) == before


def test_nul_in_a_token_label_is_400(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    before = token_labels(client, auth_headers)
    response = client.post("/api/token", json={"label": "a\x00b"}, headers=auth_headers)
    assert refusal(response)[2] == [
        "label: has a NUL character at position 1, which cannot be stored"
    ]
    assert token_labels(client, auth_headers) == before


def incidents(client: FlaskClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/api/status/incident", headers=headers).get_json()[
        "items"
    ]
    return items


def test_lone_surrogate_in_an_incident_title_is_400_and_stores_nothing(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    body = b'{"title": "a\\ud800", "body": "fine"}'
    response = post_raw(client, "/api/status/incident", body, auth_headers)
    assert refusal(response) == (400, "validation_failed", [f"title: {SURROGATE}"])
    assert incidents(client, auth_headers) == []


def test_lone_surrogate_in_an_incident_update_is_400_and_stores_nothing(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    created = client.post("/api/status/incident", json={"title": "Down"}, headers=auth_headers)
    url = f"/api/status/incident/{created.get_json()['incident']['id']}/update"
    body = b'{"status": "identified", "body": "a\\ud800"}'
    response = post_raw(client, url, body, auth_headers)
    assert refusal(response) == (400, "validation_failed", [f"body: {SURROGATE}"])
    (incident,) = incidents(client, auth_headers)
    assert len(incident["updates"]) == 1


def test_lone_surrogate_in_a_key_is_named_escaped(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    body = b'{"title": "T", "name": "n", "folder": "f", "widgets": [{"\\udfff": 1}]}'
    response = post_raw(client, "/api/dashboard", body, auth_headers)
    assert refusal(response)[2] == [
        "widgets[0]: the key '\\udfff' has a lone surrogate (U+DFFF) at position 0: "
        "not valid Unicode"
    ]


def test_import_text_with_a_big_integer_is_400(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    text = '{"title": "T", "name": "n", "x": ' + "7" * 5000 + "}"
    body = {"files": [{"name": "big.json", "text": text}]}
    response = client.post("/api/dashboard/import", json=body, headers=auth_headers)
    assert refusal(response)[:2] == (400, "validation_failed")
    assert "a number has more than 4300 digits" in response.get_json()["error"]


def test_import_text_with_a_lone_surrogate_is_400(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    text = '{"title": "a\\ud800", "name": "n", "folder": "f", "widgets": []}'
    body = {"files": [{"name": "bad.json", "text": text}]}
    response = client.post("/api/dashboard/import", json=body, headers=auth_headers)
    assert refusal(response)[:2] == (400, "validation_failed")
    assert f"title: {SURROGATE}" in response.get_json()["error"]


def test_nul_in_a_url_path_is_400_naming_the_part(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.delete("/api/team/a%00", headers=auth_headers)
    assert refusal(response) == (
        400,
        "validation_failed",
        ["team (in the URL): has a NUL character at position 1, which cannot be stored"],
    )


def test_nul_in_a_page_url_is_400(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = client.get("/dashboards/a%00b", headers=auth_headers)
    assert response.status_code == 400
