"""Notebook dashboards in a real browser, served by a real ``gaugeboard serve``: a chart
(Altair's own MIME spelling), a Plotly figure, pictures, a pandas table in its sandboxed
frame, a folded traceback; a bundle's picture; a Jupyter Dashboards grid; no console
error under the strict CSP and no request to another host.

Notebooks are written with nbformat and uploaded through ``POST /_api/notebooks/…`` with
an editor's ``Authorization: token …``; a viewer signs in and looks.
"""

from __future__ import annotations

import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.browser.watched import page_of_its_own
from tests.conftest import DEFAULT_PASSWORD, state
from tests.live_server import call_api
from tests.notebooks.builders import (
    GRID_NOTEBOOK_METADATA,
    PLOTLY,
    SVG_WITH_SCRIPT,
    VEGA_LITE,
    altair_spec,
    code,
    display,
    error,
    grid_view,
    ipynb,
    markdown,
    notebook,
    plotly_figure,
    png,
    png_base64,
    result,
    stream,
    with_altair_spelling,
    zip_bundle,
)

pytestmark = pytest.mark.browser

DRAWN = "() => !document.querySelector('.gb-widget[data-state=loading]')"
TABLE = '<table class="dataframe"><tr><th>city</th></tr><tr><td id="oslo">Oslo</td></tr></table>'


# jsondash's plotly-any becomes this widget type on JSON dashboards too.
PLOTLY_DASHBOARD: dict[str, Any] = {
    "title": "Plotly",
    "name": "plotly",
    "folder": "team",
    "widgets": [
        {
            "id": "figure",
            "type": "plotly",
            "title": "Counts",
            "position": {"x": 0, "y": 0, "w": 12, "h": 5},
            "source": {"type": "inline", "data": plotly_figure()},
        }
    ],
}


def drawn_notebook() -> bytes:
    made = notebook(
        markdown("# Sales\n\n<script>window.ranMarkdown = true</script>"),
        code("chart", [display({VEGA_LITE: altair_spec(), "text/plain": "<Chart>"})]),
        code("fig", [display({PLOTLY: plotly_figure(), "text/html": "<div>plotly</div>"})]),
        code("plt", [display({"image/png": png_base64(width=30, height=20)})]),
        code("svg", [display({"image/svg+xml": SVG_WITH_SCRIPT})]),
        code("df", [result({"text/html": TABLE, "text/plain": "df"})]),
        code("print", [stream("printed\n"), display({"text/markdown": "*more*"})]),
        code("1/0", [error()]),
    )
    return with_altair_spelling(ipynb(made))


def grid_notebook() -> bytes:
    made = notebook(
        markdown("# Left", **grid_view(0, 0, 6, 6)),
        markdown("# Right", **grid_view(6, 0, 6, 6)),
        markdown("# Hidden", **grid_view(0, 6, 12, 2, hidden=True)),
        **GRID_NOTEBOOK_METADATA,
    )
    return ipynb(made)


def bundle() -> bytes:
    made = notebook(markdown("![The logo](images/logo.png)"))
    return zip_bundle({"index.ipynb": ipynb(made), "images/logo.png": png(width=12, height=8)})


def scripted_html_notebook() -> bytes:
    html = "<p id=p>static</p><script>parent.document.title = 'owned'; alert(1)</script>"
    return ipynb(notebook(code("h", [display({"text/html": html})])))


