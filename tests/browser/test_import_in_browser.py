"""The Browse page's Import and New folder buttons in a real browser: files are read in
the browser, planned, imported; a bad file shows its problem and imports nothing."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state
from tests.dashboards.factories import chart_document

pytestmark = pytest.mark.browser

JSONDASH: dict[str, Any] = {
    "name": "Kitchen Sink",
    "layout": "grid",
    "modules": [
        {
            "name": "Visits",
            "type": "line",
            "width": "col-6",
            "height": 400,
            "row": 1,
            "dataSource": "http://127.0.0.1:5004/line",
        }
    ],
}
TOKENS: dict[str, str] = {}


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        create_user(session, "ed", DEFAULT_PASSWORD, "editor")
        create_dashboard(session, chart_document(folder="ops", name="home", title="Home"), None)
        _token, TOKENS["ed"] = create_token(session, "ed", "browser test", 0)
        session.commit()


@pytest.fixture(scope="module")
def base_url(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    with module_server(request, backend, seed) as url:
        yield url


def stored(base_url: str, path: str) -> bool:
    request = urllib.request.Request(
        f"{base_url}/api/dashboard/{path}", headers={"Authorization": f"Bearer {TOKENS['ed']}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30):
            return True
    except urllib.error.HTTPError as error:
        assert error.code == 404
        return False


def upload(name: str, content: Any) -> dict[str, Any]:
    text = content if isinstance(content, str) else json.dumps(content, indent=2)
    return {"name": name, "mimeType": "application/json", "buffer": text.encode()}


def open_import(page: Any, signed_in: SignedIn, base_url: str) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/")
    with page.expect_navigation():
        page.click("a.gb-browse-button:text-is('Import')")


def console_errors(page: Any) -> list[tuple[str, str]]:
    """Errors other than the browser's note on an answer with an error status (the 400
    a bad file gets is expected)."""
    return [
        entry
        for entry in page.gb_console
        if entry[0] in ("error", "pageerror") and "Failed to load resource" not in entry[1]
    ]


def plan_rows(page: Any) -> list[list[str]]:
    page.wait_for_selector(".gb-import-plan:not([hidden])")
    rows = page.locator(".gb-import-plan tbody tr")
    return [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]


def test_import_lists_both_dashboards_in_the_folder(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    open_import(page, signed_in, base_url)
    sales = chart_document(folder="", name="sales", title="Sales")
    page.set_input_files(
        "#gb-import-files", [upload("sales.json", sales), upload("kitchen.json", JSONDASH)]
    )
    assert plan_rows(page) == [
        ["sales.json", "ops/sales", "create"],
        ["kitchen.json", "ops/kitchen-sink", "create"],
    ]
    page.click(".gb-import-apply")
    page.wait_for_selector(".gb-import-done:not([hidden])")
    with page.expect_navigation():
        page.click(".gb-import-folder")
    listed = page.locator(".gb-dashboard td:first-child > a").all_inner_texts()
    assert (sorted(listed), console_errors(page)) == (["Home", "Kitchen Sink", "Sales"], [])


def test_file_with_a_problem_is_shown_and_nothing_imported(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    open_import(page, signed_in, base_url)
    good = chart_document(folder="", name="never", title="Never")
    page.set_input_files(
        "#gb-import-files", [upload("good.json", good), upload("bad.json", '{\n  "title": x\n}')]
    )
    page.wait_for_selector(".gb-import-problems:not([hidden])")
    problems = page.locator(".gb-import-errors li").all_inner_texts()
    assert problems == [
        "bad.json: (document): not valid JSON (Expecting value at line 2, column 12)"
    ]
    assert page.locator(".gb-import-plan").is_hidden()
    assert (stored(base_url, "ops/never"), console_errors(page)) == (False, [])


def test_dropped_file_is_planned(page: Any, base_url: str, signed_in: SignedIn) -> None:
    open_import(page, signed_in, base_url)
    text = json.dumps(chart_document(folder="", name="dropped", title="Dropped"))
    transfer = page.evaluate_handle(
        """(text) => {
          const data = new DataTransfer();
          data.items.add(new File([text], 'dropped.json', {type: 'application/json'}));
          return data;
        }""",
        text,
    )
    page.dispatch_event(".gb-import-drop", "drop", {"dataTransfer": transfer})
    assert plan_rows(page) == [["dropped.json", "ops/dropped", "create"]]


def test_new_folder_opens_the_editor_in_that_folder(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, base_url, "ed", "/dashboards/ops/")
    with page.expect_navigation():
        page.click("a.gb-browse-button:text-is('New folder')")
    page.fill("#gb-folder-name", "q1")
    with page.expect_navigation():
        page.click("form.gb-new-folder button[type=submit]")
    assert page.url == f"{base_url}/dashboards-new/?folder=ops/q1"
    crumbs = page.locator(".gb-breadcrumb li").all_inner_texts()
    assert (crumbs[-1], console_errors(page)) == ("ops/q1", [])
