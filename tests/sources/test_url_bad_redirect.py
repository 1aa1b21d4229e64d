"""A url source whose server redirects to a malformed Location: the widget reports
``source_failed`` with the reason, never an internal error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.app import create_app
from gaugeboard.errors import SourceFailed
from gaugeboard.sources.url_fetch import UrlPolicy, fetch_url
from tests.conftest import shutdown
from tests.dashboards.api_helpers import create
from tests.sources.json_server import JsonServer

MALFORMED = "http:127.0.0.1:1/x"


@pytest.fixture
def open_app(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    """The app with private addresses allowed, so the loopback server is a valid first hop."""
    application = create_app({**settings_overrides, "URL_ALLOW_PRIVATE": True})
    application.config["TESTING"] = True
    yield application
    shutdown(application)


@pytest.fixture
def open_client(open_app: Flask) -> FlaskClient:
    return open_app.test_client()


def url_chart(url: str) -> dict[str, Any]:
    return {
        "id": "remote",
        "type": "vega-lite",
        "source": {"type": "url", "url": url},
        "spec": {"mark": "bar", "encoding": {"x": {"field": "k", "type": "nominal"}}},
    }


def test_malformed_redirect_location_is_a_source_failure(
    open_client: FlaskClient, make_token: Any, server: JsonServer
) -> None:
    headers = {"Authorization": f"Bearer {make_token('admin')}"}
    dashboard = create(
        open_client, headers, widgets=[url_chart(server.url(f"/redirect?to={MALFORMED}"))]
    )
    response = open_client.get(f"/api/dashboard/{dashboard['id']}/data", headers=headers)
    widget = response.get_json()["widgets"]["remote"]
    assert (response.status_code, widget["ok"], widget["code"]) == (200, False, "source_failed")
    assert "redirects to an invalid URL" in widget["error"]


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        (MALFORMED, "has no host"),
        ("https:", "has no host"),
        ("http://[::1", "is not a valid URL (Invalid port: ':1')"),
        ("file:etc/passwd", "is not a valid URL"),
    ],
)
def test_malformed_location_fails_the_fetch_with_its_reason(
    server: JsonServer, location: str, reason: str
) -> None:
    first = server.url("/redirect")
    with pytest.raises(SourceFailed) as caught:
        fetch_url(f"{first}?to={quote(location)}", UrlPolicy(allow_private=True))
    assert caught.value.message.startswith(f"url: {first} redirects to an invalid URL: ")
    assert reason in caught.value.message
