"""The data set pages in a real browser against ``gaugeboard serve`` running its jobs every
second: the list from the top navigation, a data set's rows paged and sorted, its versions
with their counts, a restore that asks first, "Rebuild now" ending in a new version, a CSV
upload whose guessed type is changed before creating, "Add to a dashboard" (an existing
one and a new one), and every page at phone width in dark mode, without a console error."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from gaugeboard.datasets.query import RowFilter
from gaugeboard.datasets.rows import append_rows, delete_rows
from gaugeboard.datasets.schemas import DatasetCreate
from gaugeboard.datasets.service import create_dataset
from gaugeboard.datasets.sources import set_source
from gaugeboard.store.job_models import JobSchedule
from gaugeboard.store.types import utcnow
from tests.browser.confirm import answer
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state
from tests.live_server import call_api

pytestmark = pytest.mark.browser

RUN_SECONDS = 30  # how long a rebuild may take to be claimed and end (it takes a second)
REGIONS = ("north", "south", "east", "west")
SALES_ROWS = [
    {"region": REGIONS[index % 4], "month": f"2026-{index % 12 + 1:02d}-01", "amount": index}
    for index in range(120)
]


@dataclass(frozen=True)
class Server:
    base_url: str
    token: str
    ids: dict[str, int]


def _dataset(session: Any, app: Flask, name: str, columns: list[tuple[str, str]]) -> int:
    body = DatasetCreate.model_validate(
        {"name": name, "columns": [{"name": n, "data_type": t} for n, t in columns]}
    )
    return create_dataset(session, state(app).datasets, None, body).id


def seed(app: Flask, ids: dict[str, int], secrets: dict[str, str]) -> None:
    """``boss`` (admin, with a token), ``vic`` (viewer); ``sales`` (120 rows, then 4
    deleted: 3 versions), ``keep`` (two appends, to restore), ``by region`` (summing sales,
    rebuilt hourly by boss's schedule), and the dashboard ``board``."""
    place = state(app).datasets
    columns = [("region", "text"), ("month", "date"), ("amount", "number")]
    with state(app).database.sessions() as session:
        boss = create_user(session, "boss", DEFAULT_PASSWORD, "admin")
        create_user(session, "vic", DEFAULT_PASSWORD, "viewer")
        session.commit()
        secrets["token"] = create_token(session, "boss", "browser test", 0)[1]
        ids["sales"] = _dataset(session, app, "sales", columns)
        append_rows(session, place, None, ids["sales"], SALES_ROWS)
        delete_rows(
            session, place, None, ids["sales"], [RowFilter(column="amount", op="<", value=4)], False
        )
        ids["keep"] = _dataset(session, app, "keep", [("word", "text")])
        append_rows(session, place, None, ids["keep"], [{"word": "first"}])
        append_rows(session, place, None, ids["keep"], [{"word": "second"}, {"word": "third"}])
        ids["by region"] = _dataset(
            session, app, "by region", [("region", "text"), ("amount", "number")]
        )
        sql = "SELECT region, sum(amount) AS amount FROM sales GROUP BY region"
        set_source(session, None, ids["by region"], {"type": "query", "sql": sql})
        session.add(
            JobSchedule(
                name="by region hourly",
                job_type="dataset.rebuild",
                arguments={"method": "reload"},
                target_kind="dataset",
                target_id=str(ids["by region"]),
                every_seconds=3600,
                next_due_at=utcnow() + timedelta(hours=1),
                owner_id=boss.id,
            )
        )
        board = create_dashboard(
            session, {"name": "board", "title": "Board", "widgets": []}, boss.id
        )
        ids["board"] = board.id
        session.commit()


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, backend: str) -> Iterator[Server]:
    ids: dict[str, int] = {}
    secrets: dict[str, str] = {}
    jobs = {"GAUGEBOARD_JOBS_POLL_SECONDS": "1", "GAUGEBOARD_EVENT_SEAL_SECONDS": "3600"}
    with module_server(request, backend, lambda app: seed(app, ids, secrets), jobs) as url:
        yield Server(url, secrets["token"], ids)


def errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in {"error", "pageerror"}]


