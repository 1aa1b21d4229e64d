from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any]) -> dict[str, Any]:
    return {**settings_overrides, "MAX_REQUEST_BYTES": 1000}


def test_body_over_the_limit_is_413(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    body = {"name": "bob", "password": "x" * 2000, "role": "viewer"}
    response = client.post("/api/user", json=body, headers=auth_headers)
    assert (response.status_code, response.get_json()["code"]) == (413, "payload_too_large")


def test_body_over_the_limit_writes_nothing(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    client.post(
        "/api/user",
        json={"name": "bob", "password": "x" * 2000, "role": "viewer"},
        headers=auth_headers,
    )
    names = [
        user["name"] for user in client.get("/api/user", headers=auth_headers).get_json()["items"]
    ]
    assert "bob" not in names


def test_body_under_the_limit_is_accepted(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/user",
        json={"name": "bob", "password": "longenough", "role": "viewer"},
        headers=auth_headers,
    )
    assert response.status_code == 201
