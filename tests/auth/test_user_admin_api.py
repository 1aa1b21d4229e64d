"""``PUT /api/user/<name>``: admins change a user's role, reset a password, deactivate and
reactivate, and can never leave the server without an active admin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import DEFAULT_PASSWORD, login
from tests.dashboards.api_helpers import bearer

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def admin(make_user: Callable[..., Any], make_token: Callable[..., str]) -> dict[str, str]:
    make_user("boss", role="admin")
    return bearer(make_token(user_name="boss"))


def put(client: FlaskClient, headers: dict[str, str], name: str, body: Any) -> Any:
    return client.put(f"/api/user/{name}", json=body, headers=headers)


def test_role_is_changed(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    body = put(client, admin, "ann", {"role": "editor"}).get_json()
    assert body["user"]["role"] == "editor"


def test_new_role_applies_to_an_open_session(
    app: Flask, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    browser = app.test_client()
    login(browser, "ann")
    put(app.test_client(), admin, "ann", {"role": "admin"})
    assert browser.get("/api/user").status_code == 200


def test_unknown_role_is_refused(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = put(client, admin, "ann", {"role": "owner"})
    assert (response.status_code, response.get_json()["errors"]) == (
        400,
        ["role: must be one of admin, editor, viewer"],
    )


def test_password_reset_lets_the_new_password_in(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    put(client, admin, "ann", {"password": NEW_PASSWORD})
    response = client.post("/login", json={"username": "ann", "password": NEW_PASSWORD})
    assert response.status_code == 200


def test_password_reset_shuts_the_old_password_out(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    put(client, admin, "ann", {"password": NEW_PASSWORD})
    response = client.post("/login", json={"username": "ann", "password": DEFAULT_PASSWORD})
    assert response.status_code == 401


def test_password_reset_ends_open_sessions(
    app: Flask, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    browser = app.test_client()
    login(browser, "ann")
    put(app.test_client(), admin, "ann", {"password": NEW_PASSWORD})
    assert browser.get("/api/user/me").status_code == 401


def test_short_password_is_refused(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = put(client, admin, "ann", {"password": "short"})
    assert (response.status_code, response.get_json()["errors"]) == (
        400,
        ["password: must be at least 8 characters"],
    )


def test_deactivated_user_cannot_sign_in(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    put(client, admin, "ann", {"active": False})
    response = client.post("/login", json={"username": "ann", "password": DEFAULT_PASSWORD})
    assert response.status_code == 401


def test_deactivation_ends_sessions(
    app: Flask, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    browser = app.test_client()
    login(browser, "ann")
    put(app.test_client(), admin, "ann", {"active": False})
    assert browser.get("/api/user/me").status_code == 401


def test_deactivation_revokes_tokens_for_good(
    client: FlaskClient, admin: dict[str, str], make_token: Callable[..., str]
) -> None:
    headers = bearer(make_token("viewer", user_name=None))
    name = client.get("/api/user/me", headers=headers).get_json()["user"]["name"]
    put(client, admin, name, {"active": False})
    put(client, admin, name, {"active": True})
    assert client.get("/api/user/me", headers=headers).status_code == 401


def test_reactivated_user_signs_in_again(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    put(client, admin, "ann", {"active": False})
    body = put(client, admin, "ann", {"active": True}).get_json()
    response = client.post("/login", json={"username": "ann", "password": DEFAULT_PASSWORD})
    assert (body["user"]["active"], response.status_code) == (True, 200)


def test_last_admin_cannot_be_demoted(client: FlaskClient, admin: dict[str, str]) -> None:
    response = put(client, admin, "boss", {"role": "editor"})
    assert (response.status_code, response.get_json()["errors"]) == (
        409,
        ["role: 'boss' is the last active admin; make another admin first"],
    )


def test_last_admin_cannot_be_deactivated(client: FlaskClient, admin: dict[str, str]) -> None:
    response = put(client, admin, "boss", {"active": False})
    assert (response.status_code, client.get("/api/user", headers=admin).status_code) == (409, 200)


def test_an_admin_can_step_down_once_another_exists(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann", role="admin")
    assert put(client, admin, "boss", {"role": "viewer"}).status_code == 200


def test_inactive_admin_does_not_count_as_another(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann", role="admin")
    put(client, admin, "ann", {"active": False})
    assert put(client, admin, "boss", {"role": "viewer"}).status_code == 409


def test_unknown_user_is_404(client: FlaskClient, admin: dict[str, str]) -> None:
    response = put(client, admin, "nobody", {"role": "viewer"})
    assert (response.status_code, response.get_json()["error"]) == (
        404,
        "user: no user named 'nobody'",
    )


def test_unknown_and_bad_fields_are_all_named(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = put(client, admin, "ann", {"owner": "bob", "active": "no"})
    assert response.get_json()["errors"] == [
        "owner: cannot be changed here",
        "active: must be true or false",
    ]


def test_empty_change_is_refused(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = put(client, admin, "ann", {})
    assert response.get_json()["errors"] == [
        "body: give at least one of name, role, password, active, email"
    ]


def test_refused_change_changes_nothing(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    put(client, admin, "ann", {"role": "editor", "password": "short"})
    users = {
        u["name"]: u["role"] for u in client.get("/api/user", headers=admin).get_json()["items"]
    }
    assert users["ann"] == "viewer"


def test_editor_cannot_change_users(
    client: FlaskClient, make_token: Callable[..., str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = put(client, bearer(make_token("editor")), "ann", {"role": "admin"})
    assert response.status_code == 403


def test_change_is_logged_without_the_password(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    put(client, admin, "ann", {"role": "editor", "password": NEW_PASSWORD})
    log = client.get("/api/activity?action=user.update", headers=admin).get_json()["items"]
    assert (len(log), log[0]["detail"]["changed"], NEW_PASSWORD in repr(log)) == (
        1,
        ["password", "role"],
        False,
    )


def test_anonymous_caller_is_refused_before_the_body_is_checked(client: FlaskClient) -> None:
    response = client.put("/api/user/ann", json={"role": "owner"})
    assert response.status_code == 401


def test_null_is_not_a_change(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = put(client, admin, "ann", {"role": None, "active": None})
    assert response.get_json()["errors"] == [
        "role: must be one of admin, editor, viewer",
        "active: must be true or false",
    ]
