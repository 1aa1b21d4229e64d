"""Folder grants, teams, per-user listings, global dashboards and host hooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.extension import Gaugeboard
from tests.conftest import state
from tests.dashboards.api_helpers import bearer, create, update


def close_folder(
    client: FlaskClient, admin: dict[str, str], folder: str, grants: list[dict[str, str]]
) -> Any:
    return client.put(f"/api/permission?folder={folder}", json={"grants": grants}, headers=admin)


def test_closed_folder_hides_its_dashboards_from_others(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    create(client, auth_headers)
    client.post("/api/team", json={"name": "empty"}, headers=auth_headers)
    close_folder(client, auth_headers, "team", [{"team": "empty", "role": "viewer"}])
    response = client.get("/api/dashboard/team/reports/sales", headers=bearer(make_token("viewer")))
    assert response.status_code == 404


def test_grant_on_a_parent_folder_is_inherited(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    create(client, auth_headers)
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "team", [{"user": "vera", "role": "viewer"}])
    response = client.get(
        "/api/dashboard/team/reports/sales", headers=bearer(make_token(user_name="vera"))
    )
    assert response.status_code == 200


def test_user_without_a_grant_cannot_see_a_closed_folder(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    create(client, auth_headers)
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "team", [{"user": "vera", "role": "viewer"}])
    response = client.get("/api/dashboard/team/reports/sales", headers=bearer(make_token("editor")))
    assert response.status_code == 404


def test_closed_folder_is_left_out_of_listings(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    create(client, auth_headers)
    create(client, auth_headers, folder="open", name="public-kpis")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "team", [{"user": "vera", "role": "viewer"}])
    body = client.get("/api/dashboard", headers=bearer(make_token("viewer"))).get_json()
    assert body["folders"] == ["open"]


def test_team_editor_grant_lets_a_viewer_edit(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dashboard = create(client, auth_headers)
    make_user("vera", role="viewer")
    client.post("/api/team", json={"name": "sales"}, headers=auth_headers)
    client.put("/api/team/sales/members", json={"users": ["vera"]}, headers=auth_headers)
    close_folder(client, auth_headers, "team/reports", [{"team": "sales", "role": "editor"}])
    response = update(client, bearer(make_token(user_name="vera")), dashboard, title="By Vera")
    assert response.status_code == 200


def test_viewer_grant_does_not_allow_editing(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dashboard = create(client, auth_headers)
    make_user("vera", role="editor")
    close_folder(client, auth_headers, "team", [{"user": "vera", "role": "viewer"}])
    response = update(client, bearer(make_token(user_name="vera")), dashboard, title="x")
    assert response.status_code == 403


def test_bad_grants_are_all_reported(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = close_folder(
        client,
        auth_headers,
        "team",
        [{"user": "ghost", "role": "viewer"}, {"team": "t", "user": "u", "role": "x"}],
    )
    assert [e.split(":")[0] for e in response.get_json()["errors"]] == [
        "grants[0].user",
        "grants[1]",
    ]


def test_only_admins_manage_grants(client: FlaskClient, make_token: Callable[..., str]) -> None:
    response = client.get("/api/permission?folder=team", headers=bearer(make_token("editor")))
    assert response.status_code == 403


def test_filter_users_lists_own_and_global_dashboards(
    app_factory: Callable[..., Flask], make_token: Callable[..., str]
) -> None:
    app = app_factory(DASHBOARD_FILTER_USERS=True)
    client = app.test_client()
    admin = bearer(make_token("admin"))
    create(client, admin, name="admins")
    create(client, admin, name="shared", **{"global": True})
    editor = bearer(make_token("editor"))
    create(client, editor, name="mine")
    items = client.get("/api/dashboard?recursive=1", headers=editor).get_json()["items"]
    assert sorted(i["name"] for i in items) == ["mine", "shared"]


def test_only_admins_make_a_dashboard_global(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    response = client.post(
        "/api/dashboard",
        json={"title": "G", "name": "g", "global": True},
        headers=bearer(make_token("editor")),
    )
    assert response.status_code == 403


def test_listing_searches_titles(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    create(client, auth_headers, title="Revenue", name="revenue")
    create(client, auth_headers, title="Signups", name="signups")
    items = client.get("/api/dashboard?search=reven", headers=auth_headers).get_json()["items"]
    assert [i["name"] for i in items] == ["revenue"]


def test_listing_pages_with_next(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    for index in range(3):
        create(client, auth_headers, name=f"d{index}")
    body = client.get(
        "/api/dashboard?folder=team/reports&limit=2&page=1", headers=auth_headers
    ).get_json()
    assert (len(body["items"]), body["next"], body["total"]) == (2, 2, 3)


def test_listing_filters_by_owner(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    create(client, auth_headers, name="by-admin")
    make_user("eddie", role="editor")
    create(client, bearer(make_token(user_name="eddie")), name="by-eddie")
    items = client.get("/api/dashboard?recursive=1&owner=eddie", headers=auth_headers).get_json()[
        "items"
    ]
    assert [(i["name"], i["owner"]) for i in items] == [("by-eddie", "eddie")]


@pytest.fixture
def host_with_hooks(settings_overrides: dict[str, Any]) -> Iterator[Callable[..., Flask]]:
    """Host apps with permission and metadata hooks; their connections closed at the end."""
    built: list[Flask] = []

    def build(hooks: dict[str, Any]) -> Flask:
        host = Flask("hooked_host")
        host.config["GAUGEBOARD_AUTH"] = hooks
        host.config["GAUGEBOARD_METADATA"] = {"created_by": lambda: "host-user"}
        Gaugeboard(host, url_prefix="/gb", overrides=settings_overrides)
        built.append(host)
        return host

    yield build
    for host in built:
        state(host).database.dispose()


def test_host_hook_can_refuse_creation(
    host_with_hooks: Callable[..., Flask], make_token: Callable[..., str], app: Flask
) -> None:
    host = host_with_hooks({"create": lambda: False})
    response = host.test_client().post(
        "/gb/api/dashboard", json={"title": "T", "name": "t"}, headers=bearer(make_token("admin"))
    )
    assert response.status_code == 403


def test_host_view_hook_gets_the_dashboard_id(
    host_with_hooks: Callable[..., Flask], make_token: Callable[..., str], app: Flask
) -> None:
    seen: list[str] = []
    host = host_with_hooks({"view": lambda view_id: seen.append(view_id)})
    client = host.test_client()
    admin = bearer(make_token("admin"))
    created = client.post("/gb/api/dashboard", json={"title": "T", "name": "t"}, headers=admin)
    response = client.get("/gb/api/dashboard/t", headers=admin)
    assert (response.status_code, seen) == (404, [str(created.get_json()["dashboard"]["id"])])


def test_host_metadata_is_saved_in_the_document(
    host_with_hooks: Callable[..., Flask], make_token: Callable[..., str], app: Flask
) -> None:
    host = host_with_hooks({})
    client = host.test_client()
    admin = bearer(make_token("admin"))
    client.post("/gb/api/dashboard", json={"title": "T", "name": "t"}, headers=admin)
    document = client.get("/gb/api/dashboard/t", headers=admin).get_json()["document"]
    assert document["created_by"] == "host-user"
