"""The pages behind the actions that used to exist only in the API: the home page, the
trash, a dashboard's action menu, a folder's permissions and the status page's incident
forms, each shown only to those the API would let act."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login
from tests.dashboards.api_helpers import create

PATH = "/dashboards/team/reports/sales"


def signed_in(client: FlaskClient, make_user: Callable[..., Any], role: str) -> FlaskClient:
    make_user(f"a-{role}", role=role)
    login(client, f"a-{role}")
    return client


def html(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_home_lists_a_starred_dashboard(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    dashboard = create(client, auth_headers)
    signed_in(client, make_user, "viewer")
    client.put(f"/api/dashboard/{dashboard['id']}/star", headers={"X-CSRF-Token": _csrf(client)})
    starred = html(client, "/").split('id="gb-recent"')[0]
    assert f'href="{PATH}"' in starred


def test_home_lists_the_dashboard_opened_last(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    create(client, auth_headers)
    signed_in(client, make_user, "viewer")
    client.get(PATH)
    recent = html(client, "/").split('id="gb-recent"')[1].split('id="gb-start"')[0]
    assert f'href="{PATH}"' in recent


def test_home_points_to_the_examples(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    create(client, auth_headers, folder="examples", name="welcome")
    signed_in(client, make_user, "viewer")
    assert 'href="/dashboards/examples/"' in html(client, "/")


def test_home_without_an_account_is_the_listing(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(DASHBOARD_ACCESS="public")
    assert app.test_client().get("/").headers["Location"] == "/dashboards/"


def test_trash_lists_a_deleted_dashboard_for_an_editor(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    dashboard = create(client, auth_headers)
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=auth_headers)
    signed_in(client, make_user, "editor")
    assert f'data-restore="/api/dashboard/{dashboard["id"]}/restore"' in html(
        client, "/dashboards-trash/"
    )


def test_trash_is_closed_to_a_viewer(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    signed_in(client, make_user, "viewer")
    assert client.get("/dashboards-trash/").status_code == 403


def test_a_viewer_gets_the_star_and_history_but_no_editing_actions(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    create(client, auth_headers)
    page = html(signed_in(client, make_user, "viewer"), PATH)
    shown = [
        a
        for a in ("history", "embeds", "rename", "duplicate", "delete")
        if f'data-action="{a}"' in page
    ]
    assert ("gb-star" in page, shown) == (True, ["history"])


def test_an_editor_gets_every_action(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    create(client, auth_headers)
    page = html(signed_in(client, make_user, "editor"), PATH)
    shown = [
        a
        for a in ("history", "embeds", "rename", "duplicate", "delete")
        if f'data-action="{a}"' in page
    ]
    assert shown == ["history", "embeds", "rename", "duplicate", "delete"]


def test_an_embed_link_shows_no_actions(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    embed = client.post(
        f"/api/dashboard/{dashboard['id']}/embed", json={"label": "wall"}, headers=auth_headers
    ).get_json()
    visitor = client.application.test_client()
    page = visitor.get(embed["url"]).get_data(as_text=True)
    assert "gb-dashboard-actions" not in page


def test_folder_permissions_are_for_admins_only(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    create(client, auth_headers)
    page = html(signed_in(client, make_user, "editor"), "/dashboards/team/")
    assert ("gb-permissions" in page, "/dashboards-trash/" in page) == (False, True)


def test_an_admin_sees_the_folder_permissions(
    client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    create(client, auth_headers)
    page = html(signed_in(client, make_user, "admin"), "/dashboards/team/")
    assert 'data-api="/api/permission?folder=team"' in page


def test_status_page_incident_forms_are_for_admins_only(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    viewer_page = html(signed_in(client, make_user, "viewer"), "/status")
    client.post("/logout", headers={"X-CSRF-Token": _csrf(client)})
    admin_page = html(signed_in(client, make_user, "admin"), "/status")
    assert ("gb-incident-admin" in viewer_page, "gb-incident-admin" in admin_page) == (False, True)


def _csrf(client: FlaskClient) -> str:
    page = client.get("/dashboards/").get_data(as_text=True)
    return page.split('name="csrf-token" content="')[1].split('"')[0]
