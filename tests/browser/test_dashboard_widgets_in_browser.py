"""Every widget kind on the dashboard page in a real browser: drawn from the embedded
outputs, errors with Retry, inputs forms, refresh timers, layouts, themes and the
window.gaugeboard callbacks, with no console error under the strict CSP.

Dashboards are created through the real API with an editor's token; every source is
inline, so no request leaves the machine (the one iframe page is answered by Playwright).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from tests.browser.documents import EMBEDDED_PAGE, EVERYTHING, INPUTS, PNG, box, inline
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.browser.watched import page_of_its_own
from tests.conftest import DEFAULT_PASSWORD, state
from tests.live_server import call_api

pytestmark = pytest.mark.browser

DRAWN = "() => !document.querySelector('.gb-widget[data-state=loading]')"

TIMED: dict[str, Any] = {
    "title": "Timed",
    "name": "timed",
    "folder": "team",
    "refresh": 30,
    "widgets": [
        {
            "id": "follower",
            "type": "markdown",
            "title": "Follows the dashboard",
            "position": box(0, 0, 6, 3),
            "source": inline("Every 30 seconds."),
        },
        {
            "id": "fast",
            "type": "markdown",
            "title": "Own timer",
            "position": box(6, 0, 6, 3),
            "refresh": 5,
            "source": inline("Every 5 seconds."),
        },
    ],
}

FREEFORM: dict[str, Any] = {
    "title": "Freeform",
    "name": "freeform",
    "folder": "team",
    "layout": "freeform",
    "widgets": [
        {
            "id": "placed",
            "type": "markdown",
            "title": "Placed",
            "position": box(120, 80, 300, 200),
            "source": inline("Here."),
        }
    ],
}


STEPS = [
    {"event": "visit", "count": 537, "conversion_from_previous": 1.0, "conversion_from_start": 1.0},
    {"event": "buy", "count": 41, "conversion_from_previous": 0.08, "conversion_from_start": 0.08},
]
FUNNEL: dict[str, Any] = {
    "title": "Funnel",
    "name": "funnel",
    "folder": "team",
    "widgets": [
        {
            "id": "steps",
            "type": "funnel",
            "title": "Steps",
            "position": box(0, 0, 6, 4),
            "source": inline({"steps": STEPS}),
        }
    ],
}

LONG_TITLE = "Orders by region over the whole of the last quarter, " * 3


def titled_chart(widget_id: str, position: dict[str, int]) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": "vega-lite",
        "title": widget_id,
        "position": position,
        "source": inline([{"region": "north", "total": 7}]),
        "spec": {
            "title": LONG_TITLE,
            "mark": "bar",
            "encoding": {
                "x": {"field": "region", "type": "nominal"},
                "y": {"field": "total", "type": "quantitative"},
            },
        },
    }


TITLES: dict[str, Any] = {
    "title": "Titles",
    "name": "titles",
    "folder": "team",
    "widgets": [titled_chart("narrow", box(0, 0, 2, 4)), titled_chart("wide", box(0, 4, 12, 4))],
}


def post_dashboard(base_url: str, token: str, document: dict[str, Any]) -> None:
    call_api(base_url, token, "POST", "/api/dashboard", document)


@pytest.fixture(scope="module")
def widget_server(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """One server for the module: the tests only read these dashboards (a test that needs
    other answers gets them from Playwright's routing, in its own browser context)."""
    secrets: list[str] = []

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            secrets.append(create_token(session, "ed", "browser test", 0)[1])
            session.commit()

    with module_server(request, backend, seed) as base_url:
        for document in (EVERYTHING, INPUTS, TIMED, FREEFORM, FUNNEL, TITLES):
            post_dashboard(base_url, secrets[0], document)
        yield base_url


def open_dashboard(page: Any, signed_in: SignedIn, base_url: str, name: str = "everything") -> None:
    """Open the dashboard as the viewer ann and wait until every widget settled."""
    page.route(
        f"{EMBEDDED_PAGE}*",
        lambda route: route.fulfill(
            body="<!doctype html><title>Embedded</title><p id=hello>Embedded page</p>",
            content_type="text/html",
        ),
    )
    signed_in.open(page, base_url, "ann", f"/dashboards/team/{name}")
    page.wait_for_function(DRAWN, timeout=30_000)


@pytest.fixture(scope="module")
def everything(browser: Any, signed_in: SignedIn, widget_server: str) -> Iterator[Any]:
    """The "everything" dashboard drawn once, for the tests that only read it."""
    with page_of_its_own(browser) as opened:
        open_dashboard(opened, signed_in, widget_server, "everything")
        yield opened


@pytest.fixture(scope="module")
def inputs_form(browser: Any, signed_in: SignedIn, widget_server: str) -> Iterator[Any]:
    """The "inputs" dashboard drawn once, for the tests that only read its form."""
    with page_of_its_own(browser) as opened:
        open_dashboard(opened, signed_in, widget_server, "inputs")
        yield opened


def widget(page: Any, widget_id: str) -> Any:
    return page.locator(f"#widget-{widget_id}")


def is_data_request(widget_id: str) -> Callable[[Any], bool]:
    def matches(request: Any) -> bool:
        parts = urlsplit(request.url)
        query = parse_qs(parts.query)
        return parts.path.endswith("/data") and query.get("widgets") == [widget_id]

    return matches


def errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")]


def table_column(page: Any, index: int) -> list[str]:
    return page.locator(f"#widget-cities tbody tr td:nth-child({index})").all_inner_texts()


# Drawing each kind


def test_chart_widget_is_drawn_as_svg(everything: Any) -> None:
    assert widget(everything, "chart").locator("svg .mark-rect path").count() == 1


def chart_title(page: Any, widget_id: str) -> tuple[str, str]:
    text = widget(page, widget_id).locator("svg .role-title-text text").first
    return text.get_attribute("font-size") or "", text.text_content() or ""


def test_chart_titles_are_sized_to_their_widget_and_cut_with_an_ellipsis(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    open_dashboard(page, signed_in, widget_server, "titles")
    (narrow_size, narrow_text), (wide_size, wide_text) = (
        chart_title(page, "narrow"),
        chart_title(page, "wide"),
    )
    cut = (narrow_text.endswith("…"), len(narrow_text) < len(LONG_TITLE.strip()))
    assert (narrow_size, wide_size, cut, len(wide_text) > len(narrow_text), errors(page)) == (
        "11px",
        "15px",
        (True, True),
        True,
        [],
    )


def test_number_widget_shows_its_text(everything: Any) -> None:
    assert widget(everything, "visits").locator(".gb-number-text").inner_text() == "1,234"


def test_number_widget_shows_its_units(everything: Any) -> None:
    assert widget(everything, "visits").locator(".gb-number-units").inner_text() == "visits"


def test_number_widget_shows_a_rising_delta(everything: Any) -> None:
    badge = widget(everything, "visits").locator(".gb-delta")
    assert "gb-delta-up" in badge.get_attribute("class") and "23.4%" in badge.inner_text()


def test_number_widget_applies_its_color(everything: Any) -> None:
    text = widget(everything, "visits").locator(".gb-number-text")
    assert text.evaluate("element => element.style.color") == "rgb(46, 125, 50)"


def test_number_group_shows_each_number(everything: Any) -> None:
    items = widget(everything, "group").locator(".gb-number-item")
    assert items.locator(".gb-number-text").all_inner_texts() == ["12", "3"]


def test_table_shows_every_row(everything: Any) -> None:
    assert table_column(everything, 1) == ["Oslo", "Bergen", "Tromso"]


def test_table_sorts_when_a_header_is_clicked(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    widget(page, "cities").get_by_role("button", name="visits").click()
    assert table_column(page, 2) == ["10", "20", "30"]


def test_table_marks_the_sorted_column(page: Any, widget_server: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, widget_server)
    widget(page, "cities").get_by_role("button", name="visits").click()
    header = widget(page, "cities").locator("th", has_text="visits")
    assert header.get_attribute("aria-sort") == "ascending"


def test_second_header_click_sorts_descending(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    button = widget(page, "cities").get_by_role("button", name="visits")
    button.click()
    button.click()
    assert table_column(page, 2) == ["30", "20", "10"]


def test_table_search_filters_rows(page: Any, widget_server: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, widget_server)
    widget(page, "cities").get_by_label("Search").fill("berg")
    assert table_column(page, 1) == ["Bergen"]


def test_markdown_heading_is_an_element(everything: Any) -> None:
    assert widget(everything, "notes").locator("h1").inner_text() == "Release notes"


def test_markdown_link_opens_without_referrer(everything: Any) -> None:
    link = widget(everything, "notes").locator("a", has_text="the docs")
    assert link.get_attribute("rel") == "noopener noreferrer"


def test_html_widget_frame_is_fully_sandboxed(everything: Any) -> None:
    assert widget(everything, "snippet").locator("iframe").get_attribute("sandbox") == ""


def test_html_widget_frame_holds_the_html(everything: Any) -> None:
    greeting = widget(everything, "snippet").frame_locator("iframe").locator("#greeting")
    assert greeting.inner_text() == "Hello there"


def test_html_widget_keeps_its_inline_styles(everything: Any) -> None:
    greeting = widget(everything, "snippet").frame_locator("iframe").locator("#greeting")
    assert greeting.evaluate("element => getComputedStyle(element).color") == "rgb(200, 0, 0)"


def test_iframe_widget_shows_the_page(everything: Any) -> None:
    inner = widget(everything, "embed").frame_locator("iframe").locator("#hello")
    assert inner.inner_text() == "Embedded page"


def test_iframe_widget_frame_is_sandboxed(everything: Any) -> None:
    sandbox = widget(everything, "embed").locator("iframe").get_attribute("sandbox")
    assert sandbox == "allow-scripts allow-same-origin allow-popups allow-forms"


def test_image_widget_shows_the_image(everything: Any) -> None:
    image = widget(everything, "logo").locator("img")
    assert image.get_attribute("alt") == "A dot" and image.get_attribute("src") == PNG


def test_timeline_lists_its_items(everything: Any) -> None:
    titles = widget(everything, "history").locator("ol > li .gb-timeline-title")
    assert titles.all_inner_texts() == ["Growth", "Launch"]


# Errors


def test_widget_error_shows_its_message(everything: Any) -> None:
    message = widget(everything, "broken").locator(".gb-widget-message").inner_text()
    assert "number widget takes" in message


def test_other_widgets_draw_beside_an_error(everything: Any) -> None:
    states = everything.locator(".gb-widget").evaluate_all(
        "sections => sections.map(s => [s.dataset.widgetId, s.dataset.state])"
    )
    assert [id_ for id_, s in states if s != "rendered"] == ["broken"]


def test_retry_refetches_only_the_failed_widget(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    with page.expect_request(is_data_request("broken")) as request:
        widget(page, "broken").get_by_role("button", name="Retry").click()
    assert request.value.response().status == 200


def test_refresh_button_refetches_only_its_widget(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    with page.expect_request(is_data_request("visits")):
        widget(page, "visits").get_by_role("button", name="Refresh Visits").click()
    page.wait_for_function(DRAWN)
    assert widget(page, "visits").locator(".gb-number-text").inner_text() == "1,234"


def test_refresh_fires_the_widget_events(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    page.evaluate(
        """() => {
          window.seen = [];
          for (const name of ["gaugeboard:widget:refresh", "gaugeboard:widget:rendered"]) {
            document.addEventListener(name, (event) => window.seen.push([name, event.detail.id]));
          }
        }"""
    )
    widget(page, "visits").get_by_role("button", name="Refresh Visits").click()
    page.wait_for_function("() => window.seen.length === 2")
    assert page.evaluate("() => window.seen") == [
        ["gaugeboard:widget:refresh", "visits"],
        ["gaugeboard:widget:rendered", "visits"],
    ]


def answer_with(page: Any, widgets: dict[str, Any], status: int = 200, version: int = 1) -> None:
    """Make the batch endpoint answer ``widgets`` (or fail with ``status``) from now on."""
    body = {"ok": True, "dashboard": 1, "version": version, "widgets": widgets}
    if status != 200:
        body = {"ok": False, "status": status, "code": "internal_error", "error": "Boom."}
    page.route(
        "**/api/dashboard/*/data?*",
        lambda route: route.fulfill(
            status=status, body=json.dumps(body), content_type="application/json"
        ),
    )


def refresh_visits(page: Any) -> None:
    with page.expect_response(is_data_request("visits")):
        widget(page, "visits").get_by_role("button", name="Refresh Visits").click()
    page.wait_for_function(DRAWN)


def test_unknown_kind_shows_the_error_state(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    answer_with(page, {"visits": {"ok": True, "kind": "hologram"}})
    refresh_visits(page)
    assert widget(page, "visits").get_attribute("data-state") == "error"


def test_failed_refresh_keeps_the_last_drawing(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    answer_with(page, {}, status=500)
    refresh_visits(page)
    assert widget(page, "visits").locator(".gb-number-text").inner_text() == "1,234"


def test_failed_refresh_says_so(page: Any, widget_server: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, widget_server)
    answer_with(page, {}, status=500)
    refresh_visits(page)
    message = widget(page, "visits").locator(".gb-widget-message").inner_text()
    assert message == "Could not refresh: Boom."


def test_markdown_link_to_a_script_url_is_plain_text(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    link = {"tag": "a", "href": "javascript:alert(1)", "children": [{"text": "click"}]}
    answer_with(page, {"visits": {"ok": True, "kind": "markdown", "nodes": [link]}})
    refresh_visits(page)
    assert widget(page, "visits").locator("a").count() == 0


def test_markdown_tag_outside_the_allow_list_keeps_only_its_text(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    node = {"tag": "script", "children": [{"text": "alert(1)"}]}
    answer_with(page, {"visits": {"ok": True, "kind": "markdown", "nodes": [node]}})
    refresh_visits(page)
    assert widget(page, "visits").locator("script").count() == 0


def test_iframe_with_a_script_url_is_an_error(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    output = {"ok": True, "kind": "iframe", "url": "javascript:alert(1)", "title": "x"}
    answer_with(page, {"visits": output})
    refresh_visits(page)
    assert widget(page, "visits").locator("iframe").count() == 0


def test_number_color_that_is_no_color_is_ignored(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    output = {"ok": True, "kind": "number", "value": 1, "text": "1", "color": "red; x: y"}
    answer_with(page, {"visits": output})
    refresh_visits(page)
    text = widget(page, "visits").locator(".gb-number-text")
    assert text.evaluate("element => element.style.color") == ""


def test_edited_dashboard_offers_a_reload(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    output = {"ok": True, "kind": "number", "value": 1, "text": "1"}
    answer_with(page, {"visits": output}, version=99)
    refresh_visits(page)
    assert page.locator(".gb-dashboard-notice").get_by_role("button", name="Reload").is_visible()


# Inputs


def test_inputs_form_labels_its_fields(inputs_form: Any) -> None:
    form = widget(inputs_form, "picker").locator("form")
    assert form.get_by_label("City").count() == 1 and form.get_by_label("Period").count() == 1


def test_inputs_form_shows_the_placeholder(inputs_form: Any) -> None:
    field = widget(inputs_form, "picker").get_by_label("City")
    assert field.get_attribute("placeholder") == "e.g. Oslo"


def test_inputs_form_reports_a_value_off_the_pattern(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server, "inputs")
    city = widget(page, "picker").get_by_label("City")
    city.fill("Oslo 2")
    widget(page, "picker").get_by_role("button", name="Apply").click()
    page.wait_for_function("field => field.validationMessage !== ''", arg=city.element_handle())
    assert "expected format" in city.evaluate("field => field.validationMessage")


def test_a_backtracking_pattern_cannot_hang_the_page(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    """(a+)+b on forty a's and a "!" runs for minutes in the browser's engine: the page
    gives up its own check in time and the server (RE2) refuses the value at once."""
    open_dashboard(page, signed_in, widget_server, "inputs")
    widget(page, "picker").get_by_label("Code").fill("a" * 40 + "!")
    with page.expect_response(is_data_request("picker"), timeout=10_000) as response:
        widget(page, "picker").get_by_role("button", name="Apply").click()
    assert response.value.status == 400


def test_inputs_form_shows_the_help_text(inputs_form: Any) -> None:
    field = widget(inputs_form, "picker").get_by_label("City")
    help_id = field.get_attribute("aria-describedby")
    assert inputs_form.locator(f"#{help_id}").inner_text() == "Letters only"


def test_inputs_select_starts_at_its_default(inputs_form: Any) -> None:
    assert widget(inputs_form, "picker").get_by_label("Period").input_value() == "30"


def test_submitting_inputs_sends_them_to_the_batch_endpoint(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server, "inputs")
    widget(page, "picker").get_by_label("City").fill("Oslo")
    with page.expect_request(is_data_request("picker")) as request:
        widget(page, "picker").get_by_role("button", name="Apply").click()
    query = parse_qs(urlsplit(request.value.url).query)
    assert query["input.picker.city"] == ["Oslo"] and query["input.picker.period"] == ["30"]


def test_inputs_answer_is_drawn(page: Any, widget_server: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, widget_server, "inputs")
    with page.expect_response(is_data_request("picker")) as response:
        widget(page, "picker").get_by_role("button", name="Apply").click()
    assert response.value.status == 200
    page.wait_for_function(DRAWN)
    assert widget(page, "picker").get_attribute("data-state") == "rendered"


def test_invalid_input_is_not_sent(page: Any, widget_server: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, widget_server, "inputs")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url))
    widget(page, "picker").get_by_label("City").fill("Oslo 2")
    widget(page, "picker").get_by_role("button", name="Apply").click()
    page.wait_for_timeout(300)
    assert [url for url in sent if "/data?" in url] == []


# Callbacks


def test_list_callbacks_shows_registered_callbacks(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    listed = page.evaluate(
        """() => {
          window.gaugeboard.registerCallback("visits", () => {});
          window.gaugeboard.registerCallback("visits", () => {});
          const all = window.gaugeboard.listCallbacks();
          return Object.fromEntries(Object.entries(all).map(([id, fns]) => [id, fns.length]));
        }"""
    )
    assert listed == {"visits": 2}


def test_callback_runs_after_the_widget_renders(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    page.evaluate(
        """() => window.gaugeboard.registerCallback("visits", (element, output) => {
          element.dataset.called = output.kind;
        })"""
    )
    widget(page, "visits").get_by_role("button", name="Refresh Visits").click()
    page.wait_for_selector("#widget-visits[data-called=number]")


def test_init_event_fires_on_the_document(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.add_init_script(
        """document.addEventListener("gaugeboard:init", (event) => {
          window.initWidgets = event.detail.widgets;
        })"""
    )
    open_dashboard(page, signed_in, widget_server, "inputs")
    assert page.evaluate("() => window.initWidgets") == ["picker"]


# Refresh timers


def test_widget_timer_refetches_only_that_widget(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.clock.install()
    open_dashboard(page, signed_in, widget_server, "timed")
    with page.expect_request(is_data_request("fast")):
        page.clock.fast_forward(6_000)


def test_dashboard_timer_refetches_the_other_widgets(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.clock.install()
    open_dashboard(page, signed_in, widget_server, "timed")
    with page.expect_request(is_data_request("follower")):
        page.clock.fast_forward(31_000)


def test_unchanged_data_comes_back_as_not_modified(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.clock.install()
    open_dashboard(page, signed_in, widget_server, "timed")
    with page.expect_response(is_data_request("fast")) as first:
        page.clock.fast_forward(6_000)
    assert first.value.status == 200
    with page.expect_response(is_data_request("fast")) as second:
        page.clock.fast_forward(6_000)
    assert second.value.status == 304


def test_timers_pause_while_the_tab_is_hidden(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.clock.install()
    open_dashboard(page, signed_in, widget_server, "timed")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url))
    page.evaluate(
        """() => {
          Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
          document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    page.clock.fast_forward(40_000)
    page.wait_for_timeout(300)
    assert [url for url in sent if "/data?" in url] == []


def test_hidden_tab_catches_up_when_shown(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.clock.install()
    open_dashboard(page, signed_in, widget_server, "timed")
    page.evaluate(
        """() => {
          Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
          document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    page.clock.fast_forward(6_000)
    with page.expect_request(is_data_request("fast")):
        page.evaluate(
            """() => {
              Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
              document.dispatchEvent(new Event("visibilitychange"));
            }"""
        )


# Layout and theme


def test_grid_places_widgets_side_by_side(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    open_dashboard(page, signed_in, widget_server)
    chart = widget(page, "chart").bounding_box()
    visits = widget(page, "visits").bounding_box()
    assert visits["x"] > chart["x"] + chart["width"] - 1 and visits["y"] == chart["y"]


def test_grid_rows_are_sixty_pixels(page: Any, widget_server: str, signed_in: SignedIn) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    open_dashboard(page, signed_in, widget_server)
    gap = page.locator(".gb-grid").evaluate("grid => parseFloat(getComputedStyle(grid).rowGap)")
    height = widget(page, "chart").bounding_box()["height"]
    # Four rows of 60px and the three gaps between them.
    assert height == pytest.approx(4 * 60 + 3 * gap, abs=0.5)


def test_narrow_screens_stack_widgets(page: Any, widget_server: str, signed_in: SignedIn) -> None:
    page.set_viewport_size({"width": 500, "height": 900})
    open_dashboard(page, signed_in, widget_server)
    chart = widget(page, "chart").bounding_box()
    visits = widget(page, "visits").bounding_box()
    assert visits["x"] == chart["x"] and visits["y"] > chart["y"] + chart["height"] - 1


def test_freeform_places_widgets_by_pixels(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    open_dashboard(page, signed_in, widget_server, "freeform")
    grid = page.locator(".gb-grid").bounding_box()
    placed = widget(page, "placed").bounding_box()
    offset = (placed["x"] - grid["x"], placed["y"] - grid["y"])
    assert offset == (120, 80) and (placed["width"], placed["height"]) == (300, 200)


def test_dashboard_theme_is_a_class_on_the_grid(everything: Any) -> None:
    assert "gb-theme-dark" in everything.locator(".gb-grid").get_attribute("class")


def test_dark_theme_colours_the_widgets(page: Any, widget_server: str, signed_in: SignedIn) -> None:
    open_dashboard(page, signed_in, widget_server)
    background = widget(page, "visits").evaluate("s => getComputedStyle(s).backgroundColor")
    assert background == "rgb(29, 33, 41)"


# The page as a whole


def test_no_console_error_on_a_page_of_every_widget(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server)
    page.wait_for_load_state("networkidle")
    assert errors(page) == []


def test_no_console_error_on_the_inputs_page(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server, "inputs")
    with page.expect_response(is_data_request("picker")):
        widget(page, "picker").get_by_role("button", name="Apply").click()
    page.wait_for_function(DRAWN)
    assert errors(page) == []


def test_page_draws_without_fetching_data(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url))
    open_dashboard(page, signed_in, widget_server)
    page.wait_for_load_state("networkidle")
    # The html widget's frame loads its own document; no widget data is fetched.
    assert [url for url in sent if "/api/dashboard/" in url and "/data" in url] == []


def test_funnel_labels_take_the_dark_pages_text_colour(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    page.emulate_media(color_scheme="dark")
    open_dashboard(page, signed_in, widget_server, "funnel")
    labels = widget(page, "steps").locator("svg text", has_text="%")
    labels.first.wait_for()
    fills = labels.evaluate_all("nodes => nodes.map((node) => node.getAttribute('fill'))")
    ink = page.evaluate(
        "getComputedStyle(document.querySelector('.gb-widget')).getPropertyValue('--gb-fg').trim()"
    )
    assert (len(fills), set(fills), errors(page)) == (2, {ink}, [])


def test_the_widest_funnel_label_is_not_clipped(
    page: Any, widget_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, widget_server, "funnel")
    label = widget(page, "steps").locator("svg text", has_text="537").first
    label.wait_for()
    right = label.evaluate("node => node.getBoundingClientRect().right")
    edge = (
        widget(page, "steps")
        .locator("svg")
        .first.evaluate("node => node.getBoundingClientRect().right")
    )
    assert right <= edge
