from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import ApiToken
from tests.conftest import login, state


def test_bearer_token_authenticates(client: FlaskClient, make_token: Callable[..., str]) -> None:
    secret = make_token("viewer")
    response = client.get("/api/user/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.get_json()["via"] == "token"


def test_token_scheme_authenticates(client: FlaskClient, make_token: Callable[..., str]) -> None:
    secret = make_token("viewer")
    response = client.get("/api/user/me", headers={"Authorization": f"token {secret}"})
    assert response.status_code == 200


def test_unknown_token_is_401(client: FlaskClient) -> None:
    response = client.get("/api/user/me", headers={"Authorization": "Bearer gbt_nope"})
    assert (response.status_code, response.get_json()["error"]) == (
        401,
        "Invalid, expired or revoked token.",
    )


def test_other_authorization_scheme_is_401(client: FlaskClient) -> None:
    response = client.get("/api/user/me", headers={"Authorization": "Basic YWRtaW46YWRtaW4="})
    assert response.status_code == 401


def test_revoked_token_is_401(client: FlaskClient, make_token: Callable[..., str]) -> None:
    headers = {"Authorization": f"Bearer {make_token('viewer')}"}
    token_id = client.get("/api/token", headers=headers).get_json()["items"][0]["id"]
    client.delete(f"/api/token/{token_id}", headers=headers)
    assert client.get("/api/user/me", headers=headers).status_code == 401


def test_expired_token_is_401(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    secret = make_token("viewer", days=1)
    with state(app).database.sessions() as session:
        session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    assert (
        client.get("/api/user/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_token_use_is_recorded(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    client.get("/api/user/me", headers={"Authorization": f"Bearer {make_token('viewer')}"})
    with state(app).database.sessions() as session:
        assert session.scalars(select(ApiToken.last_used_at)).one() is not None


def test_only_the_digest_of_a_token_is_stored(app: Flask, make_token: Callable[..., str]) -> None:
    secret = make_token("viewer")
    with state(app).database.sessions() as session:
        token = session.scalars(select(ApiToken)).one()
    assert secret not in (token.token_hash, token.prefix) and len(token.token_hash) == 64


def test_created_token_secret_is_returned_once(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    created = client.post("/api/token", json={"label": "laptop"}, headers=auth_headers).get_json()
    listed = client.get("/api/token", headers=auth_headers).get_data(as_text=True)
    assert created["secret"].startswith("gbt_") and created["secret"] not in listed


def test_token_requests_need_no_csrf_token(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post("/api/token", json={"label": "ci"}, headers=auth_headers)
    assert response.status_code == 201


def test_session_change_without_csrf_token_is_refused(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    login(client, "ann")
    assert client.post("/api/token", json={"label": "x"}).status_code == 403


def test_session_change_with_csrf_header_is_allowed(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    csrf = login(client, "ann")
    response = client.post("/api/token", json={"label": "x"}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201


def test_viewer_cannot_create_users(client: FlaskClient, make_token: Callable[..., str]) -> None:
    headers = {"Authorization": f"Bearer {make_token('viewer')}"}
    body = {"name": "eve", "password": "longenough", "role": "admin"}
    assert client.post("/api/user", json=body, headers=headers).status_code == 403


def test_user_cannot_revoke_someone_elses_token(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    owner = {"Authorization": f"Bearer {make_token('viewer')}"}
    other = {"Authorization": f"Bearer {make_token('viewer')}"}
    token_id = client.get("/api/token", headers=owner).get_json()["items"][0]["id"]
    assert client.delete(f"/api/token/{token_id}", headers=other).status_code == 404


def test_bad_token_on_a_public_page_is_ignored_until_the_caller_matters(
    client: FlaskClient,
) -> None:
    with client.get("/favicon.ico", headers={"Authorization": "Bearer gbt_nope"}) as response:
        assert response.status_code == 200