def upload(base_url: str, token: str, path: str, data: bytes, filename: str) -> int:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
        "\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{base_url}/_api/notebooks/{path}",
        data=body,
        method="POST",
        headers={
            "Authorization": f"token {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.status)


@pytest.fixture(scope="module")
def notebook_server(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """One server for the module: the tests only look at what was uploaded here."""
    secrets: list[str] = []

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            secrets.append(create_token(session, "ed", "browser test", 0)[1])
            session.commit()

    with module_server(request, backend, seed) as base_url:
        secret = secrets[0]
        uploads = [
            ("team/sales", drawn_notebook(), "sales.ipynb"),
            ("team/grid", grid_notebook(), "grid.ipynb"),
            ("team/bundle", bundle(), "bundle.zip"),
            ("team/scripted", scripted_html_notebook(), "scripted.ipynb"),
        ]
        for path, data, filename in uploads:
            assert upload(base_url, secret, path, data, filename) == 201
        call_api(base_url, secret, "POST", "/api/dashboard", PLOTLY_DASHBOARD)
        yield base_url


def open_notebook(page: Any, signed_in: SignedIn, base_url: str, name: str) -> None:
    signed_in.open(page, base_url, "ann", f"/dashboards/team/{name}")
    page.wait_for_function(DRAWN, timeout=30_000)


@pytest.fixture(scope="module")
def sales(browser: Any, signed_in: SignedIn, notebook_server: str) -> Iterator[Any]:
    """The "sales" notebook drawn once, for the tests that only read it."""
    with page_of_its_own(browser) as opened:
        open_notebook(opened, signed_in, notebook_server, "sales")
        yield opened


def errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")]


def cell(page: Any, index: int) -> Any:
    return page.locator(f"#cell-{index}")


def loaded_width(image: Any) -> int:
    image.evaluate("image => image.decode()")
    return int(image.evaluate("image => image.naturalWidth"))


def test_every_cell_is_drawn_without_console_errors(sales: Any) -> None:
    states = sales.locator(".gb-widget").evaluate_all("cells => cells.map(c => c.dataset.state)")
    assert states == ["rendered"] * 8
    assert errors(sales) == []
    assert sales.gb_hosts == {"127.0.0.1"}


def test_altair_chart_is_drawn(sales: Any) -> None:
    assert cell(sales, 1).locator("svg .mark-rect path").count() == 2


def test_plotly_figure_is_drawn(sales: Any) -> None:
    plot = cell(sales, 2).locator(".gb-plotly")
    plot.locator(".main-svg").first.wait_for()
    assert plot.locator(".trace.bars .point path").count() == 3
    assert plot.locator(".gtitle").text_content() == "Counts"


def test_plotly_has_no_mode_bar(sales: Any) -> None:
    cell(sales, 2).locator(".main-svg").first.wait_for()
    assert cell(sales, 2).locator(".modebar").count() == 0


def test_png_output_is_a_picture(sales: Any) -> None:
    assert loaded_width(cell(sales, 3).locator("img")) == 30


def test_svg_output_is_a_picture(sales: Any) -> None:
    assert loaded_width(cell(sales, 4).locator("img")) == 40


def test_pandas_table_is_in_a_sandboxed_frame(sales: Any) -> None:
    frame = cell(sales, 5).locator("iframe")
    assert frame.get_attribute("sandbox") == ""
    assert frame.content_frame.locator("#oslo").inner_text() == "Oslo"


def test_markdown_script_is_only_text(sales: Any) -> None:
    assert cell(sales, 0).locator("script").count() == 0
    assert "<script>" in cell(sales, 0).inner_text()
    assert sales.evaluate("() => window.ranMarkdown") is None


def test_a_cell_with_two_outputs_draws_both(sales: Any) -> None:
    parts = cell(sales, 6).locator(".gb-part")
    assert parts.count() == 2 and parts.nth(1).locator("em").inner_text() == "more"


def test_error_shows_its_message_and_folds_its_traceback(
    page: Any, notebook_server: str, signed_in: SignedIn
) -> None:
    open_notebook(page, signed_in, notebook_server, "sales")
    error_cell = cell(page, 7)
    assert "ZeroDivisionError: division by zero" in error_cell.locator("p").first.inner_text()
    details = error_cell.locator("details")
    assert details.get_attribute("open") is None
    details.locator("summary").click()
    assert "Traceback (most recent call last)" in details.locator("pre").inner_text()


def test_bundle_picture_is_shown(page: Any, notebook_server: str, signed_in: SignedIn) -> None:
    open_notebook(page, signed_in, notebook_server, "bundle")
    assert loaded_width(cell(page, 0).locator("img[alt='The logo']")) == 12
    assert errors(page) == []


def test_grid_cells_sit_side_by_side(page: Any, notebook_server: str, signed_in: SignedIn) -> None:
    page.set_viewport_size({"width": 1200, "height": 900})
    open_notebook(page, signed_in, notebook_server, "grid")
    left, right = cell(page, 0).bounding_box(), cell(page, 1).bounding_box()
    assert left["x"] < right["x"] and left["y"] == right["y"]
    assert page.locator("#cell-2").count() == 0


def test_grid_cells_stack_on_a_phone(page: Any, notebook_server: str, signed_in: SignedIn) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    open_notebook(page, signed_in, notebook_server, "grid")
    left, right = cell(page, 0).bounding_box(), cell(page, 1).bounding_box()
    assert left["x"] == right["x"] and left["y"] < right["y"]


def test_script_in_html_output_never_runs(
    page: Any, notebook_server: str, signed_in: SignedIn
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_notebook(page, signed_in, notebook_server, "scripted")
    frame = cell(page, 0).locator("iframe").content_frame
    assert frame.locator("#p").inner_text() == "static"
    assert dialogs == [] and page.title() != "owned"


def test_folder_listing_shows_the_kind(
    page: Any, notebook_server: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, notebook_server, "ann", "/dashboards/team/")
    row = page.locator("tr", has=page.get_by_role("link", name="sales"))
    assert row.locator(".gb-kind-badge").inner_text() == "notebook"


def test_a_json_dashboard_draws_a_plotly_widget(
    page: Any, notebook_server: str, signed_in: SignedIn
) -> None:
    open_notebook(page, signed_in, notebook_server, "plotly")
    plot = page.locator("#widget-figure .gb-plotly")
    plot.locator(".main-svg").first.wait_for()
    assert plot.locator(".trace.bars .point path").count() == 3
    assert errors(page) == []
