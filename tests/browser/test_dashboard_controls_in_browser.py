"""The view page's controls in a real browser: time range and variables (reloading every
widget and kept in the address), full screen, and the per-widget downloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state

pytestmark = pytest.mark.browser

DRAWN = "() => !document.querySelector('.gb-widget[data-state=loading]')"
PATH = "/dashboards/ops/controls"
DOCUMENT: dict[str, Any] = {
    "title": "Controls",
    "name": "controls",
    "folder": "ops",
    "time_range": "last_30_days",
    "variables": [
        {"name": "region", "type": "select", "options": ["north", "south"], "default": "north"}
    ],
    "widgets": [
        {
            "id": "who",
            "type": "number",
            "title": "Region",
            "position": {"x": 0, "y": 0, "w": 3, "h": 3},
            "source": {"type": "inline", "data": {"data": "{{region}}"}},
        },
        {
            "id": "per-day",
            "type": "line",
            "title": "Visits per day",
            "position": {"x": 3, "y": 0, "w": 9, "h": 4},
            "source": {"type": "metric", "query": {"event": "visit", "bucket": "day"}},
        },
        {
            "id": "rows",
            "type": "table",
            "title": "Tricky rows",
            "position": {"x": 0, "y": 4, "w": 12, "h": 4},
            "source": {
                "type": "inline",
                "data": {
                    "columns": ["name", "note"],
                    "rows": [["=SUM(A1)", "a,b"], ['say "hi"', "two\nlines"], ["-3", 4]],
                },
            },
        },
    ],
}


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        create_dashboard(session, DOCUMENT, None)
        session.commit()


@pytest.fixture(scope="module")
def base_url(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    with module_server(request, backend, seed) as url:
        yield url


def open_dashboard(page: Any, signed_in: SignedIn, base_url: str, query: str = "") -> None:
    signed_in.open(page, base_url, "ann", f"{PATH}{query}")
    page.wait_for_function(DRAWN)


def data_request(name: str) -> Any:
    return lambda response: "/data?" in response.url and name in response.url


def test_range_change_reloads_every_widget(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, base_url)
    with page.expect_response(data_request("range=last_7_days")) as answer:
        page.select_option("#gb-range", "last_7_days")
    assert (answer.value.status, sorted(answer.value.json()["widgets"])) == (
        200,
        ["per-day", "rows", "who"],
    )


def test_range_change_goes_into_the_address(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, base_url)
    page.select_option("#gb-range", "last_7_days")
    page.wait_for_url(f"**{PATH}?range=last_7_days")


def test_variable_change_redraws_with_its_value(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, base_url)
    page.select_option("#gb-var-region", "south")
    page.wait_for_function(
        "() => document.querySelector('#widget-who .gb-number-text')?.textContent === 'south'"
    )
    page.wait_for_url(f"**{PATH}?var.region=south")


def test_reload_keeps_the_chosen_values(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, base_url)
    page.select_option("#gb-var-region", "south")
    page.wait_for_url(f"**{PATH}?var.region=south")
    page.reload()
    page.wait_for_function(DRAWN)
    shown = page.locator("#widget-who .gb-number-text").inner_text()
    assert (page.input_value("#gb-var-region"), shown) == ("south", "south")


def test_refresh_after_a_change_keeps_the_filters(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, base_url, "?var.region=south")
    with page.expect_response(data_request("var.region=south")) as answer:
        page.click("#widget-who .gb-widget-refresh")
    assert answer.value.json()["widgets"]["who"]["value"] == "south"


def test_custom_range_sends_from_and_to(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, base_url)
    page.select_option("#gb-range", "custom")
    page.fill("#gb-from", "2026-01-01T00:00:00")
    with page.expect_response(data_request("from=")) as answer:
        page.fill("#gb-to", "2026-01-03T00:00:00")
        page.locator("#gb-to").dispatch_event("change")
    assert ("to=" in answer.value.url, answer.value.status) == (True, 200)


def test_server_error_is_shown_in_the_controls(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, base_url)
    page.select_option("#gb-range", "custom")
    page.fill("#gb-from", "2026-01-03T00:00:00")
    page.fill("#gb-to", "2026-01-01T00:00:00")
    page.click(".gb-controls button[type=submit]")
    alert = page.locator(".gb-controls-error")
    alert.wait_for(state="visible")
    assert "range.end: must be after start" in alert.inner_text()


def test_incomplete_custom_range_is_explained(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, base_url)
    page.select_option("#gb-range", "custom")
    page.click(".gb-controls button[type=submit]")
    assert "Choose a start" in page.locator(".gb-controls-error").inner_text()


def chart_width(page: Any) -> float:
    return float(
        page.evaluate("document.querySelector('#widget-per-day svg').getBoundingClientRect().width")
    )


def test_full_screen_redraws_the_chart_larger(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, base_url)
    before = chart_width(page)
    page.click("#widget-per-day .gb-widget-fullscreen")
    page.wait_for_function(DRAWN)
    page.wait_for_selector("#widget-per-day.gb-fullscreen svg")
    assert chart_width(page) > before * 1.2


def test_escape_leaves_full_screen(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, base_url)
    page.click("#widget-per-day .gb-widget-fullscreen")
    page.keyboard.press("Escape")
    pressed = page.get_attribute("#widget-per-day .gb-widget-fullscreen", "aria-pressed")
    assert (page.locator(".gb-fullscreen").count(), pressed) == (0, "false")


def download(page: Any, widget: str, label: str) -> bytes:
    page.click(f"#widget-{widget} .gb-widget-downloads summary")
    with page.expect_download() as info:
        page.click(f"#widget-{widget} .gb-download-list button:has-text('{label}')")
    assert info.value.suggested_filename.startswith(f"ops-controls-{widget}.")
    return Path(info.value.path()).read_bytes()


def test_csv_download_quotes_and_guards_formulas(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, base_url)
    expected = 'name,note\r\n\'=SUM(A1),"a,b"\r\n"say ""hi""","two\nlines"\r\n\'-3,4\r\n'
    assert download(page, "rows", "Data as CSV").decode() == expected


def test_json_download_holds_the_chart_values(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, base_url)
    text = download(page, "per-day", "Data as JSON").decode()
    assert '"value": 0' in text and '"at": "' in text


def test_png_download_is_an_image(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, base_url)
    assert download(page, "per-day", "Chart as PNG")[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_download_is_an_svg(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, base_url)
    assert b"<svg" in download(page, "per-day", "Chart as SVG")[:400]


def test_tables_offer_no_chart_image(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, base_url)
    page.click("#widget-rows .gb-widget-downloads summary")
    visible = page.locator("#widget-rows .gb-download-list button:visible").all_inner_texts()
    assert visible == ["Data as CSV", "Data as JSON"]


def test_controls_log_no_console_error(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, base_url)
    page.select_option("#gb-range", "last_7_days")
    page.select_option("#gb-var-region", "south")
    page.wait_for_url(f"**{PATH}?range=last_7_days&var.region=south")
    page.click("#widget-per-day .gb-widget-fullscreen")
    page.keyboard.press("Escape")
    page.wait_for_function(DRAWN)
    assert [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")] == []
