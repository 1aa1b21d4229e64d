"""The data set pages as the server draws them (``/datasets/``, ``/datasets/<id>``,
``/datasets-new/``): what each role sees, paging and sorting through links, past versions,
the problems of a bad address; and the browser's CSV reading (``static/csv-preview.js``)
agreeing with the server's rules on the same values."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import gaugeboard
from gaugeboard.datasets.columns import Column, coerce
from gaugeboard.datasets.csv_upload import read_header
from gaugeboard.web.dataset_pages import size_text
from tests.conftest import login
from tests.datasets.helpers import append, close_folder, create_dataset
from tests.node_module import run_with_module

STATIC = Path(gaugeboard.__file__).parent / "web" / "static"
ROWS = [{"region": f"r{index:03d}", "month": "2026-01-01", "amount": index} for index in range(120)]


@pytest.fixture
def browser(app: Flask, make_user: Callable[..., Any]) -> Callable[[str], FlaskClient]:
    """A signed-in browser for a new user of ``role``."""

    def open_as(role: str) -> FlaskClient:
        user = make_user(role=role)
        client = app.test_client()
        login(client, user.name)
        return client

    return open_as


def html(client: FlaskClient, path: str, status: int = 200) -> str:
    answer = client.get(path)
    assert answer.status_code == status, answer.get_data(as_text=True)[:500]
    return answer.get_data(as_text=True)


def column_cells(page: str, index: int) -> list[str]:
    """The text of cell ``index`` of each row of the rows table."""
    table = page.split('id="gb-ds-rows"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.DOTALL)
    return [re.findall(r"<td>(.*?)</td>", row)[index] for row in rows]


def sales(client: FlaskClient, headers: dict[str, str], **extra: Any) -> int:
    dataset_id = create_dataset(client, headers, **extra)
    append(client, headers, dataset_id, ROWS)
    return dataset_id


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_each_data_set_with_its_figures(
    client: FlaskClient, auth_headers: dict[str, str], browser: Callable[[str], FlaskClient]
) -> None:
    sales(client, auth_headers)
    page = html(browser("viewer"), "/datasets/")
    row = re.search(r'<tr data-dataset="1" data-name="sales">(.*?)</tr>', page, re.DOTALL)
    assert row is not None
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.group(1), re.DOTALL)
    ]
    assert (cells[1], cells[2], cells[5], cells[6], cells[7]) == ("/", "120", "—", "—", "2")
    assert cells[0].startswith("sales") and "New data set" not in page


def test_an_editor_is_offered_a_new_data_set(browser: Callable[[str], FlaskClient]) -> None:
    page = html(browser("editor"), "/datasets/")
    assert 'href="/datasets-new/">New data set</a>' in page and "No data sets yet." in page


def test_the_list_leaves_out_closed_folders(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    browser: Callable[[str], FlaskClient],
) -> None:
    create_dataset(client, auth_headers, name="secret", folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    assert "secret" not in html(browser("viewer"), "/datasets/")


def test_the_top_navigation_links_the_list(browser: Callable[[str], FlaskClient]) -> None:
    page = html(browser("viewer"), "/datasets/")
    assert '<a href="/datasets/" aria-current="true">Data sets</a>' in page


# --- one data set ----------------------------------------------------------------------------


def test_the_page_shows_the_first_fifty_rows_and_links_the_next(
    client: FlaskClient, auth_headers: dict[str, str], browser: Callable[[str], FlaskClient]
) -> None:
    dataset_id = sales(client, auth_headers)
    page = html(browser("viewer"), f"/datasets/{dataset_id}")
    assert column_cells(page, 1)[:2] == ["r000", "r001"] and len(column_cells(page, 1)) == 50
    assert f'<a rel="next" href="/datasets/{dataset_id}?page=2">' in page


def test_a_column_heading_sorts_and_says_so(
    client: FlaskClient, auth_headers: dict[str, str], browser: Callable[[str], FlaskClient]
) -> None:
    dataset_id = sales(client, auth_headers)
    page = html(browser("viewer"), f"/datasets/{dataset_id}?sort=-amount&page=2")
    assert column_cells(page, 3)[:2] == ["69", "68"]
    heading = '<th scope="col" aria-sort="descending"><a class="gb-ds-sort" href="/datasets/1?'
    assert heading + 'sort=amount"' in page


def test_a_bad_sort_is_named_and_the_rows_still_shown(
    client: FlaskClient, auth_headers: dict[str, str], browser: Callable[[str], FlaskClient]
) -> None:
    dataset_id = sales(client, auth_headers)
    page = html(browser("viewer"), f"/datasets/{dataset_id}?sort=colour", 400)
    assert "<li>sort[0].column: no column named &#39;colour&#39;</li>" in page
    assert len(column_cells(page, 1)) == 50


def test_a_past_version_shows_its_rows(
    client: FlaskClient, auth_headers: dict[str, str], browser: Callable[[str], FlaskClient]
) -> None:
    dataset_id = sales(client, auth_headers)
    append(client, auth_headers, dataset_id, [{"region": "late", "amount": 1}])
    page = html(browser("viewer"), f"/datasets/{dataset_id}?version=1&sort=-rec_id")
    assert "Rows at version 1" in page and column_cells(page, 1)[0] == "r119"
    assert f'href="/api/data/{dataset_id}/v/1?format=csv"' in page


def test_a_version_never_made_is_not_found(
    client: FlaskClient, auth_headers: dict[str, str], browser: Callable[[str], FlaskClient]
) -> None:
    dataset_id = sales(client, auth_headers)
    html(browser("viewer"), f"/datasets/{dataset_id}?version=9", 404)


def test_a_hidden_data_set_is_not_found(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    browser: Callable[[str], FlaskClient],
) -> None:
    dataset_id = create_dataset(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    html(browser("editor"), f"/datasets/{dataset_id}", 404)


def test_a_viewer_gets_no_button_that_changes_anything(
    client: FlaskClient, auth_headers: dict[str, str], browser: Callable[[str], FlaskClient]
) -> None:
    dataset_id = sales(client, auth_headers)
    source = {"type": "query", "sql": "SELECT * FROM sales"}
    client.put(f"/api/data/{dataset_id}/source", json={"source": source}, headers=auth_headers)
    page = html(browser("viewer"), f"/datasets/{dataset_id}").split("<main", 1)[1]
    assert ("<button" in page, "Rebuild now" in page, "Add to a dashboard" in page) == (
        False,
        False,
        False,
    )


def test_an_editor_may_restore_rebuild_and_add_to_a_dashboard(
    client: FlaskClient, auth_headers: dict[str, str], browser: Callable[[str], FlaskClient]
) -> None:
    dataset_id = sales(client, auth_headers)
    source = {"type": "query", "sql": "SELECT * FROM sales"}
    client.put(f"/api/data/{dataset_id}/source", json={"source": source}, headers=auth_headers)
    page = html(browser("editor"), f"/datasets/{dataset_id}")
    assert f'data-api="/api/data/{dataset_id}/v/0/restore"' in page
    assert 'data-confirm="Make the rows of version 0 the current rows of sales?' in page
    assert f'data-url="/api/data/{dataset_id}/reload"' in page
    assert 'value="update"' not in page  # no key columns: no update methods offered
    assert 'id="gb-ds-add"' in page


def test_the_source_and_schedules_are_shown(
    client: FlaskClient, auth_headers: dict[str, str], browser: Callable[[str], FlaskClient]
) -> None:
    dataset_id = sales(client, auth_headers)
    source = {"type": "query", "sql": "SELECT region FROM sales"}
    client.put(f"/api/data/{dataset_id}/source", json={"source": source}, headers=auth_headers)
    body = {
        "name": "sales nightly",
        "job_type": "dataset.rebuild",
        "target_kind": "dataset",
        "target_id": str(dataset_id),
        "arguments": {"method": "reload"},
        "cron": "0 3 * * *",
    }
    assert client.post("/api/schedule", json=body, headers=auth_headers).status_code == 201
    page = html(browser("viewer"), f"/datasets/{dataset_id}")
    assert "SELECT region FROM sales" in page and "0 3 * * * (UTC)" in page
    assert "sales nightly" in html(browser("viewer"), "/datasets/")


# --- new data set ----------------------------------------------------------------------------


def test_the_new_page_is_for_editors(browser: Callable[[str], FlaskClient]) -> None:
    page = html(browser("editor"), "/datasets-new/?folder=team")
    assert 'data-create-url="/api/data"' in page and 'value="team"' in page
    html(browser("viewer"), "/datasets-new/", 403)


def test_the_new_page_refuses_a_folder_the_editor_may_not_create_in(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    browser: Callable[[str], FlaskClient],
) -> None:
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    html(browser("editor"), "/datasets-new/?folder=finance", 403)


@pytest.mark.parametrize(
    ("size", "said"),
    [(0, "0 bytes"), (999, "999 bytes"), (48_210, "48.2 kB"), (1_300_000_000, "1.3 GB")],
)
def test_sizes_are_said_in_powers_of_a_thousand(size: int, said: str) -> None:
    assert size_text(size) == said


# --- the browser's CSV reading agrees with the server's --------------------------------------

SAMPLE = (
    "\ufeffcode;amount;day;at;ok;note;rec_id\r\n"
    '007;1,250.5;2026-01-02;2026-01-02T10:30:00Z;yes;"a; b";1\r\n'
    '12;-3;2026-02-28;2026-01-02 10:30;no;"say ""hi""";2\r\n'
    "100;4e3;2026-12-31;2026-01-02T10:30:00.5+02:00;True;;3\r\n"
)
PREVIEW = "const m = await import(process.argv[1]); " + (
    "const given = JSON.parse(require('fs').readFileSync(0, 'utf8')); "
    "process.stdout.write(JSON.stringify(m.preview(given.text, given.partial)));"
)


