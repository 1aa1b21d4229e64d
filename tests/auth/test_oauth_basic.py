"""HTTP Basic on API calls, plain and in ClicData's spelling (base64 of the client id and
base64(user:password)): checked like a sign-in, rate limited, logged, switchable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.auth.oauth_fixtures import b64, clicdata_basic, plain_basic
from tests.conftest import DEFAULT_PASSWORD

MakeClient = Callable[..., tuple[str, str]]
ME = "/api/user/me"


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any]) -> dict[str, Any]:
    return {**settings_overrides, "LOGIN_MAX_ATTEMPTS": 3}


@pytest.fixture
def ann(make_user: Callable[..., Any]) -> Any:
    return make_user("ann", role="editor")


def test_plain_basic_acts_as_the_user(client: FlaskClient, ann: Any) -> None:
    body = client.get(ME, headers=plain_basic("ann", DEFAULT_PASSWORD)).get_json()
    assert (body["user"]["name"], body["user"]["role"], body["via"]) == ("ann", "editor", "basic")


def test_clicdatas_spelling_without_a_client_id(client: FlaskClient, ann: Any) -> None:
    response = client.get(ME, headers=clicdata_basic("", "ann", DEFAULT_PASSWORD))
    assert response.get_json()["user"]["name"] == "ann"


def test_clicdatas_spelling_with_the_users_client_id(
    client: FlaskClient, ann: Any, make_client: MakeClient
) -> None:
    client_id, _secret = make_client(user_name="ann")
    response = client.get(ME, headers=clicdata_basic(client_id, "ann", DEFAULT_PASSWORD))
    assert response.get_json()["user"]["name"] == "ann"


def test_another_users_client_id_is_refused(
    client: FlaskClient, ann: Any, make_client: MakeClient
) -> None:
    client_id, _secret = make_client()
    response = client.get(ME, headers=clicdata_basic(client_id, "ann", DEFAULT_PASSWORD))
    assert response.status_code == 401


def test_a_revoked_client_id_is_refused(
    client: FlaskClient, ann: Any, make_client: MakeClient, auth_headers: dict[str, str]
) -> None:
    client_id, _secret = make_client(user_name="ann")
    client.delete(f"/api/oauth/client/{client_id}", headers=auth_headers)
    response = client.get(ME, headers=clicdata_basic(client_id, "ann", DEFAULT_PASSWORD))
    assert response.status_code == 401


def test_a_password_with_a_colon_is_kept_whole(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("cole", password="pass:word:with:colons")
    response = client.get(ME, headers=plain_basic("cole", "pass:word:with:colons"))
    assert response.status_code == 200


def test_a_wrong_password_is_401(client: FlaskClient, ann: Any) -> None:
    response = client.get(ME, headers=plain_basic("ann", "not the password"))
    assert (response.status_code, response.get_json()["error"]) == (
        401,
        "Invalid login credentials.",
    )


def test_an_unknown_user_gets_the_same_answer(client: FlaskClient) -> None:
    response = client.get(ME, headers=plain_basic("nobody", "whatever"))
    assert (response.status_code, response.get_json()["error"]) == (
        401,
        "Invalid login credentials.",
    )


def test_a_deactivated_user_is_refused(
    client: FlaskClient, ann: Any, auth_headers: dict[str, str]
) -> None:
    client.put("/api/user/ann", json={"active": False}, headers=auth_headers)
    assert client.get(ME, headers=plain_basic("ann", DEFAULT_PASSWORD)).status_code == 401


@pytest.mark.parametrize(
    "value",
    [
        "%%%",
        b64("no colon here"),
        "//79",
        b64("gbc_" + "0" * 32 + "not base64!"),
        b64(":pw"),
        b64("ann\x00:pw"),
        b64("gbc_\x00" + "0" * 31 + b64("ann:pw")),
    ],
    ids=[
        "not-base64",
        "no-colon",
        "not-utf8",
        "clicdata-inner-not-base64",
        "no-user",
        "nul-in-name",
        "nul-in-client-id",
    ],
)
def test_unreadable_credentials_are_401(client: FlaskClient, value: str) -> None:
    response = client.get(ME, headers={"Authorization": f"Basic {value}"})
    assert response.status_code == 401


def test_failures_are_rate_limited_like_logins(client: FlaskClient, ann: Any) -> None:
    for _ in range(3):
        client.get(ME, headers=plain_basic("ann", "not the password"))
    response = client.get(ME, headers=plain_basic("ann", DEFAULT_PASSWORD))
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0


def test_basic_failures_and_login_failures_share_the_count(client: FlaskClient, ann: Any) -> None:
    client.post("/login", json={"username": "ann", "password": "not the password"})
    client.post("/login", json={"username": "ann", "password": "not the password"})
    client.get(ME, headers=plain_basic("ann", "not the password"))
    assert (
        client.post("/login", json={"username": "ann", "password": DEFAULT_PASSWORD}).status_code
        == 429
    )


def test_a_good_call_clears_the_users_failures(client: FlaskClient, ann: Any) -> None:
    def call(address: str, password: str) -> int:
        environ = {"REMOTE_ADDR": address}
        return client.get(
            ME, headers=plain_basic("ann", password), environ_base=environ
        ).status_code

    tries = [
        call("10.0.0.1", "wrong one"),
        call("10.0.0.1", "wrong one"),
        call("10.0.0.2", DEFAULT_PASSWORD),
    ]
    tries += [
        call("10.0.0.3", "wrong one"),
        call("10.0.0.3", "wrong one"),
        call("10.0.0.4", DEFAULT_PASSWORD),
    ]
    assert tries == [401, 401, 200, 401, 401, 200]


def test_failures_are_logged_without_the_password(
    client: FlaskClient, ann: Any, auth_headers: dict[str, str]
) -> None:
    client.get(ME, headers=plain_basic("ann", "secret-guess-123"))
    response = client.get("/api/activity?action=login.failed", headers=auth_headers)
    items = response.get_json()["items"]
    assert [(item["target"], item["via"]) for item in items] == [("ann", "basic")]
    assert "secret-guess-123" not in response.get_data(as_text=True)


def test_a_viewer_cannot_do_admin_things(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("vera", role="viewer")
    body = {"name": "mallory", "password": "a long password", "role": "admin"}
    response = client.post("/api/user", json=body, headers=plain_basic("vera", DEFAULT_PASSWORD))
    assert response.status_code == 403


def test_changes_need_no_csrf_token(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    make_user("root", role="admin")
    body = {"name": "newbie", "password": "a long password", "role": "viewer"}
    response = client.post("/api/user", json=body, headers=plain_basic("root", DEFAULT_PASSWORD))
    assert response.status_code == 201


def test_a_cross_site_change_is_refused(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    make_user("root", role="admin")
    headers = {**plain_basic("root", DEFAULT_PASSWORD), "Origin": "https://evil.example"}
    body = {"name": "newbie", "password": "a long password", "role": "viewer"}
    response = client.post("/api/user", json=body, headers=headers)
    assert (response.status_code, response.get_json()["code"]) == (403, "csrf_failed")


def test_basic_can_be_turned_off(app_factory: Callable[..., Flask], ann: Any) -> None:
    closed = app_factory(BASIC_AUTH=False).test_client()
    response = closed.get(ME, headers=plain_basic("ann", DEFAULT_PASSWORD))
    assert response.status_code == 401 and "BASIC_AUTH" in response.get_json()["error"]


def test_an_unknown_scheme_is_401(client: FlaskClient) -> None:
    response = client.get(ME, headers={"Authorization": "Digest abc"})
    assert response.status_code == 401
