"""No route is open by accident: every route declares who may use it, and every route that
needs a login refuses an anonymous caller, in the standalone app and in a host app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.access import Access, declared_access
from gaugeboard.extension import Gaugeboard
from tests.conftest import state

PUBLIC_ENDPOINTS = {
    "gaugeboard.web.login_page",
    "gaugeboard.web.login",
    "gaugeboard.web.logout",
    "gaugeboard.web.static_file",
    "gaugeboard.web.vega_bundle",
    "gaugeboard.web.plotly_bundle",
    "gaugeboard.web.favicon",
    "gaugeboard.not_found",
    "gaugeboard.track.track",
    "gaugeboard.track.pixel",
    "gaugeboard.track.api_event",
    # FlaskStatus's configure API checks its own Bearer secret or admin token.
    "gaugeboard.api.configure_route",
    "gaugeboard_status.configure_route",
    # OAuth clients authenticate with their own id and secret (form or HTTP Basic).
    "gaugeboard.api.oauth_token",
    # The dashboard document's JSON Schema holds no data.
    "gaugeboard.api.dashboard_schema",
    # The API contract and its reference page describe routes, not data (api/openapi_api.py).
    "gaugeboard.api.openapi_json",
    "gaugeboard.api.api_docs",
    "gaugeboard.api.api_docs_file",
    # A report run's image: the signed, expiring token in the path is the permission.
    "gaugeboard.api.report_image",
}


@pytest.fixture
def host(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    app = Flask("sweep_host")
    Gaugeboard(app, url_prefix="/gb", overrides=settings_overrides)
    yield app
    state(app).database.dispose()


def gaugeboard_rules(app: Flask) -> list[Any]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(("gaugeboard.", "gaugeboard_status."))
    ]


def _sample(match: re.Match[str]) -> str:
    converter, arguments, name = match.groups()
    if converter == "any":  # one of the words listed: the first
        return str(arguments).split(",")[0].strip()
    return "1" if converter == "int" or name.endswith("id") else "x"


def sample_url(rule: Any) -> str:
    return re.sub(r"<(?:([a-z]+)(?:\(([^)]*)\))?:)?(\w+)>", _sample, rule.rule)


def test_every_route_declares_access(app: Flask) -> None:
    undeclared = [
        rule.rule
        for rule in gaugeboard_rules(app)
        if declared_access(app.view_functions[rule.endpoint]) is None
    ]
    assert undeclared == []


def test_only_the_intended_routes_are_public(app: Flask, host: Flask) -> None:
    public = {
        rule.endpoint
        for application in (app, host)
        for rule in gaugeboard_rules(application)
        if declared_access(application.view_functions[rule.endpoint]) is Access.PUBLIC
    }
    assert public == PUBLIC_ENDPOINTS


@pytest.mark.parametrize("mounted", ["standalone", "host"])
def test_every_protected_route_refuses_anonymous_callers(
    app: Flask, host: Flask, mounted: str
) -> None:
    application = app if mounted == "standalone" else host
    client = application.test_client()
    open_routes = []
    for rule in gaugeboard_rules(application):
        if declared_access(application.view_functions[rule.endpoint]) is Access.PUBLIC:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(
                sample_url(rule), method=method, headers={"Accept": "application/json"}
            )
            if response.status_code not in (401, 403):
                open_routes.append(f"{method} {rule.rule} -> {response.status_code}")
    assert open_routes == []


def test_route_without_declaration_is_refused(app: Flask) -> None:
    from gaugeboard.errors import Forbidden
    from gaugeboard.http.guard import guard_request

    app.view_functions["gaugeboard.web.favicon"] = lambda: "open"
    with app.test_request_context("/favicon.ico"), pytest.raises(Forbidden):
        app.preprocess_request()
        guard_request()