def cells(page: Any, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


def test_the_list_is_reached_from_the_top_navigation(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    signed_in.open(page, server.base_url, "boss", "/dashboards/")
    with page.expect_navigation():
        page.get_by_role("link", name="Data sets", exact=True).click()
    names = page.locator("#gb-datasets tbody tr").evaluate_all(
        "rows => rows.map((row) => row.dataset.name)"
    )
    sales = cells(page, '#gb-datasets tr[data-name="sales"] > *')
    by_region = page.locator('#gb-datasets tr[data-name="by region"]').inner_text()
    assert (names, sales[2], sales[-1]) == (["by region", "keep", "sales"], "116", "3")
    assert "SQL query" in by_region and "by region hourly (every hour)" in by_region
    assert errors(page) == []


def test_a_data_set_shows_a_page_of_rows_sorted_by_a_column(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    signed_in.open(page, server.base_url, "boss", f"/datasets/{server.ids['sales']}")
    first_page = page.locator("#gb-ds-rows tbody tr").count()
    with page.expect_navigation():
        page.get_by_role("link", name="amount", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="amount", exact=True).click()
    header = page.locator("#gb-ds-rows th", has_text="amount").get_attribute("aria-sort")
    amounts = cells(page, "#gb-ds-rows tbody tr td:nth-child(4)")
    with page.expect_navigation():
        page.get_by_role("link", name="Next →").click()
    second = cells(page, "#gb-ds-rows tbody tr td:nth-child(4)")
    assert (first_page, header, amounts[:2], len(second)) == (50, "descending", ["119", "118"], 50)
    assert second[0] == "69" and errors(page) == []


def test_versions_show_their_counts_and_old_rows(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    signed_in.open(page, server.base_url, "boss", f"/datasets/{server.ids['sales']}")
    versions = [cells(page, f'#gb-ds-versions tr[data-version="{n}"] td.gb-num') for n in (2, 1, 0)]
    assert versions == [["0", "4", "0"], ["120", "0", "0"], ["0", "0", "0"]]
    with page.expect_navigation():
        page.get_by_role("link", name="Show rows of version 1").click()
    title = page.locator("#gb-ds-rows-title").inner_text()
    first = cells(page, "#gb-ds-rows tbody tr:first-child td")
    assert (title, first[:2]) == ("Rows at version 1", ["1", "north"])
    assert errors(page) == []


def test_restore_asks_first_then_makes_a_new_version(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    signed_in.open(page, server.base_url, "boss", f"/datasets/{server.ids['keep']}")
    page.get_by_role("button", name="Restore version 1", exact=True).click()
    answer(page, agree=False)
    untouched = page.locator("#gb-ds-versions tbody tr").count()
    page.get_by_role("button", name="Restore version 1", exact=True).click()
    answer(page)
    page.wait_for_selector("#gb-ds-status:has-text('Version 1 restored.')")
    words = cells(page, "#gb-ds-rows tbody tr td:nth-child(2)")
    operation = page.locator('#gb-ds-versions tr[data-version="3"] code').inner_text()
    assert (untouched, words, operation) == (3, ["first"], "RESTORE")
    assert errors(page) == []


def test_rebuild_now_asks_first_and_ends_in_a_new_version(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    signed_in.open(page, server.base_url, "boss", f"/datasets/{server.ids['by region']}")
    schedule = page.locator("#gb-ds-schedules tbody tr").inner_text()
    page.select_option("#gb-ds-method", "reload")
    page.get_by_role("button", name="Rebuild now").click()
    answer(page, agree=False)
    none_yet = page.locator("#gb-ds-no-runs").count()
    page.get_by_role("button", name="Rebuild now").click()
    answer(page)
    page.wait_for_selector("#gb-ds-status:has-text('Rebuild queued')")
    page.wait_for_selector(
        "#gb-ds-status:has-text('succeeded: version 1')", timeout=RUN_SECONDS * 1000
    )
    regions = sorted(cells(page, "#gb-ds-rows tbody tr td:nth-child(2)"))
    state_word = page.locator("#gb-ds-runs tbody tr:first-child [data-cell=state]").inner_text()
    assert ("every hour" in schedule, none_yet, regions, state_word) == (
        True,
        1,
        sorted(REGIONS),
        "succeeded",
    )
    assert errors(page) == []


def test_a_viewer_sees_no_changing_buttons(page: Any, server: Server, signed_in: SignedIn) -> None:
    signed_in.open(page, server.base_url, "vic", f"/datasets/{server.ids['keep']}")
    buttons = page.locator("main button").count()
    assert (buttons, page.locator("#gb-ds-rows tbody tr").count(), errors(page)) == (0, 1, [])


def test_a_csv_upload_with_an_edited_type(
    page: Any, server: Server, tmp_path: Path, signed_in: SignedIn
) -> None:
    upload = tmp_path / "codes.csv"
    upload.write_text(
        "code;amount;day\n007;1,5;2026-01-02\n012;2;2026-01-03\n100;3.25;2026-01-04\n",
        encoding="utf-8",
    )
    signed_in.open(page, server.base_url, "boss", "/datasets-new/")
    page.set_input_files("#gb-ds-file", str(upload))
    page.wait_for_selector("#gb-ds-preview:not([hidden])")
    guessed = [page.input_value(f"#gb-ds-type-{n}") for n in range(3)]
    page.select_option("#gb-ds-type-0", "text")
    page.select_option("#gb-ds-type-1", "text")
    page.fill("#gb-ds-name", "codes")
    with page.expect_navigation():
        page.get_by_role("button", name="Create and upload").click()
    types = cells(page, "#gb-ds-columns tbody td code")
    codes = cells(page, "#gb-ds-rows tbody tr td:nth-child(2)")
    amounts = cells(page, "#gb-ds-rows tbody tr td:nth-child(3)")
    assert guessed == ["integer", "text", "date"]
    assert (types, codes, amounts) == (
        ["rec_id", "text", "text", "date"],
        ["007", "012", "100"],
        ["1,5", "2", "3.25"],
    )
    assert errors(page) == []


def test_a_refused_upload_creates_nothing(
    page: Any, server: Server, tmp_path: Path, signed_in: SignedIn
) -> None:
    upload = tmp_path / "bad.csv"
    upload.write_text("n\n1\n2\nthree\n", encoding="utf-8")
    signed_in.open(page, server.base_url, "boss", "/datasets-new/")
    page.set_input_files("#gb-ds-file", str(upload))
    page.wait_for_selector("#gb-ds-preview:not([hidden])")
    page.select_option("#gb-ds-type-0", "integer")
    page.fill("#gb-ds-name", "bad numbers")
    page.get_by_role("button", name="Create and upload").click()
    page.wait_for_selector("#gb-ds-new-errors li")
    problems = cells(page, "#gb-ds-new-errors li")
    found = call_api(server.base_url, server.token, "GET", "/api/data?name=bad+numbers")
    # The refusal itself is logged by the browser as a failed request: the one error.
    unexpected = [entry for entry in errors(page) if "status of 400" not in entry[1]]
    assert problems == ["rows[2].n: 'three' is not a number (line 4 of the file)"]
    assert (found["total"], unexpected) == (0, [])


def widgets_of(server: Server, path: str) -> list[dict[str, Any]]:
    found = call_api(server.base_url, server.token, "GET", f"/api/dashboard/{path}")
    return list(found["document"]["widgets"])


def test_add_to_an_existing_dashboard(page: Any, server: Server, signed_in: SignedIn) -> None:
    signed_in.open(page, server.base_url, "boss", f"/datasets/{server.ids['sales']}")
    page.wait_for_selector(
        f'#gb-ds-dashboard option[value="{server.ids["board"]}"]', state="attached"
    )
    page.select_option("#gb-ds-dashboard", str(server.ids["board"]))
    page.select_option("#gb-ds-kind", "bar")
    page.select_option("#gb-ds-group", "region")
    page.select_option("#gb-ds-measure", "sum:amount")
    page.fill("#gb-ds-title", "Sales by region")
    page.get_by_role("button", name="Add the widget").click()
    page.wait_for_selector("#gb-ds-add-status a")
    (widget,) = widgets_of(server, "board")
    assert (widget["type"], widget["title"], widget["options"]) == (
        "bar",
        "Sales by region",
        {"x": "region", "y": ["sum_amount"]},
    )
    assert widget["source"] == {
        "type": "dataset",
        "dataset": "sales",
        "query": {
            "limit": 1000,
            "group_by": ["region"],
            "measures": [{"aggregate": "sum", "column": "amount", "name": "sum_amount"}],
            "sort": [{"column": "region"}],
        },
    }
    with page.expect_navigation():
        page.locator("#gb-ds-add-status a").click()
    page.wait_for_selector(".gb-widget[data-state=rendered]", timeout=30_000)
    assert errors(page) == []


def test_add_to_a_new_dashboard(page: Any, server: Server, signed_in: SignedIn) -> None:
    signed_in.open(page, server.base_url, "boss", f"/datasets/{server.ids['keep']}")
    page.wait_for_selector("#gb-ds-dashboard option[value=__new__]", state="attached")
    page.select_option("#gb-ds-dashboard", "__new__")
    page.fill("#gb-ds-new-title", "Kept words")
    page.get_by_role("button", name="Add the widget").click()
    page.wait_for_selector("#gb-ds-add-status a")
    (widget,) = widgets_of(server, "kept-words")
    assert (widget["type"], widget["source"]["dataset"], widget["source"]["query"]) == (
        "table",
        "keep",
        {"limit": 1000},
    )
    assert errors(page) == []


@pytest.mark.parametrize("path", ["/datasets/", "/datasets/{sales}", "/datasets-new/"])
def test_each_page_fits_a_phone_in_dark_mode(
    page: Any, server: Server, path: str, signed_in: SignedIn
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(color_scheme="dark")
    signed_in.open(page, server.base_url, "boss", path.format(sales=server.ids["sales"]))
    widest = page.evaluate("document.documentElement.scrollWidth")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (widest <= 390, background) == (True, "rgb(20, 23, 29)")
    assert errors(page) == []
