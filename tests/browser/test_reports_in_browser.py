"""A dashboard's reports page in a real browser against ``gaugeboard serve``: reached from
the dashboard's Reports link; a report is created from the form, sent now (its run and
the delivery's result are listed), and deleted after a confirmation, with no console
error; a bad cron and an unknown user are named."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from tests.browser.confirm import answer
from tests.browser.module_server import module_server
from tests.conftest import DEFAULT_PASSWORD, state

pytestmark = pytest.mark.browser


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        editor = create_user(session, "ed", DEFAULT_PASSWORD, "editor")
        widget = {
            "id": "w",
            "type": "number",
            "title": "Seven",
            "source": {"type": "inline", "data": 7},
            "position": {"x": 0, "y": 0, "w": 3, "h": 2},
        }
        create_dashboard(session, {"name": "ops", "title": "Ops", "widgets": [widget]}, editor.id)
        session.commit()


@pytest.fixture(scope="module")
def backend() -> str:
    return "sqlite"


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    with module_server(request, backend, seed, {"GAUGEBOARD_REPORT_CHECK_SECONDS": "0"}) as url:
        yield url


def open_page(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/login?next=/dashboards/ops")
    page.fill("#gb-username", "ed")
    page.fill("#gb-password", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    with page.expect_navigation():
        page.get_by_role("link", name="Reports").click()
    page.get_by_role("heading", name="Reports of Ops").wait_for()


def errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in {"error", "pageerror"}]


def fill(page: Any, name: str, cron: str, recipients: str) -> None:
    page.fill("#gb-report-name", name)
    page.fill("#gb-report-cron", cron)
    page.fill("#gb-report-recipients", recipients)
    page.get_by_role("button", name="Create report").click()


def test_a_report_is_created_sent_and_deleted(page: Any, server: str) -> None:
    open_page(page, server)
    with page.expect_navigation():
        fill(page, "Morning", "0 7 * * *", "user:ed")
    row = page.locator("#gb-reports tr[data-report]", has_text="Morning")
    row.wait_for()
    with page.expect_navigation():
        row.get_by_role("button", name="Send now").click()
    page.locator("#gb-admin-status", has_text="Report sent.").wait_for()
    page.get_by_text("Recent runs of Morning").click()
    page.get_by_text("the user has no email address").wait_for()  # ed has no address
    with page.expect_navigation():
        page.locator("#gb-reports tr[data-report]", has_text="Morning").get_by_role(
            "button", name="Delete"
        ).click()
        answer(page)
    page.locator("#gb-admin-status", has_text="Report deleted.").wait_for()
    assert page.locator("#gb-reports tr[data-report]", has_text="Morning").count() == 0
    assert errors(page) == []


def test_bad_input_is_named(page: Any, server: str) -> None:
    open_page(page, server)
    fill(page, "Broken", "61 * * * *", "user:ghost")
    alert = page.locator("#gb-report-new .gb-errors")
    alert.filter(has_text="cron").wait_for()
    fill(page, "Broken", "0 7 * * *", "user:ghost")
    alert.filter(has_text="no user is named 'ghost'").wait_for()


def test_the_page_fits_a_phone_in_light_and_dark(page: Any, server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    open_page(page, server)
    with page.expect_navigation():
        fill(page, "Phone", "0 7 * * *", "user:ed")
    page.locator("#gb-reports tr[data-report]", has_text="Phone").wait_for()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, scheme
        page.screenshot(path=f"/tmp/reports-page-{scheme}.png", full_page=True)
    assert errors(page) == []
