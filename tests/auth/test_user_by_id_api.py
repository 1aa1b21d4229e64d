"""``/api/user/{id}``: one user by id (or name) read, changed, deleted, and given a new
password; what a deletion takes with it and what it leaves; the last admin is kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import DEFAULT_PASSWORD, login, state
from tests.dashboards.api_helpers import bearer, create
from tests.datasets.helpers import sales

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def admin(make_user: Callable[..., Any], make_token: Callable[..., str]) -> dict[str, str]:
    make_user("boss", role="admin")
    return bearer(make_token(user_name="boss"))


def user_id(client: FlaskClient, admin: dict[str, str], name: str) -> int:
    found: int = client.get(f"/api/user/{name}", headers=admin).get_json()["user"]["id"]
    return found


def test_details_by_id_name_the_users_teams(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann", role="editor")
    client.post("/api/team", json={"name": "ops"}, headers=admin)
    client.post("/api/team/ops/user", json={"user_id": ann.id}, headers=admin)
    body = client.get(f"/api/user/{ann.id}", headers=admin).get_json()["user"]
    assert {key: body[key] for key in ("id", "name", "role", "active", "teams")} == {
        "id": ann.id,
        "name": "ann",
        "role": "editor",
        "active": True,
        "teams": ["ops"],
    }
    assert body["created_at"].endswith("Z") and body["last_login_at"] is None


def test_details_show_the_last_login(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann")
    login(client, "ann")
    body = client.get(f"/api/user/{ann.id}", headers=admin).get_json()["user"]
    assert body["last_login_at"].endswith("Z")


def test_an_unknown_id_is_404(client: FlaskClient, admin: dict[str, str]) -> None:
    response = client.get("/api/user/999", headers=admin)
    assert (response.status_code, response.get_json()["error"]) == (
        404,
        "user: no user with the id 999",
    )


def test_a_user_reads_themselves_but_not_others(
    client: FlaskClient, make_user: Callable[..., Any], make_token: Callable[..., str]
) -> None:
    ann = make_user("ann")
    bob = make_user("bob")
    headers = bearer(make_token(user_name="ann"))
    assert client.get(f"/api/user/{ann.id}", headers=headers).status_code == 200
    assert client.get(f"/api/user/{bob.id}", headers=headers).status_code == 403


def test_change_by_id_renames_and_sets_the_role(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann")
    body = {"name": "anna", "role": "editor"}
    user = client.put(f"/api/user/{ann.id}", json=body, headers=admin).get_json()["user"]
    assert (user["name"], user["role"]) == ("anna", "editor")
    assert client.get("/api/user/ann", headers=admin).status_code == 404


def test_a_rename_to_a_taken_name_is_409(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann")
    response = client.put(f"/api/user/{ann.id}", json={"name": "boss"}, headers=admin)
    assert (response.status_code, response.get_json()["error"]) == (
        409,
        "name: a user named 'boss' already exists",
    )


def test_a_name_of_digits_only_is_refused(client: FlaskClient, admin: dict[str, str]) -> None:
    body = {"name": "12345", "password": DEFAULT_PASSWORD, "role": "viewer"}
    response = client.post("/api/user", json=body, headers=admin)
    assert response.get_json()["errors"] == [
        "name: a name of digits only would read as a user id; add a letter"
    ]


def test_the_last_admin_is_not_demoted_by_id(client: FlaskClient, admin: dict[str, str]) -> None:
    boss = user_id(client, admin, "boss")
    response = client.put(f"/api/user/{boss}", json={"role": "viewer"}, headers=admin)
    assert response.status_code == 409
    assert "last active admin" in response.get_json()["error"]


def test_delete_removes_the_user(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann")
    response = client.delete(f"/api/user/{ann.id}", headers=admin)
    assert response.get_json() == {
        "ok": True,
        "deleted": {"id": ann.id, "name": "ann", "role": "viewer"},
    }
    assert client.get(f"/api/user/{ann.id}", headers=admin).status_code == 404


def test_a_deleted_users_token_and_session_stop_working(
    app: Flask,
    client: FlaskClient,
    admin: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    ann = make_user("ann", role="editor")
    token = bearer(make_token(user_name="ann"))
    browser = app.test_client()
    login(browser, "ann")
    client.delete(f"/api/user/{ann.id}", headers=admin)
    assert client.get("/api/user/me", headers=token).status_code == 401
    assert browser.get("/api/user/me").status_code == 401


def test_a_deleted_users_dashboards_stay_without_an_owner(
    client: FlaskClient,
    admin: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    ann = make_user("ann", role="editor")
    dashboard = create(client, bearer(make_token(user_name="ann")))
    client.delete(f"/api/user/{ann.id}", headers=admin)
    listed = client.get("/api/dashboard?recursive=1", headers=admin).get_json()["items"]
    assert [(item["id"], item["owner"]) for item in listed] == [(dashboard["id"], None)]


def test_a_deleted_users_data_sets_stay_without_an_owner(
    client: FlaskClient,
    admin: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    ann = make_user("ann", role="editor")
    dataset_id = sales(client, bearer(make_token(user_name="ann")))
    client.delete(f"/api/user/{ann.id}", headers=admin)
    body = client.get(f"/api/data/{dataset_id}/info", headers=admin).get_json()["dataset"]
    assert (body["owner"], body["row_count"]) == (None, 5)


def test_a_deleted_user_leaves_their_teams(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann")
    client.post("/api/team", json={"name": "ops"}, headers=admin)
    client.post("/api/team/ops/user", json={"user": "ann"}, headers=admin)
    client.delete(f"/api/user/{ann.id}", headers=admin)
    assert client.get("/api/team/ops", headers=admin).get_json()["team"]["members"] == []


def test_a_deleted_users_embed_links_stop(
    client: FlaskClient,
    admin: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    ann = make_user("ann", role="editor")
    headers = bearer(make_token(user_name="ann"))
    dashboard = create(client, headers)
    answer = client.post(
        f"/api/dashboard/{dashboard['id']}/embed", json={"label": "wall"}, headers=headers
    )
    secret = answer.get_json()["secret"]
    client.delete(f"/api/user/{ann.id}", headers=admin)
    response = client.get(f"/api/dashboard/{dashboard['id']}/data?embed_token={secret}")
    assert response.status_code == 401


def test_nobody_deletes_themselves(client: FlaskClient, admin: dict[str, str]) -> None:
    boss = user_id(client, admin, "boss")
    response = client.delete(f"/api/user/{boss}", headers=admin)
    assert (response.status_code, response.get_json()["error"]) == (
        409,
        "user: you cannot delete yourself; another admin can",
    )


def test_another_admin_can_be_deleted(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    other = make_user("other", role="admin")
    assert client.delete(f"/api/user/{other.id}", headers=admin).status_code == 200


def test_only_admins_delete_users(
    client: FlaskClient, make_user: Callable[..., Any], make_token: Callable[..., str]
) -> None:
    ann = make_user("ann")
    headers = bearer(make_token("editor"))
    assert client.delete(f"/api/user/{ann.id}", headers=headers).status_code == 403


def test_an_admin_sets_anyones_password(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann")
    response = client.put(
        f"/api/user/{ann.id}/password", json={"password": NEW_PASSWORD}, headers=admin
    )
    assert response.status_code == 200
    assert (
        client.post("/login", json={"username": "ann", "password": NEW_PASSWORD}).status_code == 200
    )


def test_a_user_sets_their_own_password_with_the_current_one(
    client: FlaskClient, make_user: Callable[..., Any], make_token: Callable[..., str]
) -> None:
    make_user("ann")
    headers = bearer(make_token(user_name="ann"))
    body = {"password": NEW_PASSWORD, "current_password": DEFAULT_PASSWORD}
    assert client.put("/api/user/me/password", json=body, headers=headers).status_code == 200
    assert (
        client.post("/login", json={"username": "ann", "password": NEW_PASSWORD}).status_code == 200
    )


def test_a_wrong_current_password_is_refused(
    client: FlaskClient, make_user: Callable[..., Any], make_token: Callable[..., str]
) -> None:
    ann = make_user("ann")
    headers = bearer(make_token(user_name="ann"))
    body = {"password": NEW_PASSWORD, "current_password": "not the password at all"}
    response = client.put(f"/api/user/{ann.id}/password", json=body, headers=headers)
    assert (response.status_code, response.get_json()["error"]) == (
        403,
        "current_password: this is not your current password",
    )
    assert (
        client.post("/login", json={"username": "ann", "password": NEW_PASSWORD}).status_code == 401
    )


def test_own_password_needs_the_current_one(
    client: FlaskClient, make_user: Callable[..., Any], make_token: Callable[..., str]
) -> None:
    make_user("ann")
    headers = bearer(make_token(user_name="ann"))
    response = client.put(
        "/api/user/ann/password", json={"password": NEW_PASSWORD}, headers=headers
    )
    assert (response.status_code, response.get_json()["errors"]) == (
        400,
        ["current_password: is required to set your own password"],
    )


def test_guessing_the_current_password_is_rate_limited(
    app_factory: Callable[..., Flask], make_user: Callable[..., Any]
) -> None:
    app = app_factory(LOGIN_MAX_ATTEMPTS=2)
    with state(app).database.sessions() as session:
        from gaugeboard.auth.api_tokens import create_token
        from gaugeboard.auth.users import create_user

        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        session.commit()
        _token, secret = create_token(session, "ann", "test", 0)
        session.commit()
    client = app.test_client()
    body = {"password": NEW_PASSWORD, "current_password": "wrong guess number x"}
    codes = [
        client.put("/api/user/me/password", json=body, headers=bearer(secret)).status_code
        for _ in range(3)
    ]
    assert codes == [403, 403, 429]


def test_a_user_cannot_set_anothers_password(
    client: FlaskClient, make_user: Callable[..., Any], make_token: Callable[..., str]
) -> None:
    make_user("ann")
    bob = make_user("bob")
    headers = bearer(make_token(user_name="ann"))
    body = {"password": NEW_PASSWORD, "current_password": DEFAULT_PASSWORD}
    response = client.put(f"/api/user/{bob.id}/password", json=body, headers=headers)
    assert response.status_code == 403


def test_a_new_password_ends_the_users_sessions(
    app: Flask, client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann")
    browser = app.test_client()
    login(browser, "ann")
    client.put(f"/api/user/{ann.id}/password", json={"password": NEW_PASSWORD}, headers=admin)
    assert browser.get("/api/user/me").status_code == 401
