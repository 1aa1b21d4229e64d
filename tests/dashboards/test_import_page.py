"""The Import page (``/dashboards-import/``) and the New folder page
(``/dashboards-new-folder/``) behind the Browse page's buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.dashboards.service import create_dashboard
from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.folder_grants import insert_team, replace_grants
from tests.conftest import login, state
from tests.dashboards.factories import chart_document


def signed_in(client: FlaskClient, make_user: Callable[..., Any], role: str) -> FlaskClient:
    make_user(f"a{role}", role=role)
    login(client, f"a{role}")
    return client


@pytest.fixture
def editor(client: FlaskClient, make_user: Callable[..., Any]) -> FlaskClient:
    return signed_in(client, make_user, "editor")


def store(app: Flask, **overrides: Any) -> None:
    with state(app).database.sessions() as session:
        create_dashboard(session, chart_document(**overrides), None)
        session.commit()


def close_folder(app: Flask, folder: str) -> None:
    with state(app).database.sessions() as session:
        team = insert_team(session, "insiders")
        grant = FolderGrant(folder=folder, team_id=team.id, role="editor")
        replace_grants(session, folder, [grant])
        session.commit()


# Browse buttons


def test_browse_shows_new_folder_and_import_to_editors(app: Flask, editor: FlaskClient) -> None:
    store(app)
    html = editor.get("/dashboards/team/reports/").get_data(as_text=True)
    links = re.findall(r'class="gb-browse-button" href="([^"]+)">([^<]+)<', html)
    assert links[1:] == [
        ("/dashboards-new-folder/?folder=team/reports", "New folder"),
        ("/dashboards-import/?folder=team/reports", "Import"),
    ]


# Import page


def test_import_page_carries_the_api_address_and_folder(editor: FlaskClient) -> None:
    html = editor.get("/dashboards-import/?folder=team").get_data(as_text=True)
    assert 'data-api-url="/api/dashboard/import" data-folder="team"' in html


def test_import_page_has_a_multiple_file_input(editor: FlaskClient) -> None:
    html = editor.get("/dashboards-import/").get_data(as_text=True)
    assert re.search(r'<input type="file" id="gb-import-files" [^>]*multiple', html)


def test_import_page_is_closed_to_viewers(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    viewer = signed_in(client, make_user, "viewer")
    assert viewer.get("/dashboards-import/").status_code == 403


def test_import_page_refuses_a_bad_folder(editor: FlaskClient) -> None:
    response = editor.get("/dashboards-import/?folder=a/../b")
    assert response.status_code == 400


def test_import_page_refuses_a_folder_without_a_grant(app: Flask, editor: FlaskClient) -> None:
    close_folder(app, "secret")
    assert editor.get("/dashboards-import/?folder=secret").status_code == 403


# New folder page


def test_new_folder_page_asks_for_a_name(editor: FlaskClient) -> None:
    html = editor.get("/dashboards-new-folder/?folder=team").get_data(as_text=True)
    assert 'name="name"' in html and "saving that dashboard creates the folder" in html


def test_valid_name_continues_to_the_editor(editor: FlaskClient) -> None:
    response = editor.get("/dashboards-new-folder/?folder=team&name=q1")
    assert (response.status_code, response.headers["Location"]) == (
        303,
        "/dashboards-new/?folder=team/q1",
    )


def test_top_level_folder_continues_to_the_editor(editor: FlaskClient) -> None:
    response = editor.get("/dashboards-new-folder/?name=ops")
    assert response.headers["Location"] == "/dashboards-new/?folder=ops"


def test_invalid_name_is_shown_with_the_reason(editor: FlaskClient) -> None:
    response = editor.get("/dashboards-new-folder/?folder=team&name=a+b")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Folder name: &#39;a b&#39; is not a valid name" in html
    assert 'aria-invalid="true"' in html


def test_empty_name_asks_for_one(editor: FlaskClient) -> None:
    response = editor.get("/dashboards-new-folder/?folder=team&name=+")
    assert "Enter a name for the folder." in response.get_data(as_text=True)


def test_existing_folder_is_refused(app: Flask, editor: FlaskClient) -> None:
    store(app)
    response = editor.get("/dashboards-new-folder/?folder=team&name=reports")
    assert "a folder &#39;team/reports&#39; already exists" in response.get_data(as_text=True)


def test_new_folder_page_is_closed_to_viewers(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    viewer = signed_in(client, make_user, "viewer")
    assert viewer.get("/dashboards-new-folder/?name=x").status_code == 403


def test_new_folder_in_a_closed_folder_is_refused(app: Flask, editor: FlaskClient) -> None:
    close_folder(app, "secret")
    assert editor.get("/dashboards-new-folder/?folder=secret&name=x").status_code == 403
