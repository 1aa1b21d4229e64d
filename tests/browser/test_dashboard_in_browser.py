"""The first vertical slice in a real browser: log in, open a dashboard, see the chart."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from tests.browser.module_server import module_server
from tests.conftest import DEFAULT_PASSWORD, state
from tests.dashboards.factories import chart_document

pytestmark = pytest.mark.browser


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        create_dashboard(session, chart_document(), None)
        session.commit()


@pytest.fixture(scope="module")
def seeded_server(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    """One server for the module: its tests only sign in and read."""
    with module_server(request, backend, seed) as base_url:
        yield base_url


def log_in_and_open(page: Any, base_url: str) -> None:
    """Sign in on the form the dashboard's address shows (this slice's path), then wait
    for the chart."""
    page.goto(f"{base_url}/dashboards/team/reports/sales")
    page.fill("#gb-username", "ann")
    page.fill("#gb-password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".gb-widget[data-state=rendered]", timeout=30_000)


def test_chart_is_drawn_as_svg(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    assert page.locator("#widget-by-region .gb-chart svg").count() == 1


def test_chart_marks_are_drawn(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    assert page.locator("#widget-by-region svg .mark-rect path").count() == 1


def test_no_console_error_is_logged(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    page.goto(f"{seeded_server}/dashboards/")
    page.wait_for_load_state("networkidle")
    assert [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")] == []


def test_no_request_leaves_loopback(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    page.wait_for_load_state("networkidle")
    assert page.gb_hosts == {"127.0.0.1"}


def test_login_lands_on_the_requested_dashboard(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    assert page.url == f"{seeded_server}/dashboards/team/reports/sales"
