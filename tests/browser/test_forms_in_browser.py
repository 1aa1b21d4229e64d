"""Forms instead of raw JSON, and values as people read them, in a real browser: the
editor's metric source is the explorer's query builder (JSON under "Advanced"), the
explorer picks breakdowns and time zones from known values and says what to do first,
retention returns on any event by default, and tables show dates, percentages and
headers a reader understands. One server for the module, SQLite only."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
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

DRAWN = "() => !document.querySelector('.gb-editor-canvas .gb-widget[data-state=loading]')"
PREVIEWED = "() => document.querySelector('.gb-editor-preview [data-state=rendered]') !== null"
PICKED_EVENT = "() => document.querySelector('#gb-pick-query').value.includes('signup')"
SAVED = "() => document.querySelector('.gb-editor-status').textContent.startsWith('Saved')"


@pytest.fixture(scope="module")
def server(backend: str, request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """The base URL and an editor's API token; events with a ``country`` property."""
    secrets: dict[str, str] = {}

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            secrets["token"] = create_token(session, "ed", "browser test", 0)[1]
            secrets["key"] = create_event_key(session, "site")[1]
            session.commit()

    with module_server(request, backend, seed) as base_url:
        now = time.time()
        events = [
            {
                "name": "signup",
                "person": f"p{index}",
                "time": now - 3600 * (index + 1),
                "properties": {"country": "FR" if index % 2 else "DE"},
            }
            for index in range(6)
        ]
        body = json.dumps({"key": secrets["key"], "events": events}).encode()
        sent = urllib.request.Request(
            f"{base_url}/api/event",
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(sent, timeout=30) as answer:
            assert json.loads(answer.read())["stored"] == len(events)
        yield base_url, secrets["token"]


def dashboard(server: tuple[str, str], name: str, widgets: list[dict[str, Any]]) -> int:
    document = {"title": name.title(), "name": name, "folder": "forms", "widgets": widgets}
    created: dict[str, Any] = call_api(*server, "POST", "/api/dashboard", document)["dashboard"]
    return int(created["id"])


def script_errors(page: Any) -> list[tuple[str, str]]:
    return [
        entry
        for entry in page.gb_console
        if entry[0] in ("error", "pageerror") and "Failed to load resource" not in entry[1]
    ]


def metric_widget(query: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "signups",
        "type": "bar",
        "title": "Sign-ups",
        "position": {"x": 0, "y": 0, "w": 6, "h": 4},
        "source": {"type": "metric", "query": query},
    }


def test_a_metric_source_is_edited_with_the_query_builder(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    number = dashboard(server, "builder", [metric_widget({"metric": "count", "bucket": "day"})])
    signed_in.open(page, server[0], "ed", "/dashboards-edit/forms/builder")
    page.wait_for_function(DRAWN)
    page.click(".gb-editor-canvas .gb-widget[data-widget-id=signups]")
    page.wait_for_selector("#gb-widget-q-event option[value=signup]", state="attached")
    page.select_option("#gb-widget-q-event", "signup")
    page.wait_for_selector("#gb-widget-q-breakdown option[value=country]", state="attached")
    page.select_option("#gb-widget-q-breakdown", "country")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_function(SAVED)
    answer = call_api(*server, "GET", f"/api/dashboard/{number}")
    query = answer["document"]["widgets"][0]["source"]["query"]
    advanced = page.locator(".gb-query-advanced summary").first.inner_text()
    assert (query, advanced, script_errors(page)) == (
        {
            "type": "metric",
            "metric": "count",
            "event": "signup",
            "bucket": "day",
            "breakdown": "country",
            "breakdown_limit": 10,
            "filters": [],
        },
        "Advanced: the source as JSON",
        [],
    )


def test_a_widget_added_with_the_builder_previews_and_follows_the_dashboard(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    dashboard(server, "picked", [])
    signed_in.open(page, server[0], "ed", "/dashboards-edit/forms/picked")
    page.wait_for_function(DRAWN)
    page.locator("summary", has_text="Add a widget").click()
    page.select_option("#gb-pick-type", "line")
    page.select_option("#gb-pick-source", "metric")
    page.wait_for_selector("#gb-pick-q-event option[value=signup]", state="attached")
    page.select_option("#gb-pick-q-event", "signup")
    page.wait_for_function(PREVIEWED)
    page.locator(".gb-editor-picker .gb-query-advanced summary").click()
    # The preview of the query before the event was picked may already count as drawn.
    page.wait_for_function(PICKED_EVENT)
    text = page.input_value("#gb-pick-query")
    assert (json.loads(text), script_errors(page)) == (
        {"type": "metric", "metric": "count", "event": "signup", "bucket": "day", "filters": []},
        [],
    )


def test_the_explorer_picks_zones_and_breakdowns_and_says_what_to_do(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    signed_in.open(page, server[0], "ed", "/explore")
    page.wait_for_selector("#gb-x-event option[value=signup]", state="attached")
    empty = page.locator("#gb-x-empty").inner_text()
    zones = page.locator("#gb-x-timezone option").count()
    page.select_option("#gb-x-timezone", "Europe/Paris")
    page.wait_for_selector("#gb-x-breakdown option[value=country]", state="attached")
    page.select_option("#gb-x-breakdown", "country")
    page.click("#gb-x-run")
    page.wait_for_selector("#gb-x-table[data-state=rendered] tbody tr", timeout=30_000)
    headers = page.locator("#gb-x-table th").all_inner_texts()
    assert (
        "press Run" in empty,
        zones > 400,
        page.locator("#gb-x-empty").is_hidden(),
        headers[:1],
        "series" in headers,
        script_errors(page),
    ) == (True, True, True, ["Day"], False, [])


def test_table_cells_read_as_dates_percentages_and_numbers(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    this_year = datetime.now(UTC).year  # a date of another year also names its year
    rows = [{"day": f"{this_year}-11-07", "conversion": 0.256, "amount": 1234567.5}]
    table = {
        "id": "rows",
        "type": "table",
        "title": "Rows",
        "position": {"x": 0, "y": 0, "w": 12, "h": 4},
        "source": {"type": "inline", "data": rows},
        "options": {"formats": {"conversion": "percent", "amount": "currency"}, "currency": "EUR"},
    }
    dashboard(server, "cells", [table])
    signed_in.open(page, server[0], "ed", "/dashboards/forms/cells")
    page.wait_for_selector("[data-widget-id=rows][data-state=rendered] tbody tr", timeout=30_000)
    cells = page.locator("[data-widget-id=rows] tbody td").all_inner_texts()
    assert (cells, script_errors(page)) == (["Nov 7", "25.6%", "€1,234,567.50"], [])


def test_retention_comes_back_on_any_event_by_default(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    signed_in.open(page, server[0], "ed", "/explore")
    page.wait_for_selector("#gb-x-event option[value=signup]", state="attached")
    page.check("input[name=mode][value=retention]")
    chosen = page.locator("#gb-x-return-event option:checked").inner_text()
    page.click("#gb-x-run")
    page.wait_for_selector("#gb-x-chart[data-state=rendered] svg", timeout=30_000)
    query = json.loads(page.evaluate("new URLSearchParams(location.search).get('q')"))
    assert (chosen, query.get("return_any"), script_errors(page)) == ("any event", True, [])


def test_list_and_map_options_are_edited_as_rows(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    rows = [{"region": "north", "share": 0.5, "amount": 3}]
    table = {
        "id": "rows",
        "type": "table",
        "title": "Rows",
        "position": {"x": 0, "y": 0, "w": 12, "h": 4},
        "source": {"type": "inline", "data": rows},
        "options": {"columns": ["region", "share"]},
    }
    number = dashboard(server, "rows", [table])
    signed_in.open(page, server[0], "ed", "/dashboards-edit/forms/rows")
    page.wait_for_function(DRAWN)
    page.click(".gb-editor-canvas .gb-widget[data-widget-id=rows]")
    columns = page.locator("fieldset.gb-editor-rows-field", has_text="columns")
    columns.get_by_role("button", name="Add an item").click()
    columns.locator("input").last.fill("amount")
    columns.locator("input").last.press("Tab")
    formats = page.locator("fieldset.gb-editor-rows-field", has_text="formats")
    formats.get_by_role("button", name="Add a row").click()
    formats.locator("input").last.fill("share")
    formats.locator("select").last.select_option("percent")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_function(SAVED)
    options = call_api(*server, "GET", f"/api/dashboard/{number}")["document"]["widgets"][0]
    assert (options["options"], script_errors(page)) == (
        {"columns": ["region", "share", "amount"], "formats": {"share": "percent"}},
        [],
    )


def test_a_long_table_scrolls_inside_its_widget_and_a_lone_number_fills_its_tile(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    rows = [{"row": index, "value": index * 1000} for index in range(60)]
    widgets = [
        {
            "id": "long",
            "type": "table",
            "title": "Long",
            "position": {"x": 0, "y": 0, "w": 8, "h": 4},
            "source": {"type": "inline", "data": rows},
            "options": {"page_size": 60},
        },
        {
            "id": "lone",
            "type": "number",
            "title": "Lone",
            "position": {"x": 8, "y": 0, "w": 4, "h": 4},
            "source": {"type": "inline", "data": {"data": 1234}},
        },
    ]
    dashboard(server, "tiles", widgets)
    signed_in.open(page, server[0], "ed", "/dashboards/forms/tiles")
    page.wait_for_selector("[data-widget-id=long][data-state=rendered] tbody tr")
    page.wait_for_selector("[data-widget-id=lone][data-state=rendered] .gb-number-text")
    measured = page.evaluate(
        """() => {
          const scroll = document.querySelector('[data-widget-id=long] .gb-table-scroll');
          const chart = document.querySelector('[data-widget-id=long] .gb-chart');
          const tile = document.querySelector('[data-widget-id=lone] .gb-chart');
          const text = document.querySelector('[data-widget-id=lone] .gb-number-text');
          const box = tile.getBoundingClientRect();
          const value = text.getBoundingClientRect();
          const middle = (value.top + value.bottom) / 2 - (box.top + box.bottom) / 2;
          return {
            scrolls: scroll.scrollHeight > scroll.clientHeight + 1,
            spills: chart.scrollHeight > chart.clientHeight + 1,
            offCentre: Math.abs(middle) / box.height,
            filled: value.height / box.height,
          };
        }"""
    )
    centred = measured["offCentre"] < 0.15 and measured["filled"] >= 0.25
    assert (measured["scrolls"], measured["spills"], centred) == (True, False, True), measured


def test_compare_with_a_breakdown_reads_as_one_table(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    signed_in.open(page, server[0], "ed", "/explore")
    page.wait_for_selector("#gb-x-event option[value=signup]", state="attached")
    page.select_option("#gb-x-event", "signup")
    page.wait_for_selector("#gb-x-breakdown option[value=country]", state="attached")
    page.select_option("#gb-x-breakdown", "country")
    page.select_option("#gb-x-bucket", "")
    page.check("#gb-x-compare")
    page.click("#gb-x-run")
    page.wait_for_selector("#gb-x-table[data-state=rendered] tbody tr", timeout=30_000)
    headers = page.locator("#gb-x-table th").all_inner_texts()
    changes = page.locator("#gb-x-table tbody td:nth-child(4)").all_inner_texts()
    assert (
        [header.rstrip(" ↕▲▼") for header in headers],
        all(text == "" or text.endswith("%") for text in changes),
        script_errors(page),
    ) == (["Country", "Signup", "Previous period", "Change"], True, [])


def test_a_narrow_chart_puts_its_legend_under_the_plot(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    rows = [
        {"day": "mon", "route": "home", "value": 1},
        {"day": "mon", "route": "pricing", "value": 2},
        {"day": "tue", "route": "home", "value": 3},
    ]
    bars = {
        "id": "narrow",
        "type": "bar",
        "title": "Narrow",
        "position": {"x": 0, "y": 0, "w": 3, "h": 5},
        "source": {"type": "inline", "data": rows},
        "options": {"x": "day", "y": "value", "color": "route", "stack": "stacked"},
    }
    dashboard(server, "narrow", [bars])
    page.set_viewport_size({"width": 1200, "height": 900})
    signed_in.open(page, server[0], "ed", "/dashboards/forms/narrow")
    page.wait_for_selector("[data-widget-id=narrow][data-state=rendered] svg .role-legend")
    placed = page.evaluate(
        """() => {
          const svg = document.querySelector('[data-widget-id=narrow] svg');
          const legend = svg.querySelector('.role-legend').getBoundingClientRect();
          const plot = svg.querySelector('.role-axis').getBoundingClientRect();
          const label = svg.querySelector('.role-axis-label text');
          return {below: legend.top >= plot.top + plot.height / 2,
                  labelSize: parseFloat(getComputedStyle(label).fontSize)};
        }"""
    )
    assert (placed["below"], placed["labelSize"] >= 11, script_errors(page)) == (True, True, [])


def test_a_funnel_steps_filters_are_edited_in_the_builder_and_saved(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    steps = [
        {"event": "signup", "filters": [{"field": "country", "op": "=", "value": "FR"}]},
        {"event": "signup"},
    ]
    funnel = {**metric_widget({"type": "funnel", "steps": steps}), "type": "funnel"}
    number = dashboard(server, "stepfilters", [funnel])
    signed_in.open(page, server[0], "ed", "/dashboards-edit/forms/stepfilters")
    page.wait_for_function(DRAWN)
    page.click(".gb-editor-canvas .gb-widget[data-widget-id=signups]")
    first = page.locator("#gb-widget-q-steps > li").first
    shown = first.locator(".gb-x-filter-value").input_value()
    first.locator(".gb-x-filter-value").focus()  # the value field suggests known values
    first.locator(".gb-x-filter-values option[value=DE]").wait_for(state="attached")
    first.locator(".gb-x-filter-value").fill("DE")
    first.locator(".gb-x-filter-value").press("Tab")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_function(SAVED)
    answer = call_api(*server, "GET", f"/api/dashboard/{number}")
    saved = answer["document"]["widgets"][0]["source"]["query"]["steps"]
    assert (shown, saved, script_errors(page)) == (
        "FR",
        [
            {"event": "signup", "filters": [{"field": "country", "op": "=", "value": "DE"}]},
            {"event": "signup"},
        ],
        [],
    )
