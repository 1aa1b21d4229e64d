"""jsondash dashboards in a real browser: a relative iframe address framed as a stranger
to the site, notes under widgets drawn from C3 and DataTables configurations, an
unsupported module failing alone, emphasis from Bootstrap classes, and jsondash's DOM
event names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from tests.browser.documents import box, inline
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.browser.watched import page_of_its_own
from tests.conftest import DEFAULT_PASSWORD, state
from tests.live_server import call_api

pytestmark = pytest.mark.browser

DRAWN = "() => !document.querySelector('.gb-widget[data-state=loading]')"
HOST_PAGE = "/examples/inline-chart.html"
C3_CONFIG = {
    "data": {"columns": [["item 0", 49, 72, 92], ["item 1", 10, 20, 30]], "type": "bar"},
    "grid": {"y": {"show": True}},
}
DATATABLES = {
    "columns": [{"data": "name", "title": "Name"}],
    "data": [{"name": "Ada"}, {"name": "Bob"}],
    "searching": False,
    "scrollY": "200px",
}
DOCUMENT: dict[str, Any] = {
    "title": "From jsondash",
    "name": "from-jsondash",
    "folder": "team",
    "widgets": [
        {
            "id": "page",
            "type": "iframe",
            "title": "Host page",
            "position": box(0, 0, 6, 4),
            "options": {"url": HOST_PAGE},
        },
        {
            "id": "c3",
            "type": "line",
            "title": "C3 override",
            "position": box(6, 0, 6, 5),
            "source": inline(C3_CONFIG),
            "emphasis": "danger",
        },
        {
            "id": "dt",
            "type": "table",
            "title": "DataTables override",
            "position": box(0, 4, 6, 5),
            "source": inline(DATATABLES),
        },
        {
            "id": "sigma",
            "type": "unsupported",
            "title": "Unknown family",
            "position": box(6, 5, 6, 3),
            "options": {"reason": "modules[3].type: unknown type 'sunburst'"},
        },
    ],
}


@pytest.fixture(scope="module")
def jsondash_server(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    secrets: list[str] = []

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            secrets.append(create_token(session, "ed", "browser test", 0)[1])
            session.commit()

    with module_server(request, backend, seed) as base_url:
        call_api(base_url, secrets[0], "POST", "/api/dashboard", DOCUMENT)
        yield base_url


def open_dashboard(page: Any, signed_in: SignedIn, base_url: str) -> None:
    """Stand in for the host app's own page, record jsondash events, log in, wait."""
    page.route(
        f"{base_url}{HOST_PAGE}",
        lambda route: route.fulfill(
            body="<!doctype html><title>Inline chart</title><p id=hello>Host chart</p>",
            content_type="text/html",
        ),
    )
    page.add_init_script(
        "window.jsondashEvents = [];"
        "for (const name of ['jsondash.init', 'jsondash.widget.refresh'])"
        "  document.addEventListener(name, (event) => window.jsondashEvents.push(name));"
    )
    signed_in.open(page, base_url, "ann", "/dashboards/team/from-jsondash")
    page.wait_for_function(DRAWN, timeout=30_000)


@pytest.fixture(scope="module")
def drawn(browser: Any, signed_in: SignedIn, jsondash_server: str) -> Iterator[Any]:
    """The imported dashboard drawn once, for the tests that only read it."""
    with page_of_its_own(browser) as opened:
        open_dashboard(opened, signed_in, jsondash_server)
        yield opened


def widget(page: Any, widget_id: str) -> Any:
    return page.locator(f"#widget-{widget_id}")


def test_relative_iframe_shows_the_host_page(drawn: Any) -> None:
    frame = drawn.frame_locator("#widget-page iframe")
    assert frame.locator("#hello").inner_text() == "Host chart"


def test_relative_iframe_is_framed_without_the_sites_origin(drawn: Any) -> None:
    sandbox = widget(drawn, "page").locator("iframe").get_attribute("sandbox")
    frame = next(f for f in drawn.frames if f.url.endswith(HOST_PAGE))
    assert ("allow-same-origin" in sandbox, frame.evaluate("() => window.origin")) == (
        False,
        "null",
    )


def test_c3_configuration_draws_bars_with_its_notes(drawn: Any) -> None:
    chart = widget(drawn, "c3")
    notes = chart.locator(".gb-widget-notes li").all_text_contents()
    assert chart.locator("svg .mark-rect path").count() == 6
    assert notes == [
        "drawn as a bar chart, as C3 data.type says",
        "C3 grid dropped (no equivalent here)",
    ]


def test_datatables_configuration_draws_a_table_without_search(drawn: Any) -> None:
    table = widget(drawn, "dt")
    cells = table.locator("tbody td").all_inner_texts()
    assert (cells, table.get_by_label("Search").count()) == (["Ada", "Bob"], 0)


def test_unsupported_module_fails_alone_with_its_reason(drawn: Any) -> None:
    message = widget(drawn, "sigma").locator(".gb-widget-message").inner_text()
    states = [widget(drawn, name).get_attribute("data-state") for name in ("c3", "dt", "sigma")]
    assert (message, states) == (
        "modules[3].type: unknown type 'sunburst'",
        ["rendered", "rendered", "error"],
    )


def test_emphasis_colours_the_widget_edge(drawn: Any) -> None:
    width = widget(drawn, "c3").evaluate("element => getComputedStyle(element).borderLeftWidth")
    assert width == "4px"


def test_jsondash_event_names_are_dispatched(
    page: Any, jsondash_server: str, signed_in: SignedIn
) -> None:
    open_dashboard(page, signed_in, jsondash_server)
    widget(page, "dt").locator(".gb-widget-refresh").click()
    page.wait_for_function("() => window.jsondashEvents.includes('jsondash.widget.refresh')")
    assert page.evaluate("() => window.jsondashEvents")[0] == "jsondash.init"


def test_no_console_errors(drawn: Any) -> None:
    errors = [entry for entry in drawn.gb_console if entry[0] in ("error", "pageerror")]
    assert errors == []
