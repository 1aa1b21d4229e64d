"""``/api/account``: usage against the limits, and activity per user and per dashboard,
counted independently here from what the test did."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from tests.conftest import login, state
from tests.dashboards.api_helpers import create


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def flush_views(app: Flask) -> None:
    counter = state(app).views
    assert counter is not None
    counter.flush()


def test_usage_counts_what_the_instance_holds(
    client: FlaskClient, make_token: Callable[..., str], event_key: str
) -> None:
    admin = bearer(make_token("admin"))
    make_token("viewer")
    create(client, admin)
    for name in ("a", "b", "c"):
        client.get("/e", query_string={"_k": event_key, "_n": name})
    usage = client.get("/api/account", headers=admin).get_json()["usage"]
    assert (usage["users"], usage["dashboards"], usage["events"]) == (2, 1, 3)


def test_storage_counts_the_instance_folder(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    usage = client.get("/api/account", headers=bearer(make_token("admin"))).get_json()["usage"]
    assert usage["storage_bytes"] > 0


def test_limits_are_reported_and_exceeded_ones_named(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory(ACCOUNT_LIMITS="users=1, dashboards=100")
    client = app.test_client()
    with state(app).database.sessions() as db:
        create_user(db, "ann", "a-long-password-1", "admin")
        create_user(db, "bob", "a-long-password-1", "viewer")
        _token, secret = create_token(db, "ann", "test", 0)
        db.commit()
    body = client.get("/api/account", headers=bearer(secret)).get_json()
    assert body["limits"] == {
        "users": 1,
        "dashboards": 100,
        "datasets": None,
        "rows": None,
        "events": None,
        "storage_bytes": None,
        "requests_month": None,
    }
    assert body["over_limit"] == ["users"]


def test_the_account_is_for_admins(client: FlaskClient, make_token: Callable[..., str]) -> None:
    editor = bearer(make_token("editor"))
    assert client.get("/api/account", headers=editor).status_code == 403
    assert client.get("/api/account").status_code == 401


def _activity(client: FlaskClient, headers: dict[str, str], entity: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/account/activity/{entity}", headers=headers)
    assert response.status_code == 200, response.get_json()
    rows: list[dict[str, Any]] = response.get_json()["data"]
    return rows


def test_user_activity_counts_sign_ins_views_and_edits(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    admin = bearer(make_token("admin"))
    make_user("carol", role="editor")
    csrf = login(client, "carol")
    dashboard = create(client, {"X-CSRF-Token": csrf})
    path = f"/dashboards/{dashboard['folder']}/{dashboard['name']}"
    for _ in range(2):
        assert client.get(path).status_code == 200
    flush_views(app)
    (carol,) = [row for row in _activity(client, admin, "users") if row["name"] == "carol"]
    assert (carol["logins"], carol["views"], carol["edits"]) == (1, 2, 1)


def test_dashboard_activity_counts_views_and_distinct_viewers(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    admin = bearer(make_token("admin"))
    dashboard = create(client, admin)
    path = f"/dashboards/{dashboard['folder']}/{dashboard['name']}"
    for name, views in (("dan", 3), ("eve", 1)):
        make_user(name)
        viewer = app.test_client()
        login(viewer, name)
        for _ in range(views):
            assert viewer.get(path).status_code == 200
    flush_views(app)
    (row,) = _activity(client, admin, "dashboards")
    assert (row["views"], row["viewers"], row["path"]) == (4, 2, "team/reports/sales")


def test_views_wait_in_memory_until_the_flush(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    admin = bearer(make_token("admin"))
    dashboard = create(client, admin)
    client.get(f"/dashboards/{dashboard['folder']}/{dashboard['name']}", headers=admin)
    (row,) = _activity(client, admin, "dashboards")
    assert row["views"] == 0


def test_an_unknown_entity_is_404_naming_it(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    response = client.get("/api/account/activity/teams", headers=bearer(make_token("admin")))
    assert response.status_code == 404
    assert response.get_json()["error"].startswith("entity: no activity for 'teams'")


def test_a_period_past_a_year_is_refused_by_name(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    response = client.get(
        "/api/account/activity/users?days=400", headers=bearer(make_token("admin"))
    )
    assert response.status_code == 400
    assert response.get_json()["errors"][0].startswith("days:")
