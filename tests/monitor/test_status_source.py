"""Dashboards can chart the status data: requests, error rate and latency per route."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.dashboards.service import create_dashboard
from tests.conftest import state
from tests.dashboards.factories import chart_document
from tests.monitor.helpers import monitor_of


def health_document(source: dict[str, Any]) -> dict[str, Any]:
    document = chart_document(name="health", folder="ops")
    document["widgets"][0]["source"] = {"type": "status", **source}
    return document


def chart_rows(app: Flask, client: FlaskClient, source: dict[str, Any]) -> list[dict[str, Any]]:
    with state(app).database.sessions() as db:
        create_dashboard(db, health_document(source), None)
        db.commit()
    html = client.get("/dashboards/ops/health").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="gb-specs">(.*?)</script>', html, re.S)
    assert found is not None
    rows: list[dict[str, Any]] = json.loads(found.group(1))["by-region"]["spec"]["data"]["values"]
    return rows


@pytest.fixture
def open_app(app_factory: Callable[..., Flask]) -> Flask:
    return app_factory(DASHBOARD_ACCESS="public")


def test_requests_per_route_come_from_the_rollups(open_app: Flask) -> None:
    client = open_app.test_client()
    client.get("/login")
    client.get("/login")
    monitor_of(open_app).flush()
    rows = chart_rows(open_app, client, {"measure": "requests", "route": "/login"})
    assert [(row["route"], row["value"]) for row in rows] == [("/login", 2)]


def test_error_rate_counts_failures_only(open_app: Flask) -> None:
    counters = monitor_of(open_app).counters()
    for status in (200, 404, 500, 500):
        counters.record("/login", "GET", status, 1.0, 0, time.time())
    monitor_of(open_app).flush()
    rows = chart_rows(
        open_app, open_app.test_client(), {"measure": "error_rate", "route": "/login"}
    )
    assert [row["value"] for row in rows] == [0.5]
