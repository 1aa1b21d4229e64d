"""The admin pages read as screens: counts in words ("1 user"), destructive buttons marked,
roles explained before the route table (folded under details), settings under topics."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from gaugeboard.config import SETTINGS
from gaugeboard.web.settings_topics import OTHER, grouped, topic_of
from tests.conftest import login


@pytest.fixture
def admin(app: Flask, make_user: Callable[..., Any]) -> FlaskClient:
    make_user("boss", role="admin")
    browser = app.test_client()
    login(browser, "boss")
    return browser


def html(client: FlaskClient, path: str) -> str:
    return client.get(path).get_data(as_text=True)


def test_one_user_is_counted_in_the_singular(admin: FlaskClient) -> None:
    assert "<caption>1 user</caption>" in html(admin, "/admin/")


def test_two_users_are_counted_in_the_plural(
    admin: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("vic", role="viewer")
    assert "<caption>2 users</caption>" in html(admin, "/admin/")


def test_one_event_key_is_singular(admin: FlaskClient, event_key: str) -> None:
    assert "<caption>1 event key</caption>" in html(admin, "/admin/keys")


def test_deactivate_is_styled_as_destructive(
    admin: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("vic", role="viewer")
    buttons = re.findall(r"<button[^>]*>Deactivate", html(admin, "/admin/"))
    assert buttons and all('class="gb-button-danger"' in b for b in buttons)


def test_revoke_is_styled_as_destructive(admin: FlaskClient, event_key: str) -> None:
    assert re.search(
        r'<button type="button" class="gb-button-danger"[^>]*>Revoke', html(admin, "/admin/keys")
    )


def test_change_role_is_not_styled_as_destructive(admin: FlaskClient) -> None:
    assert re.search(r'<button type="submit">Change role', html(admin, "/admin/"))


def test_roles_are_explained_before_the_folded_route_table(admin: FlaskClient) -> None:
    page = html(admin, "/admin/roles")
    words, details, table = (
        page.index("<dt>Viewer</dt>"),
        page.index("<details"),
        page.index("<table"),
    )
    assert words < details < table < page.index("</details>")


def test_settings_are_grouped_under_topic_headings(admin: FlaskClient) -> None:
    headings = re.findall(r'<h2 id="gb-topic-\d+">([^<]+)</h2>', html(admin, "/admin/settings"))
    assert headings[:3] == ["Server and storage", "Sign-in and security", "Dashboards"]


def test_each_setting_shows_what_it_does(admin: FlaskClient) -> None:
    page = html(admin, "/admin/settings")
    log_level = next(s for s in SETTINGS if s.name == "LOG_LEVEL")
    assert str(escape(log_level.help)) in page


def test_every_setting_is_listed_once() -> None:
    items = [{"name": s.name} for s in SETTINGS]
    listed = [item["name"] for group in grouped(items) for item in group.items]
    assert sorted(listed) == sorted(s.name for s in SETTINGS)


def test_longest_prefix_wins() -> None:
    assert (topic_of("DASHBOARD_ACCESS"), topic_of("STATUS_URL")) == ("Dashboards", "Status page")


def test_unplaced_setting_falls_under_other() -> None:
    assert topic_of("SOMETHING_NEW") == OTHER


def test_todays_settings_all_have_a_topic() -> None:
    assert [s.name for s in SETTINGS if topic_of(s.name) == OTHER] == []