def test_the_preview_reads_the_file_as_the_upload_does() -> None:
    found = run_with_module(STATIC / "csv-preview.js", PREVIEW, {"text": SAMPLE, "partial": False})
    header = read_header(
        SAMPLE.split("\r\n")[0].encode(),
        [Column(n, "text") for n in ("code", "amount", "day", "at", "ok", "note", "rec_id")],
    )
    assert found["separator"] == header.separator == ";"
    assert [(c["name"], c["type"]) for c in found["columns"]] == [
        ("code", "integer"),
        ("amount", "number"),
        ("day", "date"),
        ("at", "datetime"),
        ("ok", "checkbox"),
        ("note", "text"),
    ]
    assert found["rows"][1][5] == 'say "hi"' and found["problems"] == []


def test_the_preview_and_the_upload_ignore_separators_inside_quoted_names() -> None:
    text = '"a;b;c",n\n"x;y",1\n'
    found = run_with_module(STATIC / "csv-preview.js", PREVIEW, {"text": text, "partial": False})
    header = read_header(
        text.split("\n")[0].encode(), [Column("a;b;c", "text"), Column("n", "text")]
    )
    assert found["separator"] == header.separator == ","
    assert [c["name"] for c in found["columns"]] == header.names == ["a;b;c", "n"]


