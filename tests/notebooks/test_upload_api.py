"""``POST /_api/notebooks/[PATH/]NAME``: the reference's answer, a version per upload,
every refusal in words with its status, and authentication always."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import state
from tests.notebooks.builders import (
    code,
    display,
    ipynb,
    markdown,
    notebook,
    png,
    with_altair_spelling,
    zip_bundle,
)
from tests.notebooks.helpers import Upload, plain_notebook, token_header, upload_to


def test_upload_answers_201_with_the_reference_body(upload: Upload) -> None:
    response = upload("reports/sales")
    assert response.status_code == 201
    assert response.get_json() == {
        "message": "Notebook successfully uploaded",
        "status": 201,
        "url": "/notebooks/reports/sales",
        "link": "http://localhost/dashboards/reports/sales",
    }


def test_upload_at_the_top_level(upload: Upload) -> None:
    assert upload("sales").get_json()["url"] == "/notebooks/sales"


def test_uploaded_notebook_is_shown_at_its_link(upload: Upload, client: FlaskClient) -> None:
    upload("reports/sales", plain_notebook("# Quarterly figures"))
    page = client.get("/dashboards/reports/sales", headers={"Accept": "text/html"})
    assert page.status_code == 302  # signed out: the page asks to sign in first


def test_name_ending_in_ipynb_is_the_file_not_the_name(upload: Upload) -> None:
    assert upload("reports/sales.ipynb").get_json()["url"] == "/notebooks/reports/sales"


def test_bearer_scheme_works_too(client: FlaskClient, editor_token: str) -> None:
    headers = token_header(editor_token, "Bearer")
    assert upload_to(client, "a", plain_notebook(), headers=headers).status_code == 201


def test_a_file_field_of_another_name_is_accepted(upload: Upload) -> None:
    """The reference took its one file whatever the field was called."""
    assert upload("a", plain_notebook(), field="notebook").status_code == 201


def test_extra_plain_fields_are_ignored(client: FlaskClient, editor_token: str) -> None:
    data = {"file": (io.BytesIO(plain_notebook()), "n.ipynb"), "comment": "hello"}
    response = client.post("/_api/notebooks/a", data=data, headers=token_header(editor_token))
    assert response.status_code == 201


def test_reupload_replaces_the_dashboard_and_keeps_history(
    upload: Upload, app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    upload("team/weekly", plain_notebook("# First"))
    upload("team/weekly", plain_notebook("# Second"))
    from gaugeboard.store.notebooks import find_notebook, list_versions

    with state(app).database.sessions() as session:
        found = find_notebook(session, "team", "weekly")
        assert found is not None
        versions = [v.version for v in list_versions(session, found.id)]
        assert (found.version, versions) == (2, [2, 1])


def test_reupload_shows_the_new_content(
    upload: Upload, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    headers = token_header(make_token("viewer"))
    upload("team/weekly", plain_notebook("# First"))
    client.get("/dashboards/team/weekly", headers=headers)  # rendered and cached
    upload("team/weekly", plain_notebook("# Second"))
    page = client.get("/dashboards/team/weekly", headers=headers).get_data(as_text=True)
    assert "Second" in page and "First" not in page


def test_each_version_keeps_its_own_files(upload: Upload, app: Flask) -> None:
    upload("team/weekly", plain_notebook("# First"))
    upload("team/weekly", plain_notebook("# Second"))
    root = state(app).data_dir / "notebooks"
    texts = sorted(path.read_text() for path in root.glob("*/v*/index.ipynb"))
    assert ["# First" in texts[0] or "# First" in texts[1], len(texts)] == [True, 2]


def test_upload_is_logged(
    upload: Upload, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    upload("team/weekly")
    items = client.get("/api/activity?action=notebook.upload", headers=auth_headers).get_json()
    assert [item["target"] for item in items["items"]] == ["team/weekly"]


def test_altair_spelling_of_vega_lite_is_accepted(upload: Upload) -> None:
    chart = {"mark": "bar", "data": {"values": [{"a": 1}]}}
    made = notebook(code("chart", [display({"application/vnd.vegalite.v6+json": chart})]))
    assert upload("charts", with_altair_spelling(ipynb(made))).status_code == 201


def test_a_zip_bundle_is_accepted(upload: Upload) -> None:
    bundle = zip_bundle({"index.ipynb": plain_notebook(), "img/logo.png": png()})
    assert upload("bundles/one", bundle, "bundle.zip").status_code == 201


# Refusals: each a 4xx whose message says which


def refusal(response: Any) -> tuple[int, str]:
    body = response.get_json()
    assert body["ok"] is False and body["status"] == response.status_code
    return response.status_code, body["error"]


def test_wrong_extension_is_refused(upload: Upload) -> None:
    status, message = refusal(upload("a", plain_notebook(), "notes.txt"))
    assert status == 400 and "wrong file extension" in message


def test_no_file_is_refused(client: FlaskClient, editor_token: str) -> None:
    response = client.post(
        "/_api/notebooks/a", data={"comment": "x"}, headers=token_header(editor_token)
    )
    status, message = refusal(response)
    assert status == 400 and "no file provided" in message


def test_a_json_body_is_no_file(client: FlaskClient, editor_token: str) -> None:
    response = client.post("/_api/notebooks/a", json={}, headers=token_header(editor_token))
    assert refusal(response)[0] == 400


def test_several_files_are_refused(client: FlaskClient, editor_token: str) -> None:
    files = [(io.BytesIO(plain_notebook()), "a.ipynb"), (io.BytesIO(plain_notebook()), "b.ipynb")]
    response = client.post(
        "/_api/notebooks/a", data={"file": files}, headers=token_header(editor_token)
    )
    status, message = refusal(response)
    assert status == 400 and "too many files" in message


def test_invalid_json_is_refused(upload: Upload) -> None:
    status, message = refusal(upload("a", b'{"cells": [', "a.ipynb"))
    assert status == 400 and "not valid JSON" in message


def test_json_that_is_not_a_notebook_is_refused(upload: Upload) -> None:
    status, message = refusal(upload("a", b'{"hello": "world"}', "a.ipynb"))
    assert status == 400 and "not a Jupyter notebook" in message


def test_an_invalid_notebook_names_where(upload: Upload) -> None:
    broken = ipynb(notebook(markdown("x"))).replace(b'"markdown"', b'"drawing"')
    status, message = refusal(upload("a", broken, "a.ipynb"))
    assert status == 400 and "not a valid Jupyter notebook: notebook.cells[0]" in message


def test_a_zip_without_index_is_refused(upload: Upload) -> None:
    bundle = zip_bundle({"report.ipynb": plain_notebook()})
    status, message = refusal(upload("a", bundle, "a.zip"))
    assert status == 400 and "no index.ipynb at its top level" in message


def test_a_zip_with_index_in_a_folder_says_so(upload: Upload) -> None:
    bundle = zip_bundle({"report/index.ipynb": plain_notebook()})
    assert "found 'report/index.ipynb'" in refusal(upload("a", bundle, "a.zip"))[1]


def test_a_file_named_zip_that_is_not_one_is_refused(upload: Upload) -> None:
    status, message = refusal(upload("a", b"not a zip at all", "a.zip"))
    assert status == 400 and "not a readable zip archive" in message


def test_zip_slip_is_refused(upload: Upload) -> None:
    bundle = zip_bundle({"index.ipynb": plain_notebook(), "../escaped.txt": b"x"})
    status, message = refusal(upload("a", bundle, "a.zip"))
    assert status == 400 and "'../escaped.txt' leaves the bundle's folder" in message


def test_absolute_entries_are_refused(upload: Upload) -> None:
    bundle = zip_bundle({"index.ipynb": plain_notebook(), "/etc/cron.d/x": b"x"})
    assert "is an absolute path" in refusal(upload("a", bundle, "a.zip"))[1]


def test_symlinks_are_refused(upload: Upload) -> None:
    bundle = zip_bundle({"index.ipynb": plain_notebook()}, symlinks={"secret": "/etc/passwd"})
    status, message = refusal(upload("a", bundle, "a.zip"))
    assert status == 400 and "'secret' is a symbolic link" in message


def test_nothing_is_stored_after_a_refusal(upload: Upload, app: Flask) -> None:
    upload("a", zip_bundle({"index.ipynb": plain_notebook(), "../x": b"x"}), "a.zip")
    root = state(app).data_dir / "notebooks"
    assert [path.name for path in root.iterdir()] == [".incoming"]
    assert list((root / ".incoming").iterdir()) == []


@pytest.fixture
def small_limits(settings_overrides: dict[str, Any]) -> None:
    settings_overrides.update(
        NOTEBOOK_MAX_UPLOAD_BYTES=50_000,
        NOTEBOOK_MAX_UNPACKED_BYTES=100_000,
        NOTEBOOK_MAX_ENTRIES=5,
    )


@pytest.mark.usefixtures("small_limits")
def test_a_zip_bomb_is_refused(upload: Upload) -> None:
    bundle = zip_bundle({"index.ipynb": plain_notebook(), "zeros.bin": bytes(10_000_000)})
    assert len(bundle) < 50_000
    status, message = refusal(upload("a", bundle, "a.zip"))
    assert status == 413 and "unpacks to more than 100000 bytes" in message


@pytest.mark.usefixtures("small_limits")
def test_too_many_entries_are_refused(upload: Upload) -> None:
    entries = {"index.ipynb": plain_notebook(), **{f"f{i}.txt": b"x" for i in range(9)}}
    status, message = refusal(upload("a", zip_bundle(entries), "a.zip"))
    assert status == 413 and "holds 10 entries; at most 5" in message


@pytest.mark.usefixtures("small_limits")
def test_an_upload_over_the_size_limit_is_refused(upload: Upload) -> None:
    big = ipynb(notebook(markdown("x" * 60_000)))
    status, message = refusal(upload("a", big, "a.ipynb"))
    assert status == 413 and "NOTEBOOK_MAX_UPLOAD_BYTES" in message


def test_the_upload_limit_replaces_the_request_limit(
    settings_overrides: dict[str, Any], app_factory: Callable[..., Flask], editor_token: str
) -> None:
    client = app_factory(MAX_REQUEST_BYTES=1_000).test_client()
    response = upload_to(
        client, "a", plain_notebook("y" * 5_000), headers=token_header(editor_token)
    )
    assert response.status_code == 201


def test_a_bad_path_is_refused(upload: Upload) -> None:
    status, message = refusal(upload("team/../x"))
    assert status == 400 and message.startswith("path: '..' is not a valid name")


def test_a_json_dashboard_path_is_taken(
    upload: Upload, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    client.post("/api/dashboard", json={"name": "sales", "title": "Sales"}, headers=auth_headers)
    status, message = refusal(upload("sales"))
    assert status == 409 and "a JSON dashboard already exists at 'sales'" in message


def test_a_json_dashboard_cannot_take_a_notebook_path(
    upload: Upload, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    upload("sales")
    document = {"name": "sales", "title": "Sales"}
    response = client.post("/api/dashboard", json=document, headers=auth_headers)
    assert refusal(response) == (409, "name: a notebook dashboard already exists at 'sales'")


# Authentication, always


def test_no_token_is_401_with_the_error_body(client: FlaskClient) -> None:
    response = upload_to(client, "a", plain_notebook())
    assert refusal(response) == (401, "Authentication required.")


def test_a_bad_token_is_401(client: FlaskClient) -> None:
    response = upload_to(client, "a", plain_notebook(), headers=token_header("badtoken"))
    assert refusal(response)[0] == 401


def test_a_viewer_is_403(client: FlaskClient, make_token: Callable[..., str]) -> None:
    headers = token_header(make_token("viewer"))
    status, message = refusal(upload_to(client, "a", plain_notebook(), headers=headers))
    assert status == 403 and "you may not change dashboards in '(top)'" in message


def test_an_editor_without_a_grant_on_a_closed_folder_is_403(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    editor_token: str,
) -> None:
    owner = make_user(role="editor")
    grants = {"grants": [{"user": owner.name, "role": "editor"}]}
    client.put("/api/permission?folder=private", json=grants, headers=auth_headers)
    response = upload_to(client, "private/x", plain_notebook(), headers=token_header(editor_token))
    assert refusal(response)[0] == 403


def test_a_viewer_with_an_editor_grant_may_upload_there(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    viewer = make_user(role="viewer")
    grants = {"grants": [{"user": viewer.name, "role": "editor"}]}
    client.put("/api/permission?folder=shared", json=grants, headers=auth_headers)
    headers = token_header(make_token(user_name=viewer.name))
    assert upload_to(client, "shared/x", plain_notebook(), headers=headers).status_code == 201


def test_dashboard_access_public_still_needs_a_token(
    app_factory: Callable[..., Flask],
) -> None:
    client = app_factory(DASHBOARD_ACCESS="public").test_client()
    assert upload_to(client, "a", plain_notebook()).status_code == 401
