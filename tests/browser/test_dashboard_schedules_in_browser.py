"""The editor's "Refresh and schedules" section in a real browser against ``gaugeboard
serve`` running its jobs every second: Refresh now queues a run; a schedule is added,
listed, paused, and deleted after a confirmation, with no console error; a bad cron is
named."""

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
            "source": {"type": "inline", "data": 7},
            "position": {"x": 0, "y": 0, "w": 3, "h": 2},
        }
        create_dashboard(session, {"name": "ops", "title": "Ops", "widgets": [widget]}, editor.id)
        session.commit()


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    jobs = {"GAUGEBOARD_JOBS_POLL_SECONDS": "1", "GAUGEBOARD_EVENT_SEAL_SECONDS": "3600"}
    with module_server(request, backend, seed, jobs) as url:
        yield url


def open_section(page: Any, signed_in: SignedIn, base_url: str) -> Any:
    signed_in.open(page, base_url, "ed", "/dashboards-edit/ops")
    section = page.locator(".gb-editor-schedules")
    section.locator("summary").click()
    page.wait_for_selector(".gb-schedules-list li")
    return section


def errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in {"error", "pageerror"}]


def test_refresh_now_queues_a_run(page: Any, server: str, signed_in: SignedIn) -> None:
    section = open_section(page, signed_in, server)
    section.get_by_role("button", name="Refresh now").click()
    status = section.locator(".gb-schedules-status")
    status.filter(has_text="Refresh queued").wait_for()
    assert errors(page) == []


def test_a_schedule_is_added_listed_paused_and_deleted(
    page: Any, server: str, signed_in: SignedIn
) -> None:
    section = open_section(page, signed_in, server)
    section.locator("#gb-schedule-cron").fill("30 5 * * 1-5")
    section.locator("#gb-schedule-zone").fill("Europe/Paris")
    section.get_by_role("button", name="Add the schedule").click()
    item = section.locator(".gb-schedules-list li", has_text="30 5 * * 1-5 (Europe/Paris)")
    item.wait_for()
    item.get_by_role("button", name="Pause").click()
    section.locator(".gb-schedules-list li", has_text="paused").wait_for()
    section.locator(".gb-schedules-list li", has_text="paused").get_by_role(
        "button", name="Delete"
    ).click()
    answer(page)
    section.locator(".gb-schedules-status", has_text="Schedule deleted.").wait_for()
    assert section.locator(".gb-schedules-list li", has_text="Europe/Paris").count() == 0
    assert errors(page) == []


def test_a_bad_cron_is_named(page: Any, server: str, signed_in: SignedIn) -> None:
    section = open_section(page, signed_in, server)
    section.locator("#gb-schedule-cron").fill("61 * * * *")
    section.get_by_role("button", name="Add the schedule").click()
    section.locator(".gb-schedules-status", has_text="cron").wait_for()
