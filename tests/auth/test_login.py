from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import LoginSession
from tests.conftest import DEFAULT_PASSWORD, login, state


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any]) -> dict[str, Any]:
    return {**settings_overrides, "LOGIN_MAX_ATTEMPTS": 3}


def test_form_login_redirects_to_next(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    make_user("ann")
    response = client.post(
        "/login", data={"username": "ann", "password": DEFAULT_PASSWORD, "next": "/dashboards/x"}
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/dashboards/x")


def test_session_cookie_is_http_only_and_same_site(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = client.post("/login", data={"username": "ann", "password": DEFAULT_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_refuses_an_offsite_next(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    make_user("ann")
    response = client.post(
        "/login", data={"username": "ann", "password": DEFAULT_PASSWORD, "next": "//evil.example/"}
    )
    assert response.headers["Location"] == "/"


def test_json_login_returns_user_and_csrf_token(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann", role="editor")
    body = client.post("/login", json={"username": "ann", "password": DEFAULT_PASSWORD}).get_json()
    assert body["user"]["role"] == "editor" and len(body["csrf_token"]) > 20


def test_session_authenticates_later_requests(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    login(client, "ann")
    assert client.get("/api/user/me").get_json()["user"]["name"] == "ann"


def test_wrong_password_is_401_with_a_generic_message(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = client.post("/login", json={"username": "ann", "password": "wrong-password"})
    assert (response.status_code, response.get_json()["error"]) == (
        401,
        "Invalid login credentials.",
    )


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client: FlaskClient) -> None:
    response = client.post("/login", json={"username": "ghost", "password": "whatever1"})
    assert (response.status_code, response.get_json()["error"]) == (
        401,
        "Invalid login credentials.",
    )


def test_form_login_failure_shows_the_form_again(client: FlaskClient) -> None:
    response = client.post("/login", data={"username": "ghost", "password": "whatever1"})
    assert response.status_code == 401 and "Invalid login credentials." in response.get_data(
        as_text=True
    )


def test_missing_fields_are_named(client: FlaskClient) -> None:
    response = client.post("/login", json={})
    assert response.get_json()["errors"] == ["username: is required", "password: is required"]


def test_too_many_failures_get_429_with_retry_after(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    for _ in range(3):
        client.post("/login", json={"username": "ann", "password": "wrong-password"})
    response = client.post("/login", json={"username": "ann", "password": "wrong-password"})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0


def test_locked_out_user_cannot_log_in_even_with_the_right_password(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    for _ in range(3):
        client.post("/login", json={"username": "ann", "password": "wrong-password"})
    response = client.post("/login", json={"username": "ann", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429


def test_cross_site_login_post_is_refused(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = client.post(
        "/login",
        data={"username": "ann", "password": DEFAULT_PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_logout_without_csrf_token_is_refused(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    login(client, "ann")
    response = client.post("/logout", json={})
    assert (response.status_code, response.get_json()["code"]) == (403, "csrf_failed")


def test_logout_ends_the_session(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    make_user("ann")
    csrf = login(client, "ann")
    client.post("/logout", json={}, headers={"X-CSRF-Token": csrf})
    assert client.get("/api/user/me").status_code == 401


def test_form_logout_redirects_to_login(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    make_user("ann")
    csrf = login(client, "ann")
    response = client.post("/logout", data={"csrf_token": csrf})
    assert (response.status_code, response.headers["Location"]) == (302, "/login")


def test_expired_session_is_not_accepted(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    login(client, "ann")
    with state(app).database.sessions() as session:
        session.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    assert client.get("/api/user/me").status_code == 401


def test_login_page_is_a_form(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'name="username"' in page and 'type="password"' in page


def test_unauthenticated_page_redirects_to_login(client: FlaskClient) -> None:
    response = client.get("/dashboards/", headers={"Accept": "text/html"})
    assert response.headers["Location"] == "/login?next=/dashboards/"
