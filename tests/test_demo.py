"""The demo seed: a working admin login, sample dashboards, and 90 days of events once."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.demo import DEMO_ADMIN, run_seed
from gaugeboard.store.events import tail_count
from tests.conftest import state


def seed(app: Flask) -> dict[str, str]:
    with state(app).database.sessions() as session:
        return run_seed(session, lambda steps: nullcontext(steps))


def test_printed_password_logs_in(app: Flask, client: FlaskClient) -> None:
    password = seed(app)["admin user"]
    response = client.post("/login", json={"username": DEMO_ADMIN, "password": password})
    assert response.status_code == 200


def test_demo_events_are_seeded_once(app: Flask) -> None:
    first = seed(app)
    with state(app).database.sessions() as session:
        count = tail_count(session)
    second = seed(app)
    with state(app).database.sessions() as session:
        assert count > 1000 and tail_count(session) == count
    assert "demo events" in first and "demo events" not in second


def test_demo_purchases_carry_amount_and_plan(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    seed(app)
    items: list[dict[str, Any]] = client.get(
        "/events?name=purchase&limit=5", headers=auth_headers
    ).get_json()["items"]
    assert items and all({"amount", "plan"} <= set(item["properties"]) for item in items)


def test_the_service_health_dashboard_charts_the_demo_servers_own_requests(
    app: Flask, client: FlaskClient
) -> None:
    password = seed(app)["admin user"]
    client.post("/login", json={"username": DEMO_ADMIN, "password": password})
    monitor = state(app).monitor
    assert monitor is not None
    monitor.flush()
    html = client.get("/dashboards/operations/service-health").get_data(as_text=True)
    assert '"route":"/login"' in html.replace(" ", "")
