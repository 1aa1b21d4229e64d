"""Every HTML page, error pages included, keeps the signed-in user and the site navigation;
FlaskStatus's status page is public by default, as the reference's was."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.auth.users import create_user
from gaugeboard.flask_status import FlaskStatus
from tests.conftest import DEFAULT_PASSWORD, login, shutdown, state


@pytest.fixture
def signed_in(client: FlaskClient, make_user: Callable[..., Any]) -> FlaskClient:
    make_user("ada", role="admin")
    login(client, "ada")
    return client


def host_with_flask_status(overrides: dict[str, Any]) -> Flask:
    host = Flask("flask_status_host")
    FlaskStatus(host, overrides=overrides)
    return host


@pytest.fixture
def flask_status_host(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    host = host_with_flask_status(settings_overrides)
    yield host
    shutdown(host)


def test_an_error_page_keeps_the_signed_in_user(signed_in: FlaskClient) -> None:
    html = signed_in.get("/dashboards/nope/x").get_data(as_text=True)
    assert "ada (admin)" in html and "Sign out" in html


def test_an_error_page_keeps_the_site_navigation(signed_in: FlaskClient) -> None:
    html = signed_in.get("/dashboards-edit/nope").get_data(as_text=True)
    assert 'aria-label="Site"' in html and ">Data sets<" in html


def test_a_missing_page_says_so_in_words(signed_in: FlaskClient) -> None:
    response = signed_in.get("/nope")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "Page not found" in html


def test_a_signed_out_visitor_is_offered_sign_in_on_a_missing_page(client: FlaskClient) -> None:
    response = client.get("/nope")
    assert response.status_code == 404 and "/login?next=/nope" in response.get_data(as_text=True)


def test_the_navigation_links_to_the_status_page(signed_in: FlaskClient) -> None:
    html = signed_in.get("/explore").get_data(as_text=True)
    assert '<a href="/status"' in html and ">Status<" in html


def test_no_status_link_when_the_status_page_is_off(app_factory: Callable[..., Flask]) -> None:
    quiet = app_factory(STATUS_ENABLED=False)
    make_user_in(quiet, "bo")
    client = quiet.test_client()
    login(client, "bo")
    assert ">Status<" not in client.get("/explore").get_data(as_text=True)


def make_user_in(application: Flask, name: str) -> None:
    with state(application).database.sessions() as db:
        create_user(db, name, DEFAULT_PASSWORD, "admin")
        db.commit()


def test_flask_status_serves_a_public_page_by_default(flask_status_host: Flask) -> None:
    assert flask_status_host.test_client().get("/status").status_code == 200


def test_flask_status_keeps_a_login_chosen_in_overrides(
    settings_overrides: dict[str, Any],
) -> None:
    host = host_with_flask_status({**settings_overrides, "STATUS_ACCESS": "login"})
    try:
        assert host.test_client().get("/status").status_code == 302
    finally:
        shutdown(host)


def test_flask_status_keeps_a_login_chosen_in_the_host_config(
    settings_overrides: dict[str, Any],
) -> None:
    host = Flask("flask_status_host")
    host.config["GAUGEBOARD_STATUS_ACCESS"] = "login"
    FlaskStatus(host, overrides=settings_overrides)
    try:
        assert host.test_client().get("/status").status_code == 302
    finally:
        shutdown(host)
