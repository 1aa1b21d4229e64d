"""``/api/data``: list, create, info and delete, in ClicData's shapes, with each error and
each role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login, state
from tests.datasets.helpers import SALES_COLUMNS, bearer, close_folder, create_dataset, sales

# --- create ------------------------------------------------------------------------------


def test_create_answers_the_new_id_as_a_bare_integer(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    body = {"name": "sales", "description": "by month", "columns": SALES_COLUMNS}
    response = client.post("/api/data", json=body, headers=auth_headers)
    assert response.status_code == 201
    assert int(response.text) == 1
    assert response.headers["Location"] == "/api/data/1/info"


def test_create_accepts_the_reference_client_types(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    types = ["text", "number", "datetime", "date", "percentage", "checkbox", "integer"]
    columns = [{"name": f"c_{kind}", "data_type": kind} for kind in types]
    dataset_id = create_dataset(client, auth_headers, columns=columns)
    info = client.get(f"/api/data/{dataset_id}/info", headers=auth_headers).get_json()
    assert [column["data_type"] for column in info["dataset"]["columns"]] == ["rec_id", *types]


def test_created_data_set_is_described(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = create_dataset(client, auth_headers, key_columns=["region", "month"])
    info = client.get(f"/api/data/{dataset_id}/info", headers=auth_headers).get_json()["dataset"]
    assert (info["name"], info["row_count"], info["version"], info["version_count"]) == (
        "sales",
        0,
        0,
        1,
    )
    assert info["key_columns"] == ["region", "month"]
    assert info["schedules"] == []


def test_dropdown_column_keeps_its_values(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    columns = [{"name": "size", "data_type": "dropdown", "values": ["S", "M"]}]
    dataset_id = create_dataset(client, auth_headers, columns=columns)
    info = client.get(f"/api/data/{dataset_id}/info", headers=auth_headers).get_json()
    assert info["dataset"]["columns"][1] == {
        "name": "size",
        "data_type": "dropdown",
        "values": ["S", "M"],
    }


def test_create_with_a_taken_name_is_a_conflict(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    create_dataset(client, auth_headers)
    body = {"name": "sales", "columns": SALES_COLUMNS}
    response = client.post("/api/data", json=body, headers=auth_headers)
    assert response.status_code == 409
    assert response.get_json()["errors"] == ["name: a data set named 'sales' already exists"]


@pytest.mark.parametrize(
    ("columns", "problem"),
    [
        ([{"name": "a", "data_type": "money"}], "columns[0].data_type: Input should be"),
        ([{"name": "a", "data_type": "text"}, {"name": "a", "data_type": "text"}], "a given twice"),
        ([{"name": "rec_id", "data_type": "integer"}], "rec_id is the row id gaugeboard adds"),
        ([{"name": "a", "data_type": "dropdown"}], "a dropdown column lists its allowed values"),
        ([], "columns: List should have at least 1 item"),
    ],
)
def test_bad_columns_are_refused_by_name(
    client: FlaskClient, auth_headers: dict[str, str], columns: list[Any], problem: str
) -> None:
    response = client.post(
        "/api/data", json={"name": "x", "columns": columns}, headers=auth_headers
    )
    assert response.status_code == 400
    assert problem in response.get_json()["error"]


def test_a_name_of_digits_only_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    body = {"name": "2026", "columns": SALES_COLUMNS}
    response = client.post("/api/data", json=body, headers=auth_headers)
    assert response.status_code == 400
    assert "digits only would read as an id" in response.get_json()["error"]


def test_unknown_key_column_is_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    body = {"name": "x", "columns": SALES_COLUMNS, "key_columns": ["nope"]}
    response = client.post("/api/data", json=body, headers=auth_headers)
    assert "key_columns: no column named nope" in response.get_json()["error"]


def test_create_needs_a_json_body(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = client.post("/api/data", data="name=x", headers=auth_headers)
    assert response.status_code == 415


def test_anonymous_create_is_refused(client: FlaskClient) -> None:
    response = client.post("/api/data", json={"name": "x", "columns": SALES_COLUMNS})
    assert response.status_code == 401


def test_viewer_may_not_create(client: FlaskClient, make_token: Callable[..., str]) -> None:
    body = {"name": "x", "columns": SALES_COLUMNS}
    response = client.post("/api/data", json=body, headers=bearer(make_token("viewer")))
    assert response.status_code == 403


def test_editor_creates_in_an_open_folder(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    headers = bearer(make_token("editor"))
    dataset_id = create_dataset(client, headers, folder="team/sales")
    info = client.get(f"/api/data/{dataset_id}/info", headers=headers).get_json()["dataset"]
    assert info["folder"] == "team/sales"


def test_editor_may_not_create_in_a_closed_folder(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    body = {"name": "x", "folder": "finance", "columns": SALES_COLUMNS}
    response = client.post("/api/data", json=body, headers=bearer(make_token("editor")))
    assert response.status_code == 403


def test_session_create_needs_the_csrf_token(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("eddie", role="editor")
    login(client, "eddie")
    response = client.post("/api/data", json={"name": "x", "columns": SALES_COLUMNS})
    assert response.status_code == 403
    assert response.get_json()["code"] == "csrf_failed"


def test_session_create_with_the_csrf_token(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("eddie", role="editor")
    csrf = login(client, "eddie")
    body = {"name": "x", "columns": SALES_COLUMNS}
    response = client.post("/api/data", json=body, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201


# --- list --------------------------------------------------------------------------------


def test_list_answers_both_shapes(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    sales(client, auth_headers)
    body = client.get("/api/data", headers=auth_headers).get_json()
    assert body["ok"] is True
    assert body["data"] == body["items"]
    assert [(item["name"], item["row_count"]) for item in body["data"]] == [("sales", 5)]
    assert (body["total"], body["page"], body["has_more_data"]) == (1, 1, False)


def test_list_pages_from_one_while_more_data(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    for name in ("a", "b", "c"):
        create_dataset(client, auth_headers, name=name)
    first = client.get("/api/data?page=1&limit=2", headers=auth_headers).get_json()
    second = client.get("/api/data?page=2&limit=2", headers=auth_headers).get_json()
    assert [item["name"] for item in first["data"]] == ["a", "b"]
    assert first["has_more_data"] is True
    assert [item["name"] for item in second["data"]] == ["c"]
    assert second["has_more_data"] is False


def test_list_filters_by_name(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    create_dataset(client, auth_headers, name="a")
    create_dataset(client, auth_headers, name="b")
    body = client.get("/api/data?name=b", headers=auth_headers).get_json()
    assert [item["name"] for item in body["data"]] == ["b"]


def test_list_filters_by_unique_key(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    create_dataset(client, auth_headers, name="plain")
    create_dataset(client, auth_headers, name="keyed", key_columns=["region"])
    body = client.get("/api/data?uniquekeyavailable=true", headers=auth_headers).get_json()
    assert [item["name"] for item in body["data"]] == ["keyed"]


def test_list_leaves_out_closed_folders(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    create_dataset(client, auth_headers, name="open")
    create_dataset(client, auth_headers, name="secret", folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    body = client.get("/api/data", headers=bearer(make_token("viewer"))).get_json()
    assert [item["name"] for item in body["data"]] == ["open"]


def test_bad_paging_is_named(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = client.get("/api/data?page=0&limit=x", headers=auth_headers)
    assert response.status_code == 400
    assert [problem.split(":")[0] for problem in response.get_json()["errors"]] == [
        "page",
        "limit",
    ]


def test_anonymous_list_is_refused(client: FlaskClient) -> None:
    assert client.get("/api/data").status_code == 401


# --- info and delete ---------------------------------------------------------------------


def test_info_of_a_hidden_data_set_is_not_found(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dataset_id = create_dataset(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    response = client.get(f"/api/data/{dataset_id}/info", headers=bearer(make_token("editor")))
    assert response.status_code == 404


def test_unknown_data_set_is_not_found(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = client.get("/api/data/99/info", headers=auth_headers)
    assert response.status_code == 404
    assert response.get_json()["error"] == "no data set 99"


def test_owner_deletes_a_data_set_and_its_table(
    client: FlaskClient, make_token: Callable[..., str], app: Flask
) -> None:
    headers = bearer(make_token("editor"))
    dataset_id = sales(client, headers)
    response = client.delete(f"/api/data/{dataset_id}", headers=headers)
    assert response.get_json() == {"ok": True, "deleted": dataset_id}
    assert client.get(f"/api/data/{dataset_id}", headers=headers).status_code == 404
    assert not (state(app).datasets.root / str(dataset_id)).exists()


def test_admin_deletes_anyones_data_set(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = create_dataset(client, bearer(make_token("editor")))
    assert client.delete(f"/api/data/{dataset_id}", headers=auth_headers).status_code == 200


def test_another_editor_may_not_delete(client: FlaskClient, make_token: Callable[..., str]) -> None:
    dataset_id = create_dataset(client, bearer(make_token("editor")))
    response = client.delete(f"/api/data/{dataset_id}", headers=bearer(make_token("editor")))
    assert response.status_code == 403
    assert response.get_json()["error"] == "only the owner or an admin may delete a data set"


def test_viewer_may_not_delete(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    response = client.delete(f"/api/data/{dataset_id}", headers=bearer(make_token("viewer")))
    assert response.status_code == 403


def test_anonymous_delete_is_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = create_dataset(client, auth_headers)
    assert client.delete(f"/api/data/{dataset_id}").status_code == 401


def test_the_list_gives_each_data_set_its_figures(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    (item,) = client.get("/api/data", headers=auth_headers).get_json()["data"]
    info = client.get(f"/api/data/{dataset_id}/info", headers=auth_headers).get_json()
    assert (item["row_count"], item["version"], item["version_count"]) == (5, 1, 2)
    assert item["size_bytes"] > 0 and item["last_change"].endswith("Z")
    assert (item["source"], item["schedules"], item["owner"]) == ({}, [], info["dataset"]["owner"])


def test_version_keeping_can_be_turned_off_later(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    answer = client.put(
        f"/api/data/{dataset_id}", json={"keep_versions": False}, headers=auth_headers
    )
    assert (answer.status_code, answer.get_json()["dataset"]["keep_versions"]) == (200, False)


def test_an_empty_change_names_what_may_be_changed(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    answer = client.put(f"/api/data/{dataset_id}", json={}, headers=auth_headers)
    assert answer.status_code == 400
    assert "keep_versions" in " ".join(answer.get_json()["errors"])
