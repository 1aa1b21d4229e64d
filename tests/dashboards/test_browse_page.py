"""The Browse page (``/dashboards/[PATH/]``): search across the tree, pagination, owner and
widget count, folder grants, create buttons only for those who may create."""

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


def store(app: Flask, owner_id: int | None = None, **overrides: Any) -> None:
    with state(app).database.sessions() as session:
        create_dashboard(session, chart_document(**overrides), owner_id)
        session.commit()


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def signed_in(client: FlaskClient, make_user: Callable[..., Any], role: str) -> FlaskClient:
    make_user(f"a{role}", role=role)
    login(client, f"a{role}")
    return client


@pytest.fixture
def viewer(client: FlaskClient, make_user: Callable[..., Any]) -> FlaskClient:
    return signed_in(client, make_user, "viewer")


def dashboard_links(html: str) -> list[str]:
    return re.findall(r'<tr class="gb-dashboard">\s*<td>\s*<a href="([^"]+)"', html)


# Search


def test_search_finds_dashboards_in_folders_below(app: Flask, viewer: FlaskClient) -> None:
    store(app, folder="team/reports/deep", name="revenue", title="Revenue")
    html = page(viewer, "/dashboards/team/?search=revenue")
    assert dashboard_links(html) == ["/dashboards/team/reports/deep/revenue"]


def test_search_leaves_out_dashboards_that_do_not_match(app: Flask, viewer: FlaskClient) -> None:
    store(app, folder="team/a", name="revenue", title="Revenue")
    store(app, folder="team/b", name="costs", title="Costs")
    assert dashboard_links(page(viewer, "/dashboards/?search=reven")) == [
        "/dashboards/team/a/revenue"
    ]


def test_search_stays_inside_the_folder(app: Flask, viewer: FlaskClient) -> None:
    store(app, folder="team/a", name="revenue", title="Revenue")
    store(app, folder="other", name="revenue", title="Revenue")
    assert dashboard_links(page(viewer, "/dashboards/team/?search=revenue")) == [
        "/dashboards/team/a/revenue"
    ]


def test_search_results_show_their_folder(app: Flask, viewer: FlaskClient) -> None:
    store(app, folder="team/reports/deep", name="revenue", title="Revenue")
    html = page(viewer, "/dashboards/?search=revenue")
    assert '<td class="gb-location">team/reports/deep</td>' in html


def test_search_without_results_explains_itself(app: Flask, viewer: FlaskClient) -> None:
    store(app)
    html = page(viewer, "/dashboards/team/reports/?search=nothing-like-it")
    assert "No dashboard below reports matches “nothing-like-it”" in html


def test_search_box_keeps_the_query_escaped(app: Flask, viewer: FlaskClient) -> None:
    store(app)
    html = page(viewer, '/dashboards/?search="><b>x')
    assert 'value="&#34;&gt;&lt;b&gt;x"' in html


def test_search_box_is_labelled(app: Flask, viewer: FlaskClient) -> None:
    store(app)
    html = page(viewer, "/dashboards/")
    assert '<label for="gb-search">' in html and 'id="gb-search"' in html


# Columns


def test_listing_shows_the_owner(
    app: Flask, viewer: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app, owner_id=make_user("olga", role="editor").id)
    assert '<td class="gb-owner">olga</td>' in page(viewer, "/dashboards/team/reports/")


def test_listing_shows_the_widget_count(app: Flask, viewer: FlaskClient) -> None:
    document = chart_document()
    store(app, widgets=[document["widgets"][0], {**document["widgets"][0], "id": "second"}])
    assert '<td class="gb-widget-count">2</td>' in page(viewer, "/dashboards/team/reports/")


def test_listing_shows_the_last_change_in_utc(app: Flask, viewer: FlaskClient) -> None:
    store(app)
    html = page(viewer, "/dashboards/team/reports/")
    assert re.search(r'<time class="gb-local-time" datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">', html)


# Pagination


def test_first_page_holds_25_rows(app: Flask, viewer: FlaskClient) -> None:
    for number in range(27):
        store(app, folder="many", name=f"d{number:02}", title=f"D {number:02}")
    assert len(dashboard_links(page(viewer, "/dashboards/many/"))) == 25


