"""FlaskStatus's route configuration API: PUT renames, DELETE forgets; bad calls get the
JSON error body with 400/401/403/404, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import shutdown
from tests.monitor.helpers import count_of, monitor_of, token_for
from tests.monitor.monitored_app import build_monitored_app

SECRET = "tSx0L5exSjiPqqXs"
BEARER = {"Authorization": f"Bearer {SECRET}"}


@pytest.fixture
def configured(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    app = build_monitored_app(
        {**settings_overrides, "STATUS_API_SECRET": SECRET, "STATUS_ACCESS": "public"}
    )
    yield app
    shutdown(app)


@pytest.fixture
def api(configured: Flask) -> FlaskClient:
    return configured.test_client()


def route_names(client: FlaskClient) -> dict[str, str]:
    routes = client.get("/gaugeboard/api/status").get_json()["routes"]
    return {route["rule"]: route["name"] for route in routes}


def test_put_renames_a_route(api: FlaskClient) -> None:
    response = api.put(
        "/flask-status/configure",
        json={"rule": "/", "name": "Hello World!", "doc": ""},
        headers=BEARER,
    )
    assert response.get_json()["message"] == "Route modified"
    assert route_names(api)["/"] == "Hello World!"


def test_docstring_names_routes_until_renamed(api: FlaskClient) -> None:
    names = route_names(api)
    assert (names["/"], names["/items"]) == ("Home page", "items")


def test_delete_forgets_the_route_and_its_data(configured: Flask, api: FlaskClient) -> None:
    api.get("/items")
    monitor_of(configured).flush()
    response = api.delete("/flask-status/configure", json={"rule": "/items"}, headers=BEARER)
    assert response.get_json()["message"] == "Route deleted"
    assert "/items" not in route_names(api) and count_of(configured, "/items") == 0


def test_the_api_path_works_the_same(api: FlaskClient) -> None:
    response = api.put(
        "/gaugeboard/api/status/route", json={"rule": "/items", "name": "Items"}, headers=BEARER
    )
    assert response.status_code == 200 and route_names(api)["/items"] == "Items"


def test_an_admin_token_may_configure(api: FlaskClient, configured: Flask) -> None:
    response = api.put(
        "/flask-status/configure",
        json={"rule": "/items", "name": "Stock"},
        headers=token_for(configured, "boss", "admin"),
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({}, {"rule": "/"}, 401),
        ({"Authorization": f"Basic {SECRET}"}, {"rule": "/"}, 400),
        ({"Authorization": "Bearer wrong"}, {"rule": "/"}, 401),
        (BEARER, {"rule": "/nope"}, 404),
        (BEARER, {"name": "x"}, 400),
        (BEARER, {"rule": "/", "id": 5}, 400),
    ],
    ids=["no-header", "wrong-scheme", "wrong-secret", "unknown-rule", "no-rule", "unknown-key"],
)
def test_bad_calls_get_the_json_error_body(
    api: FlaskClient, headers: dict[str, str], body: dict[str, Any], status: int
) -> None:
    response = api.put("/flask-status/configure", json=body, headers=headers)
    assert (response.status_code, response.get_json()["ok"]) == (status, False)


def test_a_missing_rule_is_named(api: FlaskClient) -> None:
    response = api.delete("/flask-status/configure", json={}, headers=BEARER)
    assert response.get_json()["errors"] == ["rule: no rule provided"]


def test_without_a_secret_only_admin_tokens_work(
    monitored: Flask, monitored_client: FlaskClient
) -> None:
    response = monitored_client.put(
        "/flask-status/configure", json={"rule": "/"}, headers={"Authorization": "Bearer "}
    )
    assert response.status_code == 400


def test_flask_status_api_secret_setting_is_honoured(settings_overrides: dict[str, Any]) -> None:
    from gaugeboard.extension import Gaugeboard

    app = Flask("reference_style")
    app.config["API_ENABLED"] = True
    app.config["API_SECRET"] = SECRET

    @app.route("/")
    def index() -> str:
        return "hi"

    Gaugeboard(app, overrides=settings_overrides)
    try:
        response = app.test_client().put(
            "/flask-status/configure", json={"rule": "/", "name": "Root"}, headers=BEARER
        )
        assert response.status_code == 200
    finally:
        shutdown(app)


def test_flask_status_constructor_takes_routes_and_a_bare_prefix(
    settings_overrides: dict[str, Any],
) -> None:
    from gaugeboard.flask_status import FlaskStatus

    app = Flask("flask_status_style")

    @app.route("/")
    def index() -> str:
        return "hi"

    @app.route("/other")
    def other() -> str:
        return "other"

    FlaskStatus(
        app,
        routes=["/"],
        url_prefix="health",
        overrides={**settings_overrides, "STATUS_ACCESS": "public"},
    )
    try:
        routes = app.test_client().get("/gaugeboard/api/status").get_json()["routes"]
        assert app.test_client().get("/health").status_code == 200
        assert [route["rule"] for route in routes] == ["/"]
    finally:
        shutdown(app)


def test_a_null_name_keeps_the_routes_name(api: FlaskClient) -> None:
    response = api.put("/flask-status/configure", json={"rule": "/", "name": None}, headers=BEARER)
    assert (response.status_code, route_names(api)["/"]) == (200, "Home page")


def test_delete_names_each_field_it_does_not_take(api: FlaskClient) -> None:
    body = {"rule": "/", "name": "x", "doc": "y"}
    response = api.delete("/flask-status/configure", json=body, headers=BEARER)
    assert response.get_json()["errors"] == [
        "name: unknown field; allowed: rule",
        "doc: unknown field; allowed: rule",
    ]
