"""The alert pages in a real browser against a real server: an alert made from the
explorer ("Alert on this"), seen in the list, its page drawing the number with the
threshold line, evaluated, silenced and deleted; "Alert on this" on a dashboard's metric
widget prefilling the form; and a refused draft showing the problem next to its field."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from gaugeboard.events.keys import create_event_key
from tests.browser.confirm import answer
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state
from tests.live_server import call_api

pytestmark = pytest.mark.browser

DASHBOARD: dict[str, Any] = {
    "title": "Growth",
    "name": "growth",
    "widgets": [
        {
            "id": "signups",
            "type": "line",
            "title": "Signups per hour",
            "position": {"x": 0, "y": 0, "w": 6, "h": 4},
            "source": {"type": "metric", "query": {"event": "signup", "bucket": "hour"}},
        }
    ],
}


@dataclass(frozen=True)
class Server:
    base_url: str
    token: str


def call(server: Server, method: str, path: str, body: Any = None) -> Any:
    return call_api(server.base_url, server.token, method, path, body)


def seed_events(base_url: str, event_key: str) -> None:
    """Five views and two signups in the last hour."""
    now = time.time()
    events = [{"name": "view", "person": f"p{i}", "time": now - 300 - i * 60} for i in range(5)]
    events += [{"name": "signup", "person": f"p{i}", "time": now - 200} for i in range(2)]
    request = urllib.request.Request(
        f"{base_url}/api/event",
        data=json.dumps({"key": event_key, "events": events}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.loads(response.read())["stored"] == len(events)


@pytest.fixture(scope="module")
def server(backend: str, request: pytest.FixtureRequest) -> Iterator[Server]:
    """One server: an editor "ed" (with a token), seeded events and a dashboard."""
    secrets: dict[str, str] = {}

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            secrets["token"] = create_token(session, "ed", "browser test", 0)[1]
            secrets["key"] = create_event_key(session, "site")[1]
            session.commit()

    extra = {"GAUGEBOARD_ALERT_EVALUATE_SECONDS": "0"}
    with module_server(request, backend, seed, extra) as base_url:
        seed_events(base_url, secrets["key"])
        running = Server(base_url, secrets["token"])
        call(running, "POST", "/api/dashboard", DASHBOARD)
        yield running


def console_errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")]


def alert_from_explorer(page: Any, signed_in: SignedIn, server: Server, name: str) -> None:
    """Run a count of views in the explorer, then "Alert on this": above 1, saved."""
    signed_in.open(page, server.base_url, "ed", "/explore")
    page.wait_for_selector("#gb-x-event option[value=view]", state="attached")
    page.select_option("#gb-x-event", "view")
    page.click("#gb-x-run")
    page.wait_for_selector("#gb-x-chart[data-state=rendered] svg", timeout=30_000)
    page.click("#gb-x-alert")
    page.wait_for_url("**/alerts-new/?draft=*")
    page.fill("#gb-af-name", name)
    page.fill("#gb-af-threshold", "1")


def test_an_alert_from_the_explorer_listed_drawn_silenced_and_deleted(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    alert_from_explorer(page, signed_in, server, "Views above one")
    prefilled = (page.input_value("#gb-af-event"), page.input_value("#gb-af-window-unit"))
    page.click("#gb-af-test")
    page.wait_for_selector("#gb-af-result:has-text('The number now: 5')")
    page.click("#gb-af-save")
    page.wait_for_url("**/alerts/*")
    alert_id = int(page.url.rsplit("/", 1)[1])
    page.click("#gb-al-evaluate")
    page.wait_for_selector("#gb-al-chart[data-state=rendered] svg", timeout=30_000)
    threshold_drawn = page.locator("#gb-al-canvas svg .mark-rule").count() > 0
    state_shown = page.inner_text("#gb-al-state")
    page.fill("#gb-al-until", "2099-01-01T08:00")
    page.click("#gb-al-silence")
    page.wait_for_selector("#gb-al-unsilence:visible")
    silenced = call(server, "GET", f"/api/alert/{alert_id}")["alert"]["silenced_until"]
    page.goto(f"{server.base_url}/alerts/")
    row = page.locator(f"tr[data-alert='{alert_id}']")
    listed = (row.locator("th").inner_text(), row.locator(".gb-al-state").inner_text())
    row.locator("a").click()
    page.wait_for_url(f"**/alerts/{alert_id}")
    page.click("#gb-al-delete")
    answer(page)
    page.wait_for_url("**/alerts/")
    left = page.locator(f"tr[data-alert='{alert_id}']").count()
    assert (prefilled, threshold_drawn, state_shown, silenced[:4], listed, left) == (
        ("view", "86400"),
        True,
        "alerting",
        "2099",
        ("Views above one", "alerting"),
        0,
    )
    assert console_errors(page) == []


def test_alert_on_this_from_a_widget_prefills_the_form(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    signed_in.open(page, server.base_url, "ed", "/dashboards/growth")
    link = page.locator("#widget-signups .gb-widget-alert")
    link.wait_for(state="visible")
    link.click()
    page.wait_for_url("**/alerts-new/?draft=*")
    fields = [
        page.input_value(selector)
        for selector in ("#gb-af-name", "#gb-af-kind", "#gb-af-event", "#gb-af-window")
    ]
    assert (fields, page.input_value("#gb-af-window-unit")) == (
        ["Signups per hour", "metric", "signup", "1"],
        "3600",
    )
    assert console_errors(page) == []


def test_a_refused_draft_shows_the_problem_next_to_its_field(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    signed_in.open(page, server.base_url, "ed", "/alerts-new/")
    page.fill("#gb-af-name", "No threshold")
    page.click("#gb-af-save")
    problem = page.locator("[data-error-for='condition']")
    problem.wait_for(state="visible")
    assert ("needs a threshold" in problem.inner_text(), page.url.endswith("/alerts-new/")) == (
        True,
        True,
    )


def test_editing_the_name_keeps_the_state_and_the_recipients(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    body = {
        "name": "Signups",
        "source": {"kind": "metric", "event": "signup", "metric": "count"},
        "condition": {"op": "above", "threshold": 1},
        "channels": [{"kind": "user", "user": "ed"}],
    }
    alert_id = call(server, "POST", "/api/alert", body)["alert"]["id"]
    call(server, "POST", f"/api/alert/{alert_id}/evaluate")
    signed_in.open(page, server.base_url, "ed", f"/alerts/{alert_id}/edit")
    shown = [page.input_value(s) for s in ("#gb-af-name", "#gb-af-event", "#gb-af-threshold")]
    recipient = page.locator("#gb-af-channels li input").first.input_value()
    page.fill("#gb-af-name", "Signups above one")
    page.click("#gb-af-save")
    page.wait_for_url(f"**/alerts/{alert_id}")
    page.wait_for_selector("#gb-al-chart[data-state=rendered] svg", timeout=30_000)
    saved = call(server, "GET", f"/api/alert/{alert_id}")["alert"]
    assert (shown, recipient, page.inner_text("h1"), saved["state"], saved["channels"]) == (
        ["Signups", "signup", "1"],
        "ed",
        "Signups above one",
        "alerting",
        [{"kind": "user", "user": "ed"}],
    )
    assert console_errors(page) == []