def test_second_page_holds_the_rest(app: Flask, viewer: FlaskClient) -> None:
    for number in range(27):
        store(app, folder="many", name=f"d{number:02}", title=f"D {number:02}")
    assert dashboard_links(page(viewer, "/dashboards/many/?page=2")) == [
        "/dashboards/many/d25",
        "/dashboards/many/d26",
    ]


def test_pager_links_keep_the_search(app: Flask, viewer: FlaskClient) -> None:
    for number in range(27):
        store(app, folder="many", name=f"d{number:02}", title=f"Sales {number:02}")
    html = page(viewer, "/dashboards/?search=sales")
    assert 'rel="next" href="/dashboards/?search=sales&amp;page=2"' in html


def test_page_past_the_end_links_back_to_the_first(app: Flask, viewer: FlaskClient) -> None:
    store(app)
    assert "Go to the first page" in page(viewer, "/dashboards/team/reports/?page=9")


def test_page_that_is_not_a_number_is_refused(app: Flask, viewer: FlaskClient) -> None:
    store(app)
    assert viewer.get("/dashboards/team/reports/?page=two").status_code == 400


# Permissions


def test_closed_folder_is_not_listed(app: Flask, viewer: FlaskClient) -> None:
    store(app, folder="secret", name="plans")
    store(app, folder="open", name="plans")
    with state(app).database.sessions() as session:
        team = insert_team(session, "insiders")
        replace_grants(
            session, "secret", [FolderGrant(folder="secret", team_id=team.id, role="viewer")]
        )
        session.commit()
    assert 'href="/dashboards/secret/"' not in page(viewer, "/dashboards/")


def test_search_skips_dashboards_in_closed_folders(app: Flask, viewer: FlaskClient) -> None:
    store(app, folder="secret", name="plans", title="Plans")
    with state(app).database.sessions() as session:
        team = insert_team(session, "insiders")
        replace_grants(
            session, "secret", [FolderGrant(folder="secret", team_id=team.id, role="viewer")]
        )
        session.commit()
    assert dashboard_links(page(viewer, "/dashboards/?search=plans")) == []


def test_create_button_is_hidden_from_viewers(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    html = page(signed_in(client, make_user, "viewer"), "/dashboards/team/reports/")
    assert "New dashboard" not in html


def test_create_button_is_shown_to_editors(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    html = page(signed_in(client, make_user, "editor"), "/dashboards/team/reports/")
    new = "/dashboards-new/?folder=team/reports"
    assert f'<a class="gb-browse-button" href="{new}">New dashboard</a>' in html


def test_no_button_links_to_a_page_that_does_not_exist(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    store(app)
    html = page(signed_in(client, make_user, "admin"), "/dashboards/team/reports/")
    links = re.findall(r'class="gb-browse-button" href="([^"]+)"', html)
    assert [client.get(link).status_code for link in links] == [200, 200, 200]


# Navigation and states


def test_last_breadcrumb_is_the_current_page(app: Flask, viewer: FlaskClient) -> None:
    store(app)
    html = page(viewer, "/dashboards/team/reports/")
    assert '<a href="/dashboards/team/reports/" aria-current="page">reports</a>' in html


def test_folder_with_an_index_dashboard_still_shows_it(app: Flask, viewer: FlaskClient) -> None:
    store(app, name="index", title="Team home")
    assert "<h1>Team home</h1>" in page(viewer, "/dashboards/team/reports/")


def test_empty_root_has_an_empty_state(viewer: FlaskClient) -> None:
    assert "No dashboards here yet." in page(viewer, "/dashboards/")


def test_search_in_a_folder_with_an_index_lists_results(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    for name in ("index", "revenue"):
        client.post(
            "/api/dashboard",
            json={"title": name.title(), "name": name, "folder": "sales"},
            headers=auth_headers,
        )
    html = client.get("/dashboards/sales/?search=reven", headers=auth_headers).get_data(
        as_text=True
    )
    assert 'href="/dashboards/sales/revenue"' in html


def test_dashboards_show_their_thumbnail_lazily(app: Flask, viewer: FlaskClient) -> None:
    store(app, name="with-picture")
    html = page(viewer, "/dashboards/team/reports/")
    found = re.search(r'<img class="gb-thumb" src="([^"]+)" loading="lazy"', html)
    assert found is not None
    picture = viewer.get(found.group(1))
    assert (picture.status_code, picture.mimetype) == (200, "image/png")
