"""The metrics explorer page (``/explore``): who may open it, and what the page holds for
its scripts (the addresses it calls, the chart library, no inline script or style)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.extension import Gaugeboard
from tests.conftest import DEFAULT_PASSWORD, login, state


def signed_in(client: FlaskClient, make_user: Callable[..., Any], role: str) -> str:
    make_user(f"x{role}", role=role)
    login(client, f"x{role}")
    response = client.get("/explore")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_viewers_may_open_the_explorer(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    assert 'id="gb-explorer"' in signed_in(client, make_user, "viewer")


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/explore")
    assert (response.status_code, "/login" in response.headers.get("Location", "")) == (302, True)


def test_api_tokens_open_the_page_too(client: FlaskClient, make_token: Callable[..., str]) -> None:
    headers = {"Authorization": f"Bearer {make_token('viewer')}"}
    assert client.get("/explore", headers=headers).status_code == 200


def test_page_names_the_addresses_it_calls(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    html = signed_in(client, make_user, "viewer")
    found = dict(re.findall(r'data-(names|preview|query|dashboards|browse)-url="([^"]+)"', html))
    assert found == {
        "names": "/api/event/names",
        "preview": "/api/dashboard/preview",
        "query": "/api/metric/query",
        "dashboards": "/api/dashboard",
        "browse": "/dashboards/",
    }


def test_page_loads_the_chart_library_and_its_module(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    html = signed_in(client, make_user, "viewer")
    assert ("/static/vendor/vega-embed-" in html, "/static/explorer.js" in html) == (True, True)


def test_page_has_no_inline_script_or_style(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    html = signed_in(client, make_user, "viewer")
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    handlers = re.findall(r"<[^>]*\son[a-z]+=", html)
    assert (inline_scripts, " style=" in html, handlers) == ([], False, [])


def test_addresses_follow_a_url_prefix(
    settings_overrides: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    host = Flask("explorer_host")
    Gaugeboard(host, url_prefix="/gb", overrides=settings_overrides)
    try:
        client = host.test_client()
        make_user("prefixed", role="viewer")
        credentials = {"username": "prefixed", "password": DEFAULT_PASSWORD}
        assert client.post("/gb/login", json=credentials).status_code == 200
        html = client.get("/gb/explore").get_data(as_text=True)
        assert 'data-preview-url="/gb/api/dashboard/preview"' in html
    finally:
        state(host).database.dispose()
