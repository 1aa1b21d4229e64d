"""A dashboard's reports page in a real browser against ``gaugeboard serve``: reached from
the dashboard's Reports link; a report is created from the form, sent now (its run and
the delivery's result are listed), edited (schedule, recipients, widgets, paused) and
deleted after a confirmation, with no console error; a bad cron and an unknown user are
named next to their fields, in the new form and in the edit form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from tests.browser.confirm import answer
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
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
def server(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    environment = {
        "GAUGEBOARD_REPORT_CHECK_SECONDS": "0",
        "GAUGEBOARD_NOTIFY_ALLOW_ADDRESSES": "example.com",
    }
    with module_server(request, backend, seed, environment) as url:
        yield url


def open_page(page: Any, signed_in: SignedIn, base_url: str) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops")
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


def test_a_report_is_created_sent_and_deleted(page: Any, server: str, signed_in: SignedIn) -> None:
    open_page(page, signed_in, server)
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


def test_bad_input_is_named(page: Any, server: str, signed_in: SignedIn) -> None:
    open_page(page, signed_in, server)
    fill(page, "Broken", "61 * * * *", "user:ghost")
    page.locator('#gb-report-new [data-error-for="cron"]', has_text="cron").wait_for()
    fill(page, "Broken", "0 7 * * *", "user:ghost")
    page.locator(
        '#gb-report-new [data-error-for="channels"]', has_text="no user is named 'ghost'"
    ).wait_for()
    assert page.locator('#gb-report-new [data-error-for="cron"]').inner_text() == ""


def test_a_report_is_edited_from_its_row(page: Any, server: str, signed_in: SignedIn) -> None:
    open_page(page, signed_in, server)
    with page.expect_navigation():
        fill(page, "Weekly", "0 7 * * 1", "user:ed")
    row = page.locator("#gb-reports tr[data-report]", has_text="Weekly")
    row.get_by_role("button", name="Edit").click()
    page.get_by_role("heading", name="Edit Weekly").wait_for()
    assert page.input_value("#gb-report-cron") == "0 7 * * 1"
    assert page.input_value("#gb-report-recipients") == "user:ed"
    page.fill("#gb-report-cron", "30 6 * * *")
    page.fill("#gb-report-recipients", "user:ed\nops@example.com")
    page.select_option("#gb-report-widgets", ["w"])
    page.check("#gb-report-paused")
    with page.expect_navigation():
        page.get_by_role("button", name="Save report").click()
    page.locator("#gb-admin-status", has_text="Report saved.").wait_for()
    row = page.locator("#gb-reports tr[data-report]", has_text="Weekly")
    assert "30 6 * * *" in row.inner_text() and "(paused)" in row.inner_text()
    assert "ops@example.com" in row.inner_text()
    row.get_by_role("button", name="Edit").click()
    assert page.eval_on_selector(
        "#gb-report-widgets", "s => [...s.selectedOptions].map(o => o.value)"
    ) == ["w"]
    assert page.is_checked("#gb-report-paused")
    page.uncheck("#gb-report-paused")
    with page.expect_navigation():
        page.get_by_role("button", name="Save report").click()
    row = page.locator("#gb-reports tr[data-report]", has_text="Weekly")
    assert "(paused)" not in row.inner_text()
    assert errors(page) == []


def test_an_edit_link_opens_the_report_in_the_edit_form(
    page: Any, server: str, signed_in: SignedIn
) -> None:
    open_page(page, signed_in, server)
    with page.expect_navigation():
        fill(page, "Linked", "15 8 * * *", "user:ed")
    report_id = page.locator("#gb-reports tr[data-report]", has_text="Linked").get_attribute(
        "data-report"
    )
    page.goto(f"{page.url.split('#')[0]}#edit-{report_id}")
    page.reload()
    page.get_by_role("heading", name="Edit Linked").wait_for()
    assert page.input_value("#gb-report-cron") == "15 8 * * *"
    assert errors(page) == []


def test_the_edit_form_names_bad_input_next_to_its_field(
    page: Any, server: str, signed_in: SignedIn
) -> None:
    open_page(page, signed_in, server)
    with page.expect_navigation():
        fill(page, "Checked", "0 7 * * 1", "user:ed")
    page.locator("#gb-reports tr[data-report]", has_text="Checked").get_by_role(
        "button", name="Edit"
    ).click()
    page.fill("#gb-report-cron", "0 25 * * *")
    page.fill("#gb-report-recipients", "user:ghost")
    page.get_by_role("button", name="Save report").click()
    page.locator('[data-error-for="cron"]', has_text="cron").wait_for()
    page.fill("#gb-report-cron", "0 7 * * *")
    page.get_by_role("button", name="Save report").click()
    page.locator('[data-error-for="channels"]', has_text="no user is named 'ghost'").wait_for()
    page.get_by_role("button", name="Cancel").click()
    page.get_by_role("heading", name="New report").wait_for()
    assert page.input_value("#gb-report-recipients") == ""


def test_the_page_fits_a_phone_in_light_and_dark(
    page: Any, server: str, signed_in: SignedIn
) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    open_page(page, signed_in, server)
    with page.expect_navigation():
        fill(page, "Phone", "0 7 * * *", "user:ed")
    page.locator("#gb-reports tr[data-report]", has_text="Phone").wait_for()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, scheme
        page.screenshot(path=f"/tmp/reports-page-{scheme}.png", full_page=True)
    assert errors(page) == []