GUESSES = [
    (["1", "-20", "+3", "007"], "integer"),
    (["1.5", "1,250", "-0.25", "1e3", ".5", "7"], "number"),
    (["2026-01-31", "2024-02-29"], "date"),
    (["2026-01-31T23:59:59Z", "2026-01-31 08:00", "2026-01-31T08:00:00.123+05:30"], "datetime"),
    (["true", "No", "YES", "false"], "checkbox"),
    (["1,5"], "text"),
    (["2026-02-30"], "text"),
    (["2026-01-31T25:00"], "text"),
    (["12:00", "maybe"], "text"),
]
GUESS = "const m = await import(process.argv[1]); " + (
    "const given = JSON.parse(require('fs').readFileSync(0, 'utf8')); "
    "process.stdout.write(JSON.stringify(m.guessType(given)));"
)


@pytest.mark.parametrize(("values", "kind"), GUESSES)
def test_every_value_of_a_guessed_type_is_accepted_by_the_server(
    values: list[str], kind: str
) -> None:
    guessed = run_with_module(STATIC / "csv-preview.js", GUESS, values)
    for value in values:
        coerce(Column("c", guessed), value)  # ValueError when the server refuses it
    assert guessed == kind


def test_a_preview_names_bad_column_names() -> None:
    text = 'name,"say ""x""",name\n1,2,3\n'
    found = run_with_module(STATIC / "csv-preview.js", PREVIEW, {"text": text, "partial": False})
    assert found["problems"] == [
        "the column name is named twice",
        'say "x": no quotes or control characters',
    ]


def test_a_partial_last_line_is_left_out() -> None:
    text = "a,b\n1,2\n3,4\n5,"
    found = run_with_module(STATIC / "csv-preview.js", PREVIEW, {"text": text, "partial": True})
    assert found["rows"] == [["1", "2"], ["3", "4"]]
