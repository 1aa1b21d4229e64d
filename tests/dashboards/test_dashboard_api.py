from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.dashboards.api_helpers import create
from tests.dashboards.factories import chart_document


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_editor_creates_a_dashboard(client: FlaskClient, make_token: Callable[..., str]) -> None:
    response = client.post(
        "/api/dashboard", json=chart_document(), headers=bearer(make_token("editor"))
    )
    assert (response.status_code, response.get_json()["dashboard"]["path"]) == (
        201,
        "team/reports/sales",
    )


def test_viewer_cannot_create_a_dashboard(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    response = client.post(
        "/api/dashboard", json=chart_document(), headers=bearer(make_token("viewer"))
    )
    assert response.status_code == 403


def test_same_path_twice_is_a_conflict(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    client.post("/api/dashboard", json=chart_document(), headers=auth_headers)
    response = client.post("/api/dashboard", json=chart_document(), headers=auth_headers)
    assert (response.status_code, response.get_json()["code"]) == (409, "conflict")


def test_invalid_document_stores_nothing(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    client.post("/api/dashboard", json=chart_document(title=""), headers=auth_headers)
    response = client.get("/api/dashboard?folder=team/reports", headers=auth_headers)
    assert response.status_code == 404


def test_invalid_document_errors_name_their_paths(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/dashboard", json=chart_document(title="", widgets="no"), headers=auth_headers
    )
    assert [error.split(":")[0] for error in response.get_json()["errors"]] == ["title", "widgets"]


def test_dashboard_is_fetched_by_path(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    client.post("/api/dashboard", json=chart_document(), headers=auth_headers)
    body = client.get("/api/dashboard/team/reports/sales", headers=auth_headers).get_json()
    assert body["document"]["widgets"][0]["id"] == "by-region"


def test_folder_listing_shows_subfolders(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    client.post("/api/dashboard", json=chart_document(), headers=auth_headers)
    body = client.get("/api/dashboard?folder=team", headers=auth_headers).get_json()
    assert (body["folders"], body["items"]) == (["team/reports"], [])


def test_bad_folder_parameter_is_named(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = client.get("/api/dashboard?folder=../x", headers=auth_headers)
    assert response.get_json()["errors"][0].startswith("folder:")


def test_the_list_answers_clicdatas_names_too(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    create(client, auth_headers, folder="")
    body = client.get("/api/dashboard", headers=auth_headers).get_json()
    assert (body["dashboards"], body["has_more_data"]) == (body["items"], False)


def test_a_name_finds_a_dashboard_anywhere_in_the_tree(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    create(client, auth_headers, name="sales", title="Sales", folder="team/reports")
    create(client, auth_headers, name="costs", title="Costs", folder="team")
    for wanted in ("sales", "Sales"):
        body = client.get(f"/api/dashboard?name={wanted}", headers=auth_headers).get_json()
        assert [item["name"] for item in body["dashboards"]] == ["sales"]


def test_clicdatas_includethumbnail_flag_is_accepted(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    create(client, auth_headers, folder="")
    response = client.get("/api/dashboard?includethumbnail=true", headers=auth_headers)
    body = response.get_json()
    assert (response.status_code, [item["name"] for item in body["dashboards"]]) == (
        200,
        [body["items"][0]["name"]],
    )
