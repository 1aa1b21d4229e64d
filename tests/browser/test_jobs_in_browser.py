"""The jobs page in a real browser against ``gaugeboard serve`` running its jobs every
second: the system schedules are listed, Trigger queues a run that the page shows ending
succeeded, pause and resume answer, Delete asks first, the runs filter by state, and the
page fits a phone in dark mode, all without a console error."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from gaugeboard.store.job_models import JobSchedule
from gaugeboard.store.types import utcnow
from tests.browser.confirm import answer
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state

pytestmark = pytest.mark.browser

SYSTEM_SCHEDULES = ("events.seal", "status.maintain")
RUN_SECONDS = 30  # how long a triggered run may take to be claimed and end (it takes ms)


def seed(app: Flask) -> None:
    """The admin ``boss``, and two hourly refreshes of a dashboard (one to delete, one to keep)."""
    with state(app).database.sessions() as session:
        boss = create_user(session, "boss", DEFAULT_PASSWORD, "admin")
        board = create_dashboard(
            session, {"name": "sales", "title": "Sales", "widgets": []}, boss.id
        )
        for name in ("warm sales", "keep sales warm"):
            session.add(
                JobSchedule(
                    name=name,
                    job_type="dashboard.refresh",
                    target_kind="dashboard",
                    target_id=str(board.id),
                    every_seconds=3600,
                    next_due_at=utcnow() + timedelta(hours=1),
                )
            )
        session.commit()


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    jobs = {"GAUGEBOARD_JOBS_POLL_SECONDS": "1", "GAUGEBOARD_EVENT_SEAL_SECONDS": "3600"}
    with module_server(request, backend, seed, jobs) as url:
        yield url


def open_jobs(page: Any, signed_in: SignedIn, base_url: str) -> None:
    signed_in.open(page, base_url, "boss", "/admin/jobs")
    page.wait_for_selector("#gb-schedules")


def errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in {"error", "pageerror"}]


def trigger(page: Any, schedule: str) -> str:
    """Click Trigger on ``schedule``; the id of the run it queued, once the page says so."""
    page.get_by_role("button", name=f"Trigger {schedule}", exact=True).click()
    page.wait_for_selector("#gb-admin-status:has-text('Run queued.')")
    last = page.locator(f'tr[data-name="{schedule}"] td[data-last-run]')
    return str(last.get_attribute("data-last-run"))


def test_the_system_schedules_are_listed(page: Any, server: str, signed_in: SignedIn) -> None:
    open_jobs(page, signed_in, server)
    names = page.locator("#gb-schedules tbody tr").evaluate_all(
        "rows => rows.map((row) => row.dataset.name)"
    )
    assert (set(SYSTEM_SCHEDULES) <= set(names), "warm sales" in names) == (True, True)
    assert errors(page) == []


def test_delete_asks_first(page: Any, server: str, signed_in: SignedIn) -> None:
    open_jobs(page, signed_in, server)
    page.get_by_role("button", name="Delete keep sales warm", exact=True).click()
    answer(page, agree=False)
    page.get_by_role("button", name="Delete warm sales", exact=True).click()
    answer(page)
    page.wait_for_selector("#gb-admin-status:has-text('Schedule deleted.')")
    gone = page.locator('tr[data-name="warm sales"]').count()
    kept = page.locator('tr[data-name="keep sales warm"]').count()
    assert (kept, gone, errors(page)) == (1, 0, [])


def test_trigger_queues_a_run_that_ends_succeeded(
    page: Any, server: str, signed_in: SignedIn
) -> None:
    open_jobs(page, signed_in, server)
    run_id = trigger(page, "events.seal")
    row = f'#gb-runs tr[data-run="{run_id}"]'
    page.wait_for_selector(f'{row}[data-state="succeeded"]', timeout=RUN_SECONDS * 1000)
    last_run = page.locator('tr[data-name="events.seal"] td[data-last-run]').inner_text()
    cells = page.locator(row).inner_text()
    assert ("events.seal" in cells, " s" in cells, last_run.startswith("succeeded")) == (
        True,
        True,
        True,
    )
    assert errors(page) == []


def test_pause_and_resume(page: Any, server: str, signed_in: SignedIn) -> None:
    open_jobs(page, signed_in, server)
    page.get_by_role("button", name="Pause status.maintain", exact=True).click()
    page.wait_for_selector("#gb-admin-status:has-text('Schedule paused.')")
    paused = page.locator('tr[data-name="status.maintain"]').inner_text()
    page.get_by_role("button", name="Resume status.maintain", exact=True).click()
    page.wait_for_selector("#gb-admin-status:has-text('Schedule resumed.')")
    resumed = page.locator('tr[data-name="status.maintain"] td').nth(5).inner_text()
    assert ("paused" in paused, resumed.strip()) == (True, "no")
    assert errors(page) == []


def test_runs_filter_by_state(page: Any, server: str, signed_in: SignedIn) -> None:
    open_jobs(page, signed_in, server)
    run_id = trigger(page, "events.seal")
    page.wait_for_selector(
        f'#gb-runs tr[data-run="{run_id}"][data-state="succeeded"]', timeout=RUN_SECONDS * 1000
    )
    page.get_by_label("State").select_option("succeeded")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    states = page.locator("#gb-runs tbody tr").evaluate_all(
        "rows => rows.map((row) => row.dataset.state)"
    )
    page.get_by_label("State").select_option("cancelled")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    empty = page.locator("#gb-runs-empty").inner_text()
    assert (set(states), empty) == ({"succeeded"}, "No runs that match this filter.")
    assert "state=cancelled" in page.url and errors(page) == []


def test_the_page_fits_a_phone_in_dark_mode(page: Any, server: str, signed_in: SignedIn) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(color_scheme="dark")
    open_jobs(page, signed_in, server)
    widest = page.evaluate("document.documentElement.scrollWidth")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    button = page.get_by_role("button", name="Trigger status.maintain", exact=True)
    button.scroll_into_view_if_needed()
    assert (widest <= 390, background, button.is_visible()) == (True, "rgb(20, 23, 29)", True)
    assert errors(page) == []
