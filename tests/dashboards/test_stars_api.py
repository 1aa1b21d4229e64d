"""Stars and recently viewed dashboards through the API: each user's own, only on
dashboards they may see, and gone with the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.folder_grants import replace_grants
from tests.conftest import state
from tests.dashboards.api_helpers import bearer, create


def star(client: FlaskClient, headers: dict[str, str], dashboard_id: int, method: str) -> Any:
    return client.open(f"/api/dashboard/{dashboard_id}/star", method=method, headers=headers)


def starred_ids(client: FlaskClient, headers: dict[str, str]) -> list[int]:
    return [item["id"] for item in client.get("/api/star", headers=headers).get_json()["items"]]


def close_folder(app: Flask, folder: str, user_id: int) -> None:
    with state(app).database.sessions() as session:
        replace_grants(
            session, folder, [FolderGrant(folder=folder, user_id=user_id, role="editor")]
        )
        session.commit()


def test_star_puts_the_dashboard_in_the_callers_list(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    star(client, auth_headers, dashboard["id"], "PUT")
    assert starred_ids(client, auth_headers) == [dashboard["id"]]


def test_starring_twice_keeps_one_star(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    star(client, auth_headers, dashboard["id"], "PUT")
    answer = star(client, auth_headers, dashboard["id"], "PUT").get_json()
    assert (answer["starred"], starred_ids(client, auth_headers)) == (True, [dashboard["id"]])


def test_unstar_removes_it(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    star(client, auth_headers, dashboard["id"], "PUT")
    star(client, auth_headers, dashboard["id"], "DELETE")
    state_now = star(client, auth_headers, dashboard["id"], "GET").get_json()["starred"]
    assert (state_now, starred_ids(client, auth_headers)) == (False, [])


def test_stars_are_per_user(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dashboard = create(client, auth_headers)
    star(client, auth_headers, dashboard["id"], "PUT")
    assert starred_ids(client, bearer(make_token("viewer"))) == []


def test_a_viewer_may_star_what_they_see(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dashboard = create(client, auth_headers)
    viewer = bearer(make_token("viewer"))
    assert star(client, viewer, dashboard["id"], "PUT").status_code == 200


def test_a_dashboard_in_a_closed_folder_cannot_be_starred(
    app: Flask,
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dashboard = create(client, auth_headers, folder="secret")
    close_folder(app, "secret", make_user("owner", role="editor").id)
    editor = bearer(make_token("editor"))
    response = star(client, editor, dashboard["id"], "PUT")
    assert (response.status_code, response.get_json()["code"]) == (404, "not_found")


def test_a_star_on_a_folder_closed_later_is_not_listed(
    app: Flask,
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
) -> None:
    dashboard = create(client, auth_headers, folder="secret")
    viewer = make_user("vic", role="viewer")
    with state(app).database.sessions() as session:
        from gaugeboard.store.stars import add_star

        add_star(session, viewer.id, dashboard["id"])
        session.commit()
    close_folder(app, "secret", make_user("owner", role="editor").id)
    from gaugeboard.auth.api_tokens import create_token

    with state(app).database.sessions() as session:
        _token, secret = create_token(session, "vic", "test", 0)
        session.commit()
    assert starred_ids(client, bearer(secret)) == []


def test_stars_need_a_signed_in_caller(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    response = client.put(f"/api/dashboard/{dashboard['id']}/star")
    assert response.status_code == 401


def test_a_deleted_dashboard_leaves_the_starred_list(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    star(client, auth_headers, dashboard["id"], "PUT")
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=auth_headers)
    assert starred_ids(client, auth_headers) == []


def test_recent_lists_the_dashboards_the_caller_opened(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> None:
    first = create(client, auth_headers, name="first")
    create(client, auth_headers, name="second")
    from tests.conftest import login

    make_user("rita", role="viewer")
    login(client, "rita")
    client.get("/dashboards/team/reports/first")
    recent = client.get("/api/recent").get_json()["items"]
    assert [item["id"] for item in recent] == [first["id"]]


def test_an_id_beyond_the_catalog_is_unknown(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    for method in ("PUT", "DELETE"):
        assert star(client, auth_headers, 10**20, method).status_code in (404, 405)
    response = client.get(f"/api/dashboard/{10**20}", headers=auth_headers)
    assert response.status_code == 404
