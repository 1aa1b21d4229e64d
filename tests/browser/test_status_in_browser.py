"""The status page in a real browser: login, route rows with 90 day squares, tooltips,
the 24-hour view, and no console errors under the strict CSP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from tests.browser.module_server import module_server
from tests.conftest import DEFAULT_PASSWORD, state

pytestmark = pytest.mark.browser


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        session.commit()


@pytest.fixture(scope="module")
def status_server(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    """One server for the module, recording its own traffic (flushed every second)."""
    flush = {"GAUGEBOARD_STATUS_FLUSH_SECONDS": "1"}
    with module_server(request, backend, seed, flush) as base_url:
        yield base_url


def open_status(page: Any, base_url: str) -> Any:
    """Log in from the status page and wait until the login route shows recorded traffic."""
    page.goto(f"{base_url}/status")
    page.fill("#gb-username", "ann")
    page.fill("#gb-password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/status")
    login_row = page.locator('article.gb-route[data-rule="/login"]')
    deadline = time.monotonic() + 20
    while "Operational" not in login_row.locator(".gb-route-state").inner_text():
        assert time.monotonic() < deadline, "the login requests never showed up"
        time.sleep(0.5)
        page.reload()
    return login_row


def test_login_lands_back_on_the_status_page(page: Any, status_server: str) -> None:
    open_status(page, status_server)
    assert page.locator("h1").inner_text() == "System status"


def test_each_route_shows_ninety_day_squares(page: Any, status_server: str) -> None:
    row = open_status(page, status_server)
    assert row.locator("ol.gb-days > li").count() == 90


def test_todays_square_has_a_tooltip(page: Any, status_server: str) -> None:
    row = open_status(page, status_server)
    title = row.locator("ol.gb-days > li").last.get_attribute("title")
    assert "Operational" in title and "requests" in title


def test_the_24_hour_view_opens(page: Any, status_server: str) -> None:
    row = open_status(page, status_server)
    row.locator("details.gb-hours summary").click()
    assert row.locator("details.gb-hours ol > li").first.is_visible()


def test_no_console_error_on_the_status_page(page: Any, status_server: str) -> None:
    open_status(page, status_server)
    assert [entry for entry in page.gb_console if entry[0] in {"error", "pageerror"}] == []
