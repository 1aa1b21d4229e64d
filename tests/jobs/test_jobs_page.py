"""The jobs page (``/admin/jobs``): schedules with their buttons, recent runs with state,
duration, progress and error, filtered by state and type and paged; the duration words
agree with the page's script."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import gaugeboard
from gaugeboard.web.admin_jobs import duration_text, timing_text
from tests.conftest import login
from tests.jobs.api_helpers import SYSTEM, add_schedule, register_refresh, schedule_id_named
from tests.jobs.helpers import queue, register_echo, register_waiter, runner_of
from tests.node_module import run_with_module

STATIC = Path(gaugeboard.__file__).parent / "web" / "static"


@pytest.fixture
def admin(app: Flask, make_user: Callable[..., Any]) -> FlaskClient:
    """A browser signed in as the admin ``boss``."""
    make_user("boss", role="admin")
    browser = app.test_client()
    login(browser, "boss")
    return browser


def page(browser: FlaskClient, query: str = "") -> str:
    answer = browser.get(f"/admin/jobs{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_data(as_text=True)


def row_of(html: str, marker: str) -> str:
    """The <tr> holding ``marker``."""
    for row in re.findall(r"<tr\b.*?</tr>", html, re.DOTALL):
        if marker in row:
            return str(row)
    raise AssertionError(f"no row holds {marker!r}")


def run_states(html: str) -> list[str]:
    return re.findall(r'<tr data-run="\d+" data-state="(\w+)"', html)


def test_the_system_schedule_is_listed_with_trigger_and_pause_but_no_delete(
    admin: FlaskClient,
) -> None:
    row = row_of(page(admin), f'data-name="{SYSTEM}"')
    buttons = re.findall(r"<button[^>]*>(\w+)<", row)
    assert (buttons, "every minute" in row, "(system)" in row) == (
        ["Trigger", "Pause"],
        True,
        True,
    )


def test_a_schedule_is_deleted_after_a_confirmation(
    app: Flask, admin: FlaskClient, auth_headers: dict[str, str]
) -> None:
    register_refresh(app)
    dashboard = admin.post(
        "/api/dashboard",
        json={"title": "T", "name": "t", "folder": "open", "widgets": []},
        headers=auth_headers,
    ).get_json()["dashboard"]
    add_schedule(admin, auth_headers, dashboard["id"], name="nightly")
    row = row_of(page(admin), 'data-name="nightly"')
    delete = re.search(r'<button[^>]*data-method="DELETE"[^>]*>', row)
    assert delete is not None and 'data-confirm="Delete the schedule nightly?' in delete.group(0)
    assert f"dashboard {dashboard['id']}" in row and "0 3 * * * (Europe/Paris)" in row


def test_a_paused_schedule_offers_resume(admin: FlaskClient, auth_headers: dict[str, str]) -> None:
    system = schedule_id_named(admin, auth_headers, SYSTEM)
    admin.post(f"/api/schedule/{system}/pause", headers=auth_headers)
    row = row_of(page(admin), f'data-name="{SYSTEM}"')
    assert re.findall(r"<button[^>]*>(\w+)<", row) == ["Trigger", "Resume"]


def test_a_triggered_run_shows_queued_with_cancel_then_succeeded(
    app: Flask, admin: FlaskClient, auth_headers: dict[str, str]
) -> None:
    system = schedule_id_named(admin, auth_headers, SYSTEM)
    run_id = admin.post(f"/api/schedule/{system}/trigger", headers=auth_headers).get_json()[
        "run_id"
    ]
    queued = row_of(page(admin), f'data-run="{run_id}"')
    runner_of(app).tick()
    ended = row_of(page(admin), f'data-run="{run_id}"')
    assert ('data-state="queued"' in queued, ">Cancel<" in queued, "waiting" in queued) == (
        True,
        True,
        True,
    )
    assert ('data-state="succeeded"' in ended, ">Cancel<" in ended, SYSTEM in ended) == (
        True,
        False,
        True,
    )
    assert re.search(r'data-cell="duration">\d+\.\d s<', ended)


def test_a_failed_run_shows_its_error(app: Flask, admin: FlaskClient) -> None:
    register_echo(app)
    run_id = queue(app, "test.echo", {"fail_times": 1})
    runner_of(app).tick()
    row = row_of(page(admin), f'data-run="{run_id}"')
    assert 'data-state="failed"' in row and "attempt 1 fails on purpose" in row


@pytest.fixture
def quick_heartbeat(settings_overrides: dict[str, Any]) -> None:
    settings_overrides["JOBS_HEARTBEAT_SECONDS"] = 1


def test_a_running_run_shows_a_progress_bar(
    quick_heartbeat: None, app: Flask, admin: FlaskClient
) -> None:
    release = threading.Event()
    started = register_waiter(app, release)
    run_id = queue(app, "test.wait")
    worker = threading.Thread(target=runner_of(app).tick)
    worker.start()
    try:
        assert started.wait(10)
        row = ""
        for _ in range(500):
            row = row_of(page(admin), f'data-run="{run_id}"')
            if "gb-run-progress" in row:
                break
            threading.Event().wait(0.02)
        assert re.search(rf'<progress\s+aria-label="Progress of run {run_id}">', row)
        assert "running for" in row and ">Cancel<" in row
    finally:
        release.set()
        worker.join(10)


@pytest.fixture
def mixed_runs(app: Flask) -> None:
    """Two succeeded echoes and one failed, one queued wait."""
    register_echo(app)
    register_waiter(app, threading.Event())
    queue(app, "test.echo")
    queue(app, "test.echo")
    queue(app, "test.echo", {"fail_times": 1})
    runner_of(app).tick()
    queue(app, "test.wait")


def test_runs_are_filtered_by_state(admin: FlaskClient, mixed_runs: None) -> None:
    assert (
        run_states(page(admin, "?state=succeeded")),
        run_states(page(admin, "?state=failed,queued")),
        run_states(page(admin)),
    ) == (
        ["succeeded", "succeeded"],
        ["queued", "failed"],
        ["queued", "failed", "succeeded", "succeeded"],
    )


def test_runs_are_filtered_by_type(admin: FlaskClient, mixed_runs: None) -> None:
    html = page(admin, "?job_type=test.wait")
    selected = re.search(r'<option value="test.wait" selected>', html)
    assert (run_states(html), selected is not None) == (["queued"], True)


def test_a_filter_that_matches_nothing_says_so(admin: FlaskClient, mixed_runs: None) -> None:
    assert "No runs that match this filter." in page(admin, "?state=cancelled")


def test_a_bad_filter_is_named(admin: FlaskClient) -> None:
    answer = admin.get("/admin/jobs?state=done&page=0")
    html = answer.get_data(as_text=True)
    assert (
        answer.status_code,
        "state: Value error, &#39;done&#39; is not a run state" in html,
    ) == (
        400,
        True,
    )
    assert "page: Input should be greater than or equal to 1" in html


def test_other_query_parameters_are_left_alone(admin: FlaskClient) -> None:
    assert admin.get("/admin/jobs?utm_source=mail").status_code == 200


def test_runs_are_paged_with_the_filter_kept(app: Flask, admin: FlaskClient) -> None:
    register_echo(app)
    for _ in range(51):
        queue(app, "test.echo")
    first = page(admin, "?job_type=test.echo")
    second = page(admin, "?job_type=test.echo&page=2")
    assert (len(run_states(first)), len(run_states(second))) == (50, 1)
    assert 'href="/admin/jobs?job_type=test.echo&amp;page=2" rel="next"' in first
    assert 'href="/admin/jobs?job_type=test.echo&amp;page=1" rel="prev"' in second


def test_editors_are_refused(app: Flask, make_user: Callable[..., Any]) -> None:
    make_user("ed", role="editor")
    browser = app.test_client()
    login(browser, "ed")
    assert browser.get("/admin/jobs").status_code == 403


def test_the_admin_nav_links_the_jobs_page(admin: FlaskClient) -> None:
    html = admin.get("/admin/").get_data(as_text=True)
    assert '<a href="/admin/jobs">Jobs</a>' in html


@pytest.mark.parametrize(
    ("seconds", "every", "words"),
    [(60, None, "every minute"), (300, None, "every 5 minutes"), (7200, None, "every 2 hours")]
    + [
        (86400, None, "every day"),
        (90, None, "every 90 seconds"),
        (None, "0 6 * * *", "0 6 * * * (UTC)"),
    ],
)
def test_timing_words(seconds: int | None, every: str | None, words: str) -> None:
    assert timing_text({"cron": every, "every_seconds": seconds, "timezone": "UTC"}) == words


FIGURES = [0, 0.04, 0.05, 0.25, 4.2, 59.94, 59.95, 60, 61.5, 185, 3599.5, 3600, 7830, 90061]


def test_duration_words_agree_with_the_script() -> None:
    script = """
      const { durationText } = await import(process.argv[1]);
      const figures = JSON.parse(require("fs").readFileSync(0, "utf8"));
      process.stdout.write(JSON.stringify(figures.map(durationText)));
    """
    in_js = run_with_module(STATIC / "run-duration.js", script, FIGURES)
    assert in_js == [duration_text(seconds) for seconds in FIGURES]
    assert duration_text(None) == "" and duration_text(185) == "3 min 5 s"
