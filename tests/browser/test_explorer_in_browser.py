"""The metrics explorer in a real browser against a real server, with events sent through
the public ``/api/event`` ingestion: metric, funnel and retention runs draw a chart and
rows, a shared address runs again, "Add to a dashboard" saves a widget the dashboard page
draws, and a bad filter shows the server's message naming the field."""

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
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state
from tests.live_server import call_api

pytestmark = pytest.mark.browser

RENDERED = "#gb-x-chart[data-state=rendered] svg"
TABLE_ROWS = "#gb-x-table[data-state=rendered] tbody tr"
DASHBOARD: dict[str, Any] = {
    "title": "Growth",
    "name": "growth",
    "widgets": [
        {
            "id": "note",
            "type": "markdown",
            "position": {"x": 0, "y": 0, "w": 6, "h": 3},
            "source": {"type": "inline", "data": "Hello"},
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
    """Six persons over the last two days: each views, most sign up, some buy."""
    now = time.time()
    events: list[dict[str, Any]] = []
    for index in range(6):
        person = f"p{index}"
        start = now - 40 * 3600 + index * 600
        events.append({"name": "view", "person": person, "time": start, "properties": {}})
        if index < 4:
            events.append({"name": "signup", "person": person, "time": start + 60})
            events.append({"name": "view", "person": person, "time": start + 30 * 3600})
        if index < 2:
            properties = {"amount": 10 + index, "plan": "pro"}
            events.append(
                {"name": "buy", "person": person, "time": start + 120, "properties": properties}
            )
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
    """One server for the module: an editor "ed" (and a token), a viewer "vi", seeded
    events, a dashboard."""
    secrets: dict[str, str] = {}

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            create_user(session, "vi", DEFAULT_PASSWORD, "viewer")
            secrets["token"] = create_token(session, "ed", "browser test", 0)[1]
            secrets["key"] = create_event_key(session, "site")[1]
            session.commit()

    with module_server(request, backend, seed) as base_url:
        seed_events(base_url, secrets["key"])
        running = Server(base_url, secrets["token"])
        call(running, "POST", "/api/dashboard", DASHBOARD)
        yield running


def open_explorer(
    page: Any, signed_in: SignedIn, server: Server, query: str = "", user: str = "ed"
) -> None:
    signed_in.open(page, server.base_url, user, f"/explore{query}")
    page.wait_for_selector("#gb-x-event option[value=view]", state="attached")


def console_errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")]


def run(page: Any) -> None:
    page.click("#gb-x-run")
    page.wait_for_selector(RENDERED, timeout=30_000)
    page.wait_for_selector(TABLE_ROWS, timeout=30_000)


def test_metric_query_draws_a_chart_and_its_rows(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    open_explorer(page, signed_in, server)
    page.select_option("#gb-x-event", "view")
    page.select_option("#gb-x-range", "last_7_days")
    run(page)
    counts = page.locator("#gb-x-table tbody tr td:nth-child(2)").all_inner_texts()
    assert (sum(int(c) for c in counts if c), console_errors(page)) == (10, [])


def test_the_address_keeps_the_query_and_runs_it_again(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    query = {"event": "buy", "metric": "sum", "property": "amount", "bucket": None}
    open_explorer(page, signed_in, server, "?q=" + urllib.parse.quote(json.dumps(query)))
    page.wait_for_selector(TABLE_ROWS, timeout=30_000)
    cells = page.locator("#gb-x-table tbody tr td").all_inner_texts()
    assert (cells, page.input_value("#gb-x-property"), console_errors(page)) == (
        ["total", "21"],
        "amount",
        [],
    )


def test_funnel_mode(page: Any, server: Server, signed_in: SignedIn) -> None:
    open_explorer(page, signed_in, server)
    page.check("input[name=mode][value=funnel]")
    page.select_option("#gb-x-steps li:nth-child(1) select", "view")
    page.select_option("#gb-x-steps li:nth-child(2) select", "signup")
    run(page)
    counts = page.locator("#gb-x-table tbody tr td:nth-child(3)").all_inner_texts()
    assert (counts, console_errors(page)) == (["6", "4"], [])


def test_retention_mode(page: Any, server: Server, signed_in: SignedIn) -> None:
    open_explorer(page, signed_in, server)
    page.check("input[name=mode][value=retention]")
    page.select_option("#gb-x-start-event", "signup")
    page.select_option("#gb-x-return-event", "view")
    page.select_option("#gb-x-period", "day")
    page.fill("#gb-x-periods", "3")
    page.select_option("#gb-x-range", "last_7_days")
    run(page)
    sizes = page.locator("#gb-x-table tbody tr td:nth-child(2)").all_inner_texts()
    assert (sum(int(size) for size in sizes), console_errors(page)) == (4, [])


def test_add_to_dashboard_then_the_dashboard_draws_it(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    open_explorer(page, signed_in, server)
    page.select_option("#gb-x-event", "signup")
    run(page)
    page.wait_for_selector("#gb-x-dashboard option:has-text('Growth')", state="attached")
    page.select_option("#gb-x-dashboard", label="Growth (growth)")
    page.fill("#gb-x-title", "Signups per day")
    page.click("#gb-x-add")
    page.click(".gb-x-saved-link")
    page.wait_for_url("**/dashboards/growth")
    widget = page.locator(".gb-widget", has_text="Signups per day")
    widget.locator(".gb-chart svg").wait_for(timeout=30_000)
    document = call(server, "GET", "/api/dashboard/growth")["document"]
    added = document["widgets"][-1]
    assert (added["position"], added["source"]["query"]["event"], console_errors(page)) == (
        {"x": 0, "y": 3, "w": 6, "h": 4},
        "signup",
        [],
    )


def test_an_added_widget_follows_the_dashboards_time_range(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    open_explorer(page, signed_in, server)
    page.select_option("#gb-x-event", "view")
    page.select_option("#gb-x-range", "last_7_days")
    run(page)
    page.wait_for_selector("#gb-x-dashboard option:has-text('Growth')", state="attached")
    page.select_option("#gb-x-dashboard", label="Growth (growth)")
    page.fill("#gb-x-title", "Views follow the page")
    page.click("#gb-x-add")
    page.click(".gb-x-saved-link")
    page.wait_for_url("**/dashboards/growth")
    query = call(server, "GET", "/api/dashboard/growth")["document"]["widgets"][-1]["source"]
    picker_shown = page.locator("#gb-range").is_visible()
    assert ("range" in query["query"], "timezone" in query["query"], picker_shown) == (
        False,
        False,
        True,
    )


def test_a_bad_filter_shows_the_servers_message(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    open_explorer(page, signed_in, server)
    page.select_option("#gb-x-event", "buy")
    page.click("#gb-x-add-filter")
    page.fill(".gb-x-filter-field", "amount")
    page.select_option(".gb-x-filter-op", ">")
    page.fill(".gb-x-filter-value", "lots")
    page.click("#gb-x-run")
    error = page.locator("#gb-x-error li")
    error.wait_for()
    # The refused request itself is logged by the browser as a failed resource load.
    unexpected = [e for e in console_errors(page) if "status of 400" not in e[1]]
    assert (error.inner_text(), page.locator("#gb-x-results").is_hidden(), unexpected) == (
        "filters[0]: '>' needs a number",
        True,
        [],
    )


def test_a_viewer_is_told_the_dashboard_cannot_be_edited(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    open_explorer(page, signed_in, server, user="vi")
    run(page)
    page.wait_for_selector("#gb-x-dashboard option:has-text('Growth')", state="attached")
    page.click("#gb-x-add")
    status = page.locator("#gb-x-save-status", has_text="may not edit")
    status.wait_for()
    unexpected = [e for e in console_errors(page) if "status of 403" not in e[1]]
    assert (status.inner_text(), unexpected) == (
        "You may not edit “Growth (growth)”: pick a dashboard you can edit.",
        [],
    )


def test_a_filter_suggests_the_propertys_known_values(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    open_explorer(page, signed_in, server)
    page.select_option("#gb-x-event", "buy")
    page.click("#gb-x-add-filter")
    page.fill(".gb-x-filter-field", "plan")
    page.press(".gb-x-filter-field", "Tab")  # leaving the field picks the property
    suggested = page.locator("#gb-x-filters .gb-x-filter-values option")
    suggested.first.wait_for(state="attached")
    listed = page.get_attribute(".gb-x-filter-value", "list")
    assert (suggested.evaluate_all("os => os.map(o => o.value)"), listed, console_errors(page)) == (
        ["pro"],
        page.get_attribute("#gb-x-filters datalist", "id"),
        [],
    )


def test_a_funnel_step_filter_narrows_that_step_and_stays_in_the_address(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    open_explorer(page, signed_in, server)
    page.check("input[name=mode][value=funnel]")
    page.select_option("#gb-x-steps > li:nth-child(1) .gb-x-step-event", "view")
    page.select_option("#gb-x-steps > li:nth-child(2) .gb-x-step-event", "buy")
    page.click("#gb-x-steps > li:nth-child(2) .gb-x-step-add-filter")
    step = page.locator("#gb-x-steps > li:nth-child(2) .gb-x-filter")
    step.locator(".gb-x-filter-field").fill("amount")
    step.locator(".gb-x-filter-op").select_option(">")
    step.locator(".gb-x-filter-value").fill("10")
    run(page)
    counts = page.locator("#gb-x-table tbody tr td:nth-child(3)").all_inner_texts()
    query = json.loads(urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["q"][0])
    page.reload()
    page.wait_for_selector(TABLE_ROWS, timeout=30_000)
    again = page.locator("#gb-x-steps > li:nth-child(2) .gb-x-filter")
    shown = [again.locator(f".gb-x-filter-{part}").input_value() for part in ("field", "value")]
    assert (counts, query["steps"][1], shown, console_errors(page)) == (
        ["6", "1"],
        {"event": "buy", "filters": [{"field": "amount", "op": ">", "value": 10}]},
        ["amount", "10"],
        [],
    )


def test_approximate_unique_persons_are_asked_for_and_labelled(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    open_explorer(page, signed_in, server)
    hidden_for_counts = page.is_hidden("#gb-x-approximate")
    page.select_option("#gb-x-metric", "unique_persons")
    page.check("#gb-x-approximate")
    page.select_option("#gb-x-range", "last_7_days")
    run(page)
    sent = json.loads(urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["q"][0])
    label = page.locator("#gb-x-chart .gb-widget-approximate").inner_text()
    assert (hidden_for_counts, sent["approximate"], label, console_errors(page)) == (
        True,
        True,
        "≈ approximate",
        [],
    )
