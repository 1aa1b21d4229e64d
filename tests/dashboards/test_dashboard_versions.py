"""Updates with a version check, versions, diffs, restores, clones and deletion."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.dashboards.api_helpers import create, update
from tests.dashboards.factories import chart_document


def test_update_with_the_current_version_saves_the_next(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    response = update(client, auth_headers, dashboard, title="Sales 2")
    assert response.get_json()["dashboard"]["version"] == 2


def test_update_from_an_old_version_is_a_conflict(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    update(client, auth_headers, dashboard, title="First editor")
    response = update(client, auth_headers, dashboard, title="Second editor")
    assert (response.status_code, response.get_json()["code"]) == (409, "conflict")


def test_conflict_keeps_the_first_save(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    update(client, auth_headers, dashboard, title="First editor")
    update(client, auth_headers, dashboard, title="Second editor")
    body = client.get(f"/api/dashboard/{dashboard['id']}", headers=auth_headers).get_json()
    assert body["document"]["title"] == "First editor"


def test_update_without_a_version_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    response = client.put(
        f"/api/dashboard/{dashboard['id']}", json=chart_document(), headers=auth_headers
    )
    assert response.get_json()["errors"][0].startswith("version:")


def test_invalid_update_changes_nothing(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    update(client, auth_headers, dashboard, title="")
    body = client.get(f"/api/dashboard/{dashboard['id']}", headers=auth_headers).get_json()
    assert (body["dashboard"]["version"], body["document"]["title"]) == (1, "Sales")


def test_update_can_move_a_dashboard(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    update(client, auth_headers, dashboard, folder="archive", name="old-sales")
    response = client.get("/api/dashboard/archive/old-sales", headers=auth_headers)
    assert response.status_code == 200


def test_every_save_is_a_version_with_its_author(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    update(client, auth_headers, dashboard, title="Sales 2")
    items = client.get(
        f"/api/dashboard/{dashboard['id']}/versions", headers=auth_headers
    ).get_json()["items"]
    assert [(i["version"], i["action"], bool(i["author"])) for i in items] == [
        (2, "update", True),
        (1, "create", True),
    ]


def test_save_note_is_kept_with_the_version(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    client.put(
        f"/api/dashboard/{dashboard['id']}?version=1&note=retitled",
        json=chart_document(title="New"),
        headers=auth_headers,
    )
    items = client.get(
        f"/api/dashboard/{dashboard['id']}/versions", headers=auth_headers
    ).get_json()["items"]
    assert items[0]["note"] == "retitled"


def test_diff_lists_the_changed_paths(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    update(client, auth_headers, dashboard, title="Sales 2")
    changes = client.get(f"/api/dashboard/{dashboard['id']}/diff", headers=auth_headers).get_json()[
        "changes"
    ]
    assert changes == [{"op": "change", "path": "title", "old": "Sales", "new": "Sales 2"}]


def test_diff_names_versions_the_dashboard_does_not_have(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    url = f"/api/dashboard/{dashboard['id']}/diff?from=x&to=3"
    assert client.get(url, headers=auth_headers).get_json()["errors"] == [
        "from: must be a whole number",
        "to: must be between 1 and 1",
    ]


def test_diff_of_an_unknown_dashboard_is_404_whatever_the_query(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    assert client.get("/api/dashboard/999/diff?to=x", headers=auth_headers).status_code == 404


def test_clone_names_a_name_that_is_not_text(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    url = f"/api/dashboard/{dashboard['id']}/clone"
    response = client.post(url, json={"name": 5}, headers=auth_headers)
    assert response.get_json()["errors"] == ["name: must be a string"]


def test_restoring_a_version_saves_it_as_the_newest(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    update(client, auth_headers, dashboard, title="Sales 2")
    client.post(f"/api/dashboard/{dashboard['id']}/versions/1/restore", headers=auth_headers)
    body = client.get(f"/api/dashboard/{dashboard['id']}", headers=auth_headers).get_json()
    assert (body["dashboard"]["version"], body["document"]["title"]) == (3, "Sales")


def test_clone_is_titled_clone_of(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    response = client.post(f"/api/dashboard/{dashboard['id']}/clone", headers=auth_headers)
    clone = response.get_json()["dashboard"]
    assert (clone["title"], clone["path"]) == ("Clone of Sales", "team/reports/sales-copy")


def test_deleted_dashboard_is_gone_from_its_path(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=auth_headers)
    response = client.get("/api/dashboard/team/reports/sales", headers=auth_headers)
    assert response.status_code == 404


def test_deleted_dashboard_is_listed_as_deleted(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=auth_headers)
    items = client.get("/api/dashboard?deleted=1&recursive=1", headers=auth_headers).get_json()[
        "items"
    ]
    assert [(i["path"], bool(i["deleted_at"])) for i in items] == [("team/reports/sales", True)]


def test_deleted_dashboard_is_restored_with_its_history(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=auth_headers)
    client.post(f"/api/dashboard/{dashboard['id']}/restore", headers=auth_headers)
    items = client.get(
        f"/api/dashboard/{dashboard['id']}/versions", headers=auth_headers
    ).get_json()["items"]
    assert [i["action"] for i in items] == ["restore", "delete", "create"]


def test_path_of_a_deleted_dashboard_can_be_reused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=auth_headers)
    response = client.post("/api/dashboard", json=chart_document(), headers=auth_headers)
    assert response.status_code == 201


def test_restore_onto_a_taken_path_is_a_conflict(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=auth_headers)
    create(client, auth_headers)
    response = client.post(f"/api/dashboard/{dashboard['id']}/restore", headers=auth_headers)
    assert response.status_code == 409
