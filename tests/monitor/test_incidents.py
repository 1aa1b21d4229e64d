"""Automatic incidents open and close with a route's failure rate; admins post manual
incidents and maintenance windows; webhooks hear about openings and closings."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import shutdown
from tests.monitor.helpers import monitor_of, token_for
from tests.monitor.monitored_app import build_monitored_app


def hit(client: FlaskClient, path: str, times: int) -> None:
    for _ in range(times):
        client.get(path)


def incidents(client: FlaskClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(
        "/gaugeboard/api/status/incident", headers=headers
    ).get_json()["items"]
    return items


@pytest.fixture
def admin_headers(monitored: Flask) -> dict[str, str]:
    return token_for(monitored, "ops", "admin")


def test_failures_above_the_threshold_open_an_incident(
    monitored: Flask, monitored_client: FlaskClient, admin_headers: dict[str, str]
) -> None:
    hit(monitored_client, "/unavailable", 12)
    monitor_of(monitored).flush()
    monitor_of(monitored).maintain()
    (incident,) = incidents(monitored_client, admin_headers)
    assert (incident["kind"], incident["state"], incident["route"]) == (
        "automatic",
        "open",
        "/unavailable",
    )


def test_too_few_requests_open_nothing(
    monitored: Flask, monitored_client: FlaskClient, admin_headers: dict[str, str]
) -> None:
    hit(monitored_client, "/unavailable", 3)
    monitor_of(monitored).flush()
    monitor_of(monitored).maintain()
    assert incidents(monitored_client, admin_headers) == []


def test_client_errors_do_not_open_incidents_by_default(
    monitored: Flask, monitored_client: FlaskClient, admin_headers: dict[str, str]
) -> None:
    hit(monitored_client, "/missing", 12)
    monitor_of(monitored).flush()
    monitor_of(monitored).maintain()
    assert incidents(monitored_client, admin_headers) == []


def test_an_incident_closes_when_the_route_recovers(
    monitored: Flask, monitored_client: FlaskClient, admin_headers: dict[str, str]
) -> None:
    monitor = monitor_of(monitored)
    counters = monitor.counters()
    now = time.time()
    for _ in range(12):
        counters.record("/items", "GET", 500, 1.0, 0, now - 600)
    monitor.flush()
    monitor.maintain(now=now - 590)
    for _ in range(20):
        counters.record("/items", "GET", 200, 1.0, 0, now)
    monitor.flush()
    monitor.maintain(now=now)
    (incident,) = incidents(monitored_client, admin_headers)
    assert (incident["state"], incident["updates"][-1]["status"]) == ("resolved", "resolved")


def test_maintenance_windows_keep_automatic_incidents_closed(
    monitored: Flask, monitored_client: FlaskClient, admin_headers: dict[str, str]
) -> None:
    now = time.time()
    window = {
        "kind": "maintenance",
        "title": "Upgrade",
        "starts_at": now - 60,
        "ends_at": now + 600,
    }
    monitored_client.post("/gaugeboard/api/status/incident", json=window, headers=admin_headers)
    hit(monitored_client, "/unavailable", 12)
    monitor_of(monitored).flush()
    monitor_of(monitored).maintain()
    assert [i["kind"] for i in incidents(monitored_client, admin_headers)] == ["maintenance"]


def test_the_reference_preset_counts_404_as_failure(settings_overrides: dict[str, Any]) -> None:
    app = build_monitored_app({**settings_overrides, "STATUS_FAILURE_CODES": "reference"})
    try:
        client = app.test_client()
        hit(client, "/missing", 12)
        monitor_of(app).flush()
        report = monitor_of(app).maintain()
        assert report is not None and [c.rule for c in report.changes] == ["/missing"]
    finally:
        shutdown(app)


class _Receiver(BaseHTTPRequestHandler):
    bodies: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (the http.server API)
        length = int(self.headers["Content-Length"])
        type(self).bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def webhook_receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.bodies = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Receiver.bodies
    server.shutdown()
    server.server_close()


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_webhooks_hear_when_an_incident_opens(
    settings_overrides: dict[str, Any], webhook_receiver: tuple[str, list[dict[str, Any]]]
) -> None:
    url, bodies = webhook_receiver
    app = build_monitored_app(
        {**settings_overrides, "STATUS_WEBHOOK_URLS": url, "URL_ALLOW_PRIVATE": True}
    )
    try:
        hit(app.test_client(), "/unavailable", 12)
        monitor_of(app).flush()
        monitor_of(app).maintain()
        assert wait_for(lambda: len(bodies) == 1)
        assert (bodies[0]["event"], bodies[0]["incident"]["route"]) == (
            "incident.opened",
            "/unavailable",
        )
    finally:
        shutdown(app)


def test_webhooks_to_loopback_are_refused_unless_allowed(
    settings_overrides: dict[str, Any], webhook_receiver: tuple[str, list[dict[str, Any]]]
) -> None:
    url, bodies = webhook_receiver
    app = build_monitored_app({**settings_overrides, "STATUS_WEBHOOK_URLS": url})
    try:
        hit(app.test_client(), "/unavailable", 12)
        monitor_of(app).flush()
        report = monitor_of(app).maintain()
        assert report is not None and len(report.changes) == 1
        time.sleep(0.5)
        assert bodies == []
    finally:
        shutdown(app)


def test_admins_post_a_manual_incident(
    monitored_client: FlaskClient, admin_headers: dict[str, str]
) -> None:
    response = monitored_client.post(
        "/gaugeboard/api/status/incident",
        json={"title": "Payments slow", "impact": "major", "body": "Looking into it."},
        headers=admin_headers,
    )
    assert response.status_code == 201
    assert response.get_json()["incident"]["state"] == "open"


def test_a_resolved_update_ends_a_manual_incident(
    monitored_client: FlaskClient, admin_headers: dict[str, str]
) -> None:
    created = monitored_client.post(
        "/gaugeboard/api/status/incident", json={"title": "Slow"}, headers=admin_headers
    ).get_json()["incident"]
    response = monitored_client.post(
        f"/gaugeboard/api/status/incident/{created['id']}/update",
        json={"status": "resolved", "body": "Fixed **now**."},
        headers=admin_headers,
    )
    assert response.get_json()["incident"]["state"] == "resolved"


def test_a_bad_incident_lists_every_problem(
    monitored_client: FlaskClient, admin_headers: dict[str, str]
) -> None:
    response = monitored_client.post(
        "/gaugeboard/api/status/incident",
        json={"kind": "maintenance", "title": "", "starts_at": "tomorrow"},
        headers=admin_headers,
    )
    errors = response.get_json()["errors"]
    assert response.status_code == 400 and [e.split(":")[0] for e in errors] == [
        "title",
        "starts_at",
        "starts_at, ends_at",
    ]


def test_viewers_cannot_post_incidents(monitored: Flask, monitored_client: FlaskClient) -> None:
    response = monitored_client.post(
        "/gaugeboard/api/status/incident",
        json={"title": "x"},
        headers=token_for(monitored, "watcher", "viewer"),
    )
    assert response.status_code == 403
