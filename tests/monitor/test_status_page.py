"""The status page, its JSON, incident history and Atom feed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import shutdown
from tests.monitor.helpers import monitor_of
from tests.monitor.monitored_app import build_monitored_app

SECRET = "s3cret-for-tests"
BEARER = {"Authorization": f"Bearer {SECRET}"}


@pytest.fixture
def public(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    app = build_monitored_app(
        {**settings_overrides, "STATUS_ACCESS": "public", "STATUS_API_SECRET": SECRET}
    )
    yield app
    shutdown(app)


@pytest.fixture
def visitor(public: Flask) -> FlaskClient:
    return public.test_client()


def reading(client: FlaskClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/gaugeboard/api/status").get_json()
    return body


def route_of(client: FlaskClient, rule: str) -> dict[str, Any]:
    return next(r for r in reading(client)["routes"] if r["rule"] == rule)


def test_the_page_needs_a_login_by_default(monitored_client: FlaskClient) -> None:
    response = monitored_client.get("/status")
    assert response.status_code == 302 and "/gaugeboard/login" in response.headers["Location"]


def test_a_public_page_lists_every_host_route(visitor: FlaskClient) -> None:
    html = visitor.get("/status").get_data(as_text=True)
    assert all(f">{rule}<" in html for rule in ("/", "/user/&lt;int:user_id&gt;", "/boom"))


def test_the_page_url_can_be_set_without_a_leading_slash(
    settings_overrides: dict[str, Any],
) -> None:
    app = build_monitored_app(
        {**settings_overrides, "STATUS_ACCESS": "public"}, status_url="health"
    )
    try:
        assert app.test_client().get("/health").status_code == 200
    finally:
        shutdown(app)


def test_idle_routes_show_no_data(visitor: FlaskClient) -> None:
    route = route_of(visitor, "/items")
    assert (route["state"], route["uptime"]["24h"]) == ("nodata", None)


def test_ninety_days_and_twenty_four_hours_are_shown(visitor: FlaskClient) -> None:
    route = route_of(visitor, "/items")
    assert (len(route["days"]), len(route["hours"])) == (90, 24)


def test_all_success_is_operational(public: Flask, visitor: FlaskClient) -> None:
    visitor.get("/items")
    monitor_of(public).flush()
    route = route_of(visitor, "/items")
    assert (route["state"], route["uptime"]["24h"], route["days"][-1]["state"]) == (
        "operational",
        100.0,
        "operational",
    )


def test_mostly_failing_is_a_major_outage(public: Flask, visitor: FlaskClient) -> None:
    for _ in range(3):
        visitor.get("/unavailable")
    monitor_of(public).flush()
    assert route_of(visitor, "/unavailable")["state"] == "major"
    assert reading(visitor)["state"] == "major"


def test_some_failures_are_a_partial_outage(public: Flask, visitor: FlaskClient) -> None:
    counters = monitor_of(public).counters()
    import time

    for status in (200, 200, 500):
        counters.record("/items", "GET", status, 2.0, 10, time.time())
    monitor_of(public).flush()
    route = route_of(visitor, "/items")
    assert (route["state"], route["uptime"]["24h"]) == ("partial", 66.67)


def test_client_errors_are_counted_apart(public: Flask, visitor: FlaskClient) -> None:
    visitor.get("/missing")
    monitor_of(public).flush()
    route = route_of(visitor, "/missing")
    assert (route["client_errors_24h"], route["failures_24h"], route["state"]) == (
        1,
        0,
        "operational",
    )


def test_latency_percentiles_are_reported(public: Flask, visitor: FlaskClient) -> None:
    visitor.get("/slow")
    monitor_of(public).flush()
    assert route_of(visitor, "/slow")["latency_ms_24h"]["p95"] >= 50


def test_route_names_are_rendered_as_text(public: Flask, visitor: FlaskClient) -> None:
    visitor.put(
        "/flask-status/configure",
        json={"rule": "/items", "name": "</script><script>alert(1)</script>"},
        headers=BEARER,
    )
    html = visitor.get("/status").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;/script&gt;&lt;script&gt;alert(1)" in html


def _post_incident(app: Flask, body: str) -> None:
    from gaugeboard.monitor.incident_service import create_incident
    from tests.conftest import state

    with state(app).database.sessions() as db:
        create_incident(db, {"title": "<b>Outage</b>", "impact": "major", "body": body}, "ops")
        db.commit()


def test_incident_markdown_never_carries_raw_html(public: Flask, visitor: FlaskClient) -> None:
    _post_incident(public, "**Down** <img src=x onerror=alert(1)> [x](javascript:alert(1))")
    html = visitor.get("/status/incidents").get_data(as_text=True)
    assert "<strong>Down</strong>" in html
    assert "<img" not in html and 'href="javascript' not in html and "<b>Outage" not in html


def test_an_open_incident_sets_the_headline(public: Flask, visitor: FlaskClient) -> None:
    _post_incident(public, "Looking.")
    assert reading(visitor)["state"] == "major"


def test_the_atom_feed_lists_incidents(public: Flask, visitor: FlaskClient) -> None:
    _post_incident(public, "x < y & z")
    response = visitor.get("/status/feed.atom")
    root = ElementTree.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.text for e in root.findall("a:entry/a:title", ns)]
    assert response.mimetype == "application/atom+xml" and titles == ["[major] <b>Outage</b>"]


def test_incident_history_pages_are_validated(visitor: FlaskClient) -> None:
    assert visitor.get("/status/incidents?page=zero").status_code == 400


def test_the_host_keeps_its_own_pages(visitor: FlaskClient) -> None:
    assert visitor.get("/").get_data(as_text=True) == "<h1>Shop</h1>"
    assert visitor.get("/nope").get_data(as_text=True) == "host: nothing here"


def test_a_signed_in_viewer_sees_the_routes_on_first_view(
    monitored: Flask, monitored_client: FlaskClient
) -> None:
    """The caller is looked up before the routes are first written; the page must still
    see them (SQLite snapshot of the request's read transaction)."""
    from gaugeboard.auth.users import create_user
    from tests.conftest import DEFAULT_PASSWORD, state

    with state(monitored).database.sessions() as db:
        create_user(db, "ann", DEFAULT_PASSWORD, "viewer")
        db.commit()
    monitored_client.post(
        "/gaugeboard/login", json={"username": "ann", "password": DEFAULT_PASSWORD}
    )
    assert 'data-rule="/items"' in monitored_client.get("/status").get_data(as_text=True)
