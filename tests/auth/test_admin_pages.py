"""The admin pages: drawn for admins only, every control labelled, secrets never shown,
the roles table read from the routes' access rules, the activity log filterable."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from tests.conftest import DEFAULT_PASSWORD, login, state
from tests.dashboards.api_helpers import bearer

PAGES = ["/admin/", "/admin/teams", "/admin/roles", "/admin/tokens", "/admin/keys"]
PAGES += ["/admin/embeds", "/admin/jobs", "/admin/settings", "/admin/activity"]


@pytest.fixture
def admin(app: Flask, make_user: Callable[..., Any]) -> FlaskClient:
    """A browser signed in as the admin ``boss``."""
    make_user("boss", role="admin")
    browser = app.test_client()
    login(browser, "boss")
    return browser


@pytest.mark.parametrize("path", PAGES)
def test_page_is_drawn_for_admins(admin: FlaskClient, path: str) -> None:
    assert admin.get(path).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_page_refuses_editors(app: Flask, make_user: Callable[..., Any], path: str) -> None:
    make_user("ed", role="editor")
    browser = app.test_client()
    login(browser, "ed")
    assert browser.get(path).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/admin/")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=/admin/")


@pytest.mark.parametrize("path", PAGES)
def test_nav_marks_the_current_page(admin: FlaskClient, path: str) -> None:
    html = admin.get(path).get_data(as_text=True)
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', html) == [path]


@pytest.mark.parametrize("path", PAGES)
def test_every_control_has_a_label(admin: FlaskClient, path: str) -> None:
    html = admin.get(path).get_data(as_text=True)
    ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html)
    controls = re.findall(r"<(?:input|select)\b(?![^>]*type=\"hidden\")", html)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert (len(ids), set(ids) - labelled) == (len(controls), set())


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_inline_script_or_style(admin: FlaskClient, path: str) -> None:
    html = admin.get(path).get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=", html)
    assert inline == []


def test_users_page_lists_users_with_change_forms(
    admin: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann", role="editor")
    html = admin.get("/admin/").get_data(as_text=True)
    assert '<th scope="row">ann</th>' in html and 'data-api="/api/user/ann"' in html


def test_tokens_page_never_shows_a_secret(
    app: Flask, admin: FlaskClient, make_token: Callable[..., str]
) -> None:
    secret = make_token("viewer")
    html = admin.get("/admin/tokens").get_data(as_text=True)
    assert secret not in html and secret[:8] in html


def test_settings_page_masks_secrets(
    app: Flask, admin: FlaskClient, settings_overrides: dict[str, Any]
) -> None:
    html = admin.get("/admin/settings").get_data(as_text=True)
    assert settings_overrides["DATABASE_URL"] not in html and "(set)" in html


def test_roles_table_follows_the_access_rules(admin: FlaskClient) -> None:
    html = admin.get("/admin/roles").get_data(as_text=True)
    row = re.search(r"<code>/api/activity</code>.*?</tr>", html, re.S)
    assert row is not None and re.findall(r">(yes|no)</td>", row.group(0)) == ["no", "no", "yes"]


def test_roles_table_lists_every_route(app: Flask, admin: FlaskClient) -> None:
    html = admin.get("/admin/roles").get_data(as_text=True)
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("gaugeboard.")}
    missing = [
        rule
        for rule in rules
        if f"<code>{rule}</code>" not in html.replace("&lt;", "<").replace("&gt;", ">")
    ]
    assert missing == []


def test_embeds_list_covers_every_dashboard(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    headers = bearer(make_token("admin"))
    for name in ("one", "two"):
        document = {"title": name, "name": name, "widgets": []}
        created = client.post("/api/dashboard", json=document, headers=headers).get_json()
        embed_url = f"/api/dashboard/{created['dashboard']['id']}/embed"
        client.post(embed_url, json={"label": name}, headers=headers)
    items = client.get("/api/embed", headers=headers).get_json()["items"]
    assert sorted((item["path"], item["label"]) for item in items) == [
        ("one", "one"),
        ("two", "two"),
    ]


def test_embeds_list_is_for_admins_only(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    assert client.get("/api/embed", headers=bearer(make_token("editor"))).status_code == 403


def test_activity_page_filters_by_action(admin: FlaskClient) -> None:
    html = admin.get("/admin/activity?action=login").get_data(as_text=True)
    assert "<code>login</code>" in html and "1 entry," in html


def test_activity_page_names_a_bad_filter(admin: FlaskClient) -> None:
    response = admin.get("/admin/activity?since=soon")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "since: must be an ISO 8601 time" in html


def test_activity_page_links_older_entries(
    admin: FlaskClient, make_token: Callable[..., str]
) -> None:
    headers = bearer(make_token("admin"))
    for number in range(55):
        admin.post("/api/team", json={"name": f"t{number}"}, headers=headers)
    html = admin.get("/admin/activity?action=team.create").get_data(as_text=True)
    assert 'href="/admin/activity?action=team.create&amp;page=2" rel="next"' in html


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STATUS_API_SECRET", "s3cret-for-configure"),
        ("STATUS_WEBHOOK_URLS", "https://hooks.example.com/T0/B0/abcdef"),
    ],
)
def test_settings_api_masks_status_secrets(
    app_factory: Callable[..., Flask], name: str, value: str
) -> None:
    application = app_factory(**{name: value})
    with state(application).database.sessions() as session:
        create_user(session, "root", DEFAULT_PASSWORD, "admin")
        _token, secret = create_token(session, "root", "t", 0)
        session.commit()
    body = application.test_client().get("/api/settings", headers=bearer(secret))
    assert value not in body.get_data(as_text=True)
