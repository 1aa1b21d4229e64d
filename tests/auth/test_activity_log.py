"""The activity log: every change records one entry with its actor and target, in the
transaction of the change, and only admins can read it back, filtered and paged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from gaugeboard.store.activity_models import ActivityEntry
from tests.conftest import DEFAULT_PASSWORD, login, state
from tests.dashboards.api_helpers import bearer, create, update


@pytest.fixture
def admin(make_user: Callable[..., Any], make_token: Callable[..., str]) -> dict[str, str]:
    """An admin named ``boss`` and the headers of their API token."""
    make_user("boss", role="admin")
    return bearer(make_token(user_name="boss"))


def entries(app: Flask, action: str | None = None) -> list[ActivityEntry]:
    query = select(ActivityEntry).order_by(ActivityEntry.id)
    if action is not None:
        query = query.where(ActivityEntry.action == action)
    with state(app).database.sessions() as session:
        return list(session.scalars(query).all())


def only(app: Flask, action: str) -> tuple[str, str, str]:
    """The one entry of ``action`` as (actor, via, target); fails when there are others."""
    found = entries(app, action)
    assert len(found) == 1, [(e.action, e.target) for e in entries(app)]
    return found[0].actor_name, found[0].via, found[0].target


def test_user_create_is_recorded(app: Flask, client: FlaskClient, admin: dict[str, str]) -> None:
    body = {"name": "ann", "password": DEFAULT_PASSWORD, "role": "editor"}
    client.post("/api/user", json=body, headers=admin)
    assert only(app, "user.create") == ("boss", "token", "ann")


def test_user_create_detail_holds_no_password(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    body = {"name": "ann", "password": DEFAULT_PASSWORD, "role": "editor"}
    client.post("/api/user", json=body, headers=admin)
    assert entries(app, "user.create")[0].detail == {"role": "editor"}


def test_token_create_and_revoke_are_recorded(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    token = client.post("/api/token", json={"label": "ci"}, headers=admin).get_json()
    client.delete(f"/api/token/{token['token']['id']}", headers=admin)
    target = f"token {token['token']['id']} of boss"
    assert (only(app, "token.create"), only(app, "token.revoke")) == (
        ("boss", "token", target),
        ("boss", "token", target),
    )


def test_token_secret_never_reaches_the_log(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    secret = client.post("/api/token", json={"label": "ci"}, headers=admin).get_json()["secret"]
    log = client.get("/api/activity", headers=admin).get_data(as_text=True)
    assert secret not in log and "token.create" in log


def test_event_key_create_and_revoke_are_recorded(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    key = client.post("/api/event/key", json={"name": "web"}, headers=admin).get_json()
    client.delete(f"/api/event/key/{key['key']['id']}", headers=admin)
    assert (only(app, "key.create"), only(app, "key.revoke")) == (
        ("boss", "token", "web"),
        ("boss", "token", "web"),
    )


def test_embed_create_and_revoke_are_recorded(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    dashboard = create(client, admin)
    url = f"/api/dashboard/{dashboard['id']}/embed"
    embed = client.post(url, json={"label": "wall"}, headers=admin).get_json()
    client.delete(f"/api/embed/{embed['embed']['id']}", headers=admin)
    target = "team/reports/sales"
    assert (only(app, "embed.create")[2], only(app, "embed.revoke")[2]) == (target, target)


def test_team_changes_are_recorded(
    app: Flask, client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    client.post("/api/team", json={"name": "ops"}, headers=admin)
    client.put("/api/team/ops/members", json={"users": ["ann"]}, headers=admin)
    client.delete("/api/team/ops", headers=admin)
    recorded = [(e.action, e.target) for e in entries(app) if e.action.startswith("team.")]
    assert recorded == [("team.create", "ops"), ("team.members", "ops"), ("team.delete", "ops")]


def test_permission_set_is_recorded_with_the_grants(
    app: Flask, client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    grants = {"grants": [{"user": "ann", "role": "editor"}]}
    client.put("/api/permission?folder=team/x", json=grants, headers=admin)
    entry = entries(app, "permission.set")[0]
    assert (entry.target, entry.detail) == (
        "team/x",
        {"grants": [{"user": "ann", "role": "editor"}]},
    )


def test_dashboard_lifecycle_is_recorded(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    dashboard = create(client, admin)
    update(client, admin, dashboard, title="Sales 2")
    client.post(f"/api/dashboard/{dashboard['id']}/clone", headers=admin)
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=admin)
    client.post(f"/api/dashboard/{dashboard['id']}/restore", headers=admin)
    client.post(f"/api/dashboard/{dashboard['id']}/versions/1/restore", headers=admin)
    actions = [e.action for e in entries(app) if e.action.startswith("dashboard.")]
    assert actions == [
        "dashboard.create",
        "dashboard.update",
        "dashboard.clone",
        "dashboard.delete",
        "dashboard.restore",
        "dashboard.restore",
    ]


def test_login_and_logout_are_recorded(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    csrf = login(client, "ann")
    client.post("/logout", headers={"X-CSRF-Token": csrf}, json={})
    assert (only(app, "login"), only(app, "logout")) == (
        ("ann", "session", "ann"),
        ("ann", "session", "ann"),
    )


def test_failed_login_is_recorded_without_the_password(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    client.post("/login", json={"username": "ann", "password": "wrong password!"})
    entry = entries(app, "login.failed")[0]
    assert (entry.actor_name, entry.actor_id, "wrong password!" in repr(entry.detail)) == (
        "ann",
        None,
        False,
    )


def test_refused_change_records_nothing(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    client.post("/api/team", json={"name": "ops"}, headers=admin)
    refused = client.post("/api/team", json={"name": "ops"}, headers=admin)
    assert (refused.status_code, len(entries(app, "team.create"))) == (409, 1)


def test_invalid_change_records_nothing(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    body = {"name": "x", "password": "short", "role": "no"}
    refused = client.post("/api/user", json=body, headers=admin)
    assert (refused.status_code, entries(app, "user.create")) == (400, [])


def test_failed_login_with_an_unknown_name_keeps_no_name(app: Flask, client: FlaskClient) -> None:
    client.post("/login", json={"username": "hunter2-oops", "password": "x"})
    assert entries(app, "login.failed")[0].actor_name == "(unknown user)"


def test_conflicting_dashboard_save_records_nothing(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    dashboard = create(client, admin)
    update(client, admin, dashboard, title="First")
    stale = update(client, admin, dashboard, title="Stale")
    assert (stale.status_code, len(entries(app, "dashboard.update"))) == (409, 1)


def test_viewer_cannot_read_the_log(client: FlaskClient, make_token: Callable[..., str]) -> None:
    response = client.get("/api/activity", headers=bearer(make_token("viewer")))
    assert response.status_code == 403


def test_editor_cannot_read_the_log(client: FlaskClient, make_token: Callable[..., str]) -> None:
    response = client.get("/api/activity", headers=bearer(make_token("editor")))
    assert response.status_code == 403


def _three_teams(client: FlaskClient, admin: dict[str, str]) -> None:
    for name in ("a", "b", "c"):
        client.post("/api/team", json={"name": name}, headers=admin)


def test_log_is_newest_first(client: FlaskClient, admin: dict[str, str]) -> None:
    _three_teams(client, admin)
    items = client.get("/api/activity?action=team.create", headers=admin).get_json()["items"]
    assert [item["target"] for item in items] == ["c", "b", "a"]


def test_log_pages(client: FlaskClient, admin: dict[str, str]) -> None:
    _three_teams(client, admin)
    body = client.get("/api/activity?action=team.create&limit=2&page=2", headers=admin).get_json()
    assert ([i["target"] for i in body["items"]], body["total"], body["next"]) == (["a"], 3, None)


def test_first_page_links_the_next(client: FlaskClient, admin: dict[str, str]) -> None:
    _three_teams(client, admin)
    body = client.get("/api/activity?action=team.create&limit=2", headers=admin).get_json()
    assert body["next"] == 2


def test_filter_by_actor(
    client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    _three_teams(client, admin)
    login(client, "ann")
    items = client.get("/api/activity?actor=ann", headers=admin).get_json()["items"]
    assert [(i["actor"], i["action"]) for i in items] == [("ann", "login")]


def test_filter_by_time_window(client: FlaskClient, admin: dict[str, str]) -> None:
    _three_teams(client, admin)
    items = client.get("/api/activity", headers=admin).get_json()["items"]
    middle = items[1]["at"]
    since = client.get(f"/api/activity?since={middle}", headers=admin).get_json()["items"]
    until = client.get(f"/api/activity?until={middle}", headers=admin).get_json()["items"]
    assert (since[-1]["at"] >= middle, until[0]["at"] <= middle) == (True, True)


def test_since_accepts_epoch_seconds(client: FlaskClient, admin: dict[str, str]) -> None:
    _three_teams(client, admin)
    future = client.get("/api/activity?since=4102444800", headers=admin).get_json()
    past = client.get("/api/activity?since=0", headers=admin).get_json()
    assert (future["total"], past["total"]) == (0, 3)


@pytest.mark.parametrize("field", ["since", "until"])
def test_bad_time_names_the_field(client: FlaskClient, admin: dict[str, str], field: str) -> None:
    response = client.get(f"/api/activity?{field}=yesterday", headers=admin)
    assert (response.status_code, response.get_json()["errors"]) == (
        400,
        [f"{field}: must be an ISO 8601 time or epoch seconds"],
    )


def test_bad_limit_names_the_field(client: FlaskClient, admin: dict[str, str]) -> None:
    response = client.get("/api/activity?limit=0", headers=admin)
    assert (response.status_code, response.get_json()["errors"]) == (
        400,
        ["limit: must be between 1 and 500"],
    )


def test_entry_outlives_its_user(app: Flask, client: FlaskClient, admin: dict[str, str]) -> None:
    body = {"name": "ann", "password": DEFAULT_PASSWORD, "role": "admin"}
    client.post("/api/user", json=body, headers=admin)
    with state(app).database.sessions() as session:
        from gaugeboard.store.user_models import User

        session.delete(session.scalars(select(User).where(User.name == "boss")).one())
        session.commit()
        count = session.scalar(select(func.count()).select_from(ActivityEntry))
        entry = session.scalars(select(ActivityEntry)).one()
    assert (count, entry.actor_name, entry.actor_id) == (1, "boss", None)


def test_cli_user_create_is_recorded_as_cli(app: Flask, runner: Callable[..., Any]) -> None:
    runner("users", "create", "ann", "--password", DEFAULT_PASSWORD, "--role", "editor")
    assert only(app, "user.create") == ("", "cli", "ann")


def test_large_detail_is_summarised(
    app: Flask, client: FlaskClient, admin: dict[str, str], make_user: Callable[..., Any]
) -> None:
    names = [make_user(f"{'m' * 56}-{n:03}").name for n in range(40)]
    client.post("/api/team", json={"name": "big"}, headers=admin)
    response = client.put("/api/team/big/members", json={"users": names}, headers=admin)
    assert (response.status_code, entries(app, "team.members")[0].detail) == (
        200,
        {"users": "40 items"},
    )
