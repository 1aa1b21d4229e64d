"""``DELETE /_api/notebooks/PATH`` (204, 400 for what is not a notebook dashboard, 404)
and ``DELETE /_api/cache[/PATH]`` (200, the next view reads from storage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import state
from tests.notebooks.builders import png, zip_bundle
from tests.notebooks.helpers import Upload, plain_notebook, token_header


@pytest.fixture
def headers(editor_token: str) -> dict[str, str]:
    return token_header(editor_token)


def test_delete_answers_204(upload: Upload, client: FlaskClient, headers: dict[str, str]) -> None:
    upload("team/weekly")
    response = client.delete("/_api/notebooks/team/weekly", headers=headers)
    assert (response.status_code, response.data) == (204, b"")


def test_a_deleted_notebook_is_gone(
    upload: Upload, client: FlaskClient, headers: dict[str, str]
) -> None:
    upload("team/weekly")
    client.delete("/_api/notebooks/team/weekly", headers=headers)
    assert client.get("/dashboards/team/weekly", headers=headers).status_code == 404


def test_a_deleted_path_can_be_uploaded_again(
    upload: Upload, client: FlaskClient, headers: dict[str, str]
) -> None:
    upload("team/weekly")
    client.delete("/_api/notebooks/team/weekly", headers=headers)
    assert upload("team/weekly").status_code == 201


def test_a_bundle_is_deleted_whole(
    upload: Upload, client: FlaskClient, headers: dict[str, str]
) -> None:
    upload("b", zip_bundle({"index.ipynb": plain_notebook(), "image.png": png()}), "b.zip")
    assert client.delete("/_api/notebooks/b", headers=headers).status_code == 204
    assert client.get("/dashboards/b/image.png", headers=headers).status_code == 404


def test_deleting_a_bundle_file_is_400(
    upload: Upload, client: FlaskClient, headers: dict[str, str]
) -> None:
    upload("it", zip_bundle({"index.ipynb": plain_notebook(), "image.jpg": b"jpeg"}), "it.zip")
    response = client.delete("/_api/notebooks/it/image.jpg", headers=headers)
    assert response.status_code == 400
    assert "is a file of the bundle 'it'" in response.get_json()["error"]


def test_deleting_a_folder_is_400(
    upload: Upload, client: FlaskClient, headers: dict[str, str]
) -> None:
    upload("team/weekly")
    response = client.delete("/_api/notebooks/team", headers=headers)
    assert response.get_json()["error"] == "path: 'team' is a folder, not a notebook dashboard"


def test_deleting_a_json_dashboard_is_400(
    client: FlaskClient, headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    client.post("/api/dashboard", json={"name": "sales", "title": "S"}, headers=auth_headers)
    response = client.delete("/_api/notebooks/sales", headers=headers)
    assert response.status_code == 400 and "is a JSON dashboard" in response.get_json()["error"]


def test_deleting_nothing_is_404(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.delete("/_api/notebooks/no/such", headers=headers)
    assert (response.status_code, response.get_json()["code"]) == (404, "not_found")


def test_deleting_without_a_token_is_401(upload: Upload, client: FlaskClient) -> None:
    upload("team/weekly")
    assert client.delete("/_api/notebooks/team/weekly").status_code == 401


def test_a_viewer_may_not_delete(
    upload: Upload, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    upload("team/weekly")
    viewer = token_header(make_token("viewer"))
    assert client.delete("/_api/notebooks/team/weekly", headers=viewer).status_code == 403


def test_a_notebook_in_a_folder_one_cannot_see_is_404(
    upload: Upload,
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    headers: dict[str, str],
) -> None:
    upload("private/report", headers=auth_headers)
    owner = make_user(role="editor")
    grants = {"grants": [{"user": owner.name, "role": "editor"}]}
    client.put("/api/permission?folder=private", json=grants, headers=auth_headers)
    assert client.delete("/_api/notebooks/private/report", headers=headers).status_code == 404


def test_delete_keeps_the_files(
    upload: Upload, app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    upload("team/weekly")
    client.delete("/_api/notebooks/team/weekly", headers=headers)
    assert list((state(app).data_dir / "notebooks").glob("*/v1/index.ipynb"))


# The caches


def test_clearing_the_cache_answers_200(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.delete("/_api/cache", headers=headers)
    assert response.status_code == 200 and response.get_json()["ok"] is True


def test_clearing_the_cache_drops_rendered_notebooks(
    upload: Upload, app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    upload("team/weekly")
    client.get("/dashboards/team/weekly", headers=headers)
    cache = state(app).notebooks.cache
    assert len(cache._entries) == 1
    client.delete("/_api/cache", headers=headers)
    assert len(cache._entries) == 0


def test_clearing_the_cache_drops_dashboard_data_too(
    app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    state(app).dashboard_cache.fetch(b"source", 60, 0, lambda: {"rows": []})
    assert client.delete("/_api/cache", headers=headers).get_json()["sources"] == 1


def test_clearing_one_path_drops_only_that_notebook(
    upload: Upload, app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    upload("team/a")
    upload("team/b")
    client.get("/dashboards/team/a", headers=headers)
    client.get("/dashboards/team/b", headers=headers)
    response = client.delete("/_api/cache/team/a", headers=headers)
    assert response.get_json()["notebooks"] == 1
    assert [key[0] for key in state(app).notebooks.cache._entries] == [2]


def test_clearing_a_json_dashboard_path_drops_the_data_cache(
    app: Flask, client: FlaskClient, headers: dict[str, str], auth_headers: dict[str, str]
) -> None:
    client.post("/api/dashboard", json={"name": "sales", "title": "S"}, headers=auth_headers)
    state(app).dashboard_cache.fetch(b"source", 60, 0, lambda: [1])
    assert client.delete("/_api/cache/sales", headers=headers).get_json()["sources"] == 1


def test_clearing_an_unknown_path_is_200(client: FlaskClient, headers: dict[str, str]) -> None:
    assert client.delete("/_api/cache/nothing/here", headers=headers).status_code == 200


def test_clearing_the_cache_needs_a_token(client: FlaskClient) -> None:
    response = client.delete("/_api/cache")
    assert (response.status_code, response.get_json()["code"]) == (401, "unauthorized")


def test_a_viewer_may_not_clear_the_cache(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    viewer = token_header(make_token("viewer"))
    assert client.delete("/_api/cache", headers=viewer).status_code == 403
