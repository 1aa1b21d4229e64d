"""Every response of the host app is recorded per route rule, method and status."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.monitor.counters import RequestCounters
from gaugeboard.monitor.histogram import bucket_of
from tests.conftest import shutdown
from tests.monitor.helpers import count_of, monitor_of, rollups
from tests.monitor.monitored_app import build_monitored_app


def test_dynamic_routes_are_recorded_under_their_rule(
    monitored: Flask, monitored_client: FlaskClient
) -> None:
    monitored_client.get("/user/1")
    monitored_client.get("/user/2")
    monitor_of(monitored).flush()
    assert count_of(monitored, "/user/<int:user_id>", 200) == 2


def test_method_is_recorded(monitored: Flask, monitored_client: FlaskClient) -> None:
    monitored_client.post("/items")
    monitor_of(monitored).flush()
    assert count_of(monitored, "/items", 200, "POST") == 1


def test_a_view_that_raises_counts_as_500(monitored: Flask, monitored_client: FlaskClient) -> None:
    assert monitored_client.get("/boom").status_code == 500
    monitor_of(monitored).flush()
    assert count_of(monitored, "/boom", 500) == 1


def test_an_exception_that_escapes_the_app_counts_as_500(monitored: Flask) -> None:
    monitored.testing = True  # exceptions propagate out of wsgi_app
    with pytest.raises(RuntimeError):
        monitored.test_client().get("/boom")
    monitor_of(monitored).flush()
    assert count_of(monitored, "/boom", 500) == 1


def test_client_and_server_errors_keep_their_codes(
    monitored: Flask, monitored_client: FlaskClient
) -> None:
    monitored_client.get("/missing")
    monitored_client.get("/unavailable")
    monitor_of(monitored).flush()
    assert (count_of(monitored, "/missing", 404), count_of(monitored, "/unavailable", 503)) == (
        1,
        1,
    )


def test_response_size_is_recorded(monitored: Flask, monitored_client: FlaskClient) -> None:
    monitored_client.get("/items")
    monitor_of(monitored).flush()
    assert [row["bytes"] for row in rollups(monitored) if row["rule"] == "/items"] == [1000]


def test_streamed_responses_are_counted_as_sent(
    monitored: Flask, monitored_client: FlaskClient
) -> None:
    with monitored_client.get("/stream") as response:  # the server closes the body
        assert response.get_data(as_text=True) == "a" * 10 + "b" * 20
    monitor_of(monitored).flush()
    assert [row["bytes"] for row in rollups(monitored) if row["rule"] == "/stream"] == [30]


def test_duration_lands_in_the_latency_histogram(
    monitored: Flask, monitored_client: FlaskClient
) -> None:
    monitored_client.get("/slow")
    monitor_of(monitored).flush()
    (row,) = [row for row in rollups(monitored) if row["rule"] == "/slow"]
    assert row["duration_ms"] >= 60 and row["histogram"][bucket_of(row["duration_ms"])] == 1


def test_static_files_are_not_recorded(monitored: Flask, monitored_client: FlaskClient) -> None:
    with monitored_client.get("/static/site.css") as response:
        assert response.status_code == 200
    monitor_of(monitored).flush()
    assert not [row for row in rollups(monitored) if row["rule"].startswith("/static")]


def test_gaugeboard_routes_are_not_recorded_in_a_host(
    monitored: Flask, monitored_client: FlaskClient
) -> None:
    monitored_client.get("/gaugeboard/login")
    monitored_client.get("/status")
    monitor_of(monitored).flush()
    assert rollups(monitored) == []


def test_unmatched_paths_are_not_recorded(monitored: Flask, monitored_client: FlaskClient) -> None:
    assert monitored_client.get("/no/such/page").get_data(as_text=True) == "host: nothing here"
    monitor_of(monitored).flush()
    assert rollups(monitored) == []


def test_chosen_routes_limit_what_is_recorded(settings_overrides: dict[str, Any]) -> None:
    app = build_monitored_app(settings_overrides, status_routes=["/items"])
    try:
        client = app.test_client()
        client.get("/items")
        client.get("/user/3")
        monitor_of(app).flush()
        assert {row["rule"] for row in rollups(app)} == {"/items"}
    finally:
        shutdown(app)


def test_the_standalone_server_records_its_own_routes(app: Flask, client: FlaskClient) -> None:
    client.get("/login")
    monitor_of(app).flush()
    assert count_of(app, "/login", 200, "GET") == 1


def test_counts_of_two_processes_add_up(
    settings_overrides: dict[str, Any], monitored: Flask, monitored_client: FlaskClient
) -> None:
    other = build_monitored_app(settings_overrides)
    try:
        monitored_client.get("/items")
        other.test_client().get("/items")
        other.test_client().get("/items")
        monitor_of(monitored).flush()
        monitor_of(other).flush()
        assert [row["count"] for row in rollups(monitored) if row["rule"] == "/items"] == [3]
    finally:
        shutdown(other)


def test_a_second_flush_adds_to_the_same_minute(
    monitored: Flask, monitored_client: FlaskClient
) -> None:
    monitored_client.get("/items")
    monitor_of(monitored).flush()
    monitored_client.get("/items")
    monitor_of(monitored).flush()
    assert [row["count"] for row in rollups(monitored) if row["rule"] == "/items"] == [2]


def test_counts_put_back_after_a_failed_flush_are_not_lost() -> None:
    counters = RequestCounters()
    counters.record("/a", "GET", 200, 5.0, 10, at=120.0)
    drained = counters.drain()
    counters.record("/a", "GET", 200, 5.0, 10, at=125.0)
    counters.restore(drained)
    assert [slots[0] for slots in counters.drain().values()] == [2]


def test_status_recording_can_be_turned_off(settings_overrides: dict[str, Any]) -> None:
    app = build_monitored_app({**settings_overrides, "STATUS_ENABLED": False})
    try:
        assert app.test_client().get("/status").status_code == 404
    finally:
        shutdown(app)
