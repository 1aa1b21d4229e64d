"""Regression tests for defects found in review of the foundation (one behaviour each)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from gaugeboard.dashboards.service import create_dashboard
from gaugeboard.extension import Gaugeboard
from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import LoginSession, User
from tests.conftest import DEFAULT_PASSWORD, login, state
from tests.dashboards.factories import chart_document

AppFactory = Callable[..., Flask]


def test_login_next_with_a_control_character_stays_on_site(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = client.post(
        "/login",
        data={"username": "ann", "password": DEFAULT_PASSWORD, "next": "/\t/evil.example/phish"},
    )
    assert response.headers["Location"] == "/"


def test_login_from_a_null_origin_is_refused(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = client.post(
        "/login", data={"username": "ann", "password": DEFAULT_PASSWORD}, headers={"Origin": "null"}
    )
    assert response.status_code == 403


def test_an_open_read_does_not_block_a_write(
    app_factory: AppFactory, auth_headers: dict[str, str]
) -> None:
    app = app_factory(SQLITE_BUSY_TIMEOUT_MS=300)
    with state(app).database.sessions() as reader:
        reader.execute(select(User)).all()  # a read transaction stays open
        response = app.test_client().post(
            "/api/user",
            json={"name": "newbie", "password": "long-enough", "role": "viewer"},
            headers=auth_headers,
        )
    assert response.status_code == 201


def test_parallel_wrong_passwords_cannot_pass_the_limit(
    app_factory: AppFactory, make_user: Callable[..., Any]
) -> None:
    app = app_factory(LOGIN_MAX_ATTEMPTS=3)
    make_user("ann")

    def attempt(_: int) -> int:
        return (
            app.test_client()
            .post("/login", json={"username": "ann", "password": "wrong-one"})
            .status_code
        )

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(attempt, range(12)))
    assert codes.count(401) <= 3


def test_parallel_identical_creates_give_one_201_and_409s(
    app: Flask, auth_headers: dict[str, str]
) -> None:
    def create(_: int) -> int:
        return (
            app.test_client()
            .post("/api/dashboard", json=chart_document(), headers=auth_headers)
            .status_code
        )

    with ThreadPoolExecutor(6) as pool:
        codes = sorted(pool.map(create, range(6)))
    assert codes == [201] + [409] * 5


@pytest.fixture
def host(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    app = Flask("host_for_errors")

    @app.errorhandler(404)
    def host_404(_error: Exception) -> tuple[str, int]:
        return "host page", 404

    Gaugeboard(app, url_prefix="/gb", overrides=settings_overrides)
    yield app
    state(app).database.dispose()


def test_unknown_path_under_the_prefix_with_post_is_a_json_404(host: Flask) -> None:
    response = host.test_client().post("/gb/api/nope", json={})
    assert (response.status_code, response.get_json()["code"]) == (404, "not_found")


def test_wrong_method_under_the_prefix_is_a_json_405_with_allow(host: Flask) -> None:
    response = host.test_client().delete("/gb/api/user")
    assert (response.status_code, response.headers["Allow"]) == (405, "GET, HEAD, OPTIONS, POST")


def test_missing_static_file_under_the_prefix_gets_the_gaugeboard_404(host: Flask) -> None:
    with host.test_client().get("/gb/static/missing.css") as response:
        assert "host page" not in response.get_data(as_text=True) and response.status_code == 404


def test_data_urls_inside_layers_are_never_fetched(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    document = chart_document()
    document["widgets"][0]["spec"] = {
        "layer": [{"data": {"url": "/api/token"}, "mark": "bar"}],
        "transform": [{"lookup": "a", "from": {"data": {"url": "/api/settings"}, "key": "a"}}],
    }
    del document["widgets"][0]["source"]
    with state(app).database.sessions() as session:
        create_dashboard(session, document, None)
        session.commit()
    make_user("viv")
    login(client, "viv")
    assert (
        "/api/"
        not in client.get("/dashboards/team/reports/sales")
        .get_data(as_text=True)
        .split('id="gb-specs"')[1]
    )


def test_odd_data_in_a_spec_does_not_break_the_page(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    document = chart_document()
    document["widgets"][0]["spec"]["data"] = 5
    del document["widgets"][0]["source"]
    with state(app).database.sessions() as session:
        create_dashboard(session, document, None)
        session.commit()
    make_user("viv")
    login(client, "viv")
    assert client.get("/dashboards/team/reports/sales").status_code == 200


def test_renewed_session_sends_the_cookie_again(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    login(client, "ann")
    with state(app).database.sessions() as session:
        session.execute(update(LoginSession).values(expires_at=utcnow() + timedelta(hours=1)))
        session.commit()
    assert "gaugeboard_session=" in client.get("/api/user/me").headers.get("Set-Cookie", "")


def test_folder_listing_is_case_sensitive(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    with state(app).database.sessions() as session:
        create_dashboard(session, chart_document(folder="Team/secret"), None)
        create_dashboard(session, chart_document(folder="team/x"), None)
        session.commit()
    assert client.get("/api/dashboard?folder=team", headers=auth_headers).get_json()["folders"] == [
        "team/x"
    ]


def test_very_long_user_name_is_just_a_failed_login(client: FlaskClient) -> None:
    response = client.post("/login", json={"username": "u" * 400, "password": "whatever1"})
    assert response.status_code == 401


def test_chunked_body_over_the_limit_is_413(
    app_factory: AppFactory, auth_headers: dict[str, str]
) -> None:
    app = app_factory(MAX_REQUEST_BYTES=100)
    response = app.test_client().post(
        "/api/user",
        input_stream=io.BytesIO(b'{"name": "' + b"x" * 500 + b'"}'),
        headers={
            **auth_headers,
            "Content-Type": "application/json",
            "Transfer-Encoding": "chunked",
        },
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
