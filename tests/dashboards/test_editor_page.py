"""The editor pages (``/dashboards-edit/PATH``, ``/dashboards-new/``): who may open them,
what they carry, and the view page's Edit link."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.dashboards.service import create_dashboard
from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.folder_grants import insert_team, replace_grants
from tests.conftest import login, state
from tests.dashboards.factories import chart_document

EDIT = "/dashboards-edit/team/reports/sales"
EDIT_LINK = '<a class="gb-edit-link" href="/dashboards-edit/team/reports/sales">Edit</a>'


def store(app: Flask, **overrides: Any) -> None:
    with state(app).database.sessions() as session:
        create_dashboard(session, chart_document(**overrides), None)
        session.commit()


def signed_in(client: FlaskClient, make_user: Callable[..., Any], role: str) -> FlaskClient:
    make_user(f"a{role}", role=role)
    login(client, f"a{role}")
    return client


def embedded_document(html: str) -> Any:
    found = re.search(
        r'<script type="application/json" id="gb-editor-document">(.*?)</script>', html
    )
    assert found is not None
    return json.loads(found.group(1))


def close_folder(app: Flask, user_name: str | None = None) -> None:
    """Grants on ``team``: the named user may only view there; without a name, only a team
    the caller is not in may see it."""
    with state(app).database.sessions() as session:
        if user_name is None:
            team = insert_team(session, "insiders")
            grant = FolderGrant(folder="team", team_id=team.id, role="viewer")
        else:
            from gaugeboard.store.users import find_user_by_name

            user = find_user_by_name(session, user_name)
            assert user is not None
            grant = FolderGrant(folder="team", user_id=user.id, role="viewer")
        replace_grants(session, "team", [grant])
        session.commit()


def test_editor_page_carries_the_stored_document(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    response = signed_in(client, make_user, "editor").get(EDIT)
    document = embedded_document(response.get_data(as_text=True))
    assert (response.status_code, document["widgets"][0]["id"]) == (200, "by-region")


def test_editor_page_carries_the_version_to_save_against(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    html = signed_in(client, make_user, "editor").get(EDIT).get_data(as_text=True)
    assert 'data-version="1"' in html


def test_viewers_may_not_open_the_editor(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    assert signed_in(client, make_user, "viewer").get(EDIT).status_code == 403


def test_missing_dashboard_is_not_found(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    response = signed_in(client, make_user, "editor").get("/dashboards-edit/nope/nothing")
    assert response.status_code == 404


def test_dashboard_in_a_closed_folder_is_not_found(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    editor = signed_in(client, make_user, "editor")
    close_folder(app)
    assert editor.get(EDIT).status_code == 404


def test_editor_who_may_only_view_the_folder_is_refused(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    editor = signed_in(client, make_user, "editor")
    close_folder(app, "aeditor")
    assert editor.get(EDIT).status_code == 403


def test_new_dashboard_page_starts_in_the_folder_asked_for(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    response = signed_in(client, make_user, "editor").get("/dashboards-new/?folder=team/new")
    document = embedded_document(response.get_data(as_text=True))
    assert (response.status_code, document["folder"], document["widgets"]) == (
        200,
        "team/new",
        [],
    )


def test_new_dashboard_page_refuses_a_bad_folder(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    response = signed_in(client, make_user, "editor").get("/dashboards-new/?folder=a//b")
    assert response.status_code == 400


def test_new_dashboard_page_is_refused_to_viewers(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    assert signed_in(client, make_user, "viewer").get("/dashboards-new/").status_code == 403


def test_view_page_links_editors_to_the_editor(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    html = signed_in(client, make_user, "editor").get("/dashboards/team/reports/sales")
    assert EDIT_LINK in html.get_data(as_text=True)


def test_view_page_has_no_edit_link_for_viewers(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    html = signed_in(client, make_user, "viewer").get("/dashboards/team/reports/sales")
    assert "gb-edit-link" not in html.get_data(as_text=True)


def test_kiosk_and_plain_pages_have_no_edit_link(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    editor = signed_in(client, make_user, "editor")
    pages = [
        editor.get(url).get_data(as_text=True)
        for url in (
            "/dashboards/team/reports/sales?kiosk=1",
            "/dashboards/team/reports/sales?embed=1",
            "/dashboards-plain/team/reports/sales",
        )
    ]
    assert ["gb-edit-link" in html for html in pages] == [False, False, False]


def test_browse_page_offers_a_new_dashboard_in_its_folder(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    html = signed_in(client, make_user, "editor").get("/dashboards/team/reports/")
    assert 'href="/dashboards-new/?folder=team/reports">New dashboard</a>' in html.get_data(
        as_text=True
    )
