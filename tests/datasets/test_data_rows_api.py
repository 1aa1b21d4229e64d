"""Reading rows: ``GET /api/data/<id>`` paged (``page`` from 1, ``has_more_data``),
filtered, sorted, as JSON or streamed CSV; each error and each role."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from tests.datasets.helpers import (
    SALES_ROWS,
    append,
    bearer,
    close_folder,
    create_dataset,
    rows_of,
    sales,
)


def filters(*items: dict[str, Any]) -> str:
    return "&filters=" + quote(json.dumps(list(items)))


def test_rows_answer_both_shapes_with_the_version(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = client.get(f"/api/data/{dataset_id}", headers=auth_headers).get_json()
    assert body["data"] == body["items"]
    assert [row["rec_id"] for row in body["data"]] == [1, 2, 3, 4, 5]
    assert (body["page"], body["version"], body["has_more_data"]) == (1, 1, False)
    assert body["data"][0] == {
        "rec_id": 1,
        "region": "north",
        "month": "2026-01-01",
        "amount": 10.5,
        "units": 3,
    }


def test_pages_follow_each_other_until_no_more_data(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    seen, page, more = [], 1, True
    while more:
        body = client.get(f"/api/data/{dataset_id}?page={page}&limit=2", headers=auth_headers)
        seen.append([row["rec_id"] for row in body.get_json()["data"]])
        more, page = body.get_json()["has_more_data"], page + 1
    assert seen == [[1, 2], [3, 4], [5]]


def test_a_full_last_page_says_no_more_data(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    append(client, auth_headers, dataset_id, SALES_ROWS[:4])
    body = client.get(f"/api/data/{dataset_id}?page=2&limit=2", headers=auth_headers).get_json()
    assert [row["rec_id"] for row in body["data"]] == [3, 4]
    assert body["has_more_data"] is False


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"column": "region", "op": "=", "value": "north"}, lambda row: row["region"] == "north"),
        ({"column": "region", "op": "!=", "value": "north"}, lambda row: row["region"] != "north"),
        ({"column": "amount", "op": ">", "value": 7.25}, lambda row: (row["amount"] or 0) > 7.25),
        (
            {"column": "amount", "op": "<=", "value": "7.25"},
            lambda r: r["amount"] is not None and r["amount"] <= 7.25,
        ),
        ({"column": "units", "op": "in", "value": [1, 5]}, lambda row: row["units"] in (1, 5)),
        ({"column": "region", "op": "contains", "value": "OR"}, lambda r: "or" in r["region"]),
        ({"column": "amount", "op": "is_set", "value": False}, lambda r: r["amount"] is None),
        (
            {"column": "month", "op": ">=", "value": "2026-02-01"},
            lambda r: r["month"] >= "2026-02-01",
        ),
    ],
)
def test_each_filter_operator_keeps_the_matching_rows(
    client: FlaskClient,
    auth_headers: dict[str, str],
    condition: dict[str, Any],
    expected: Callable[[dict[str, Any]], bool],
) -> None:
    dataset_id = sales(client, auth_headers)
    found = rows_of(client, auth_headers, dataset_id, filters(condition))
    assert found == [row for row in SALES_ROWS if expected(row)]


def test_filters_combine_with_and(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    query = filters(
        {"column": "region", "value": "south"}, {"column": "units", "op": ">", "value": 2}
    )
    assert rows_of(client, auth_headers, dataset_id, query) == [SALES_ROWS[4]]


def test_sort_takes_columns_and_descending_ones(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    found = rows_of(client, auth_headers, dataset_id, "&sort=region,-units")
    expected = sorted(SALES_ROWS, key=lambda row: (row["region"], -row["units"]))
    assert found == expected


def test_bad_query_parameters_are_each_named(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    response = client.get(f"/api/data/{dataset_id}?filters=[1&sort=-", headers=auth_headers)
    assert response.status_code == 400
    assert [problem.split(":")[0] for problem in response.get_json()["errors"]] == [
        "filters",
        "sort[0].column",
    ]


def test_unknown_columns_and_unfit_values_are_each_named(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    query = filters(
        {"column": "amount", "op": ">", "value": "lots"}, {"column": "colour", "value": "red"}
    )
    response = client.get(f"/api/data/{dataset_id}?sort=size{query}", headers=auth_headers)
    assert response.get_json()["errors"] == [
        "filters[0].value: 'lots' is not a number",
        "filters[1].column: no column named 'colour'",
        "sort[0].column: no column named 'size'",
    ]


def test_a_bad_operator_is_named_with_its_position(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    query = filters({"column": "amount", "op": "~"})
    response = client.get(f"/api/data/{dataset_id}?{query}", headers=auth_headers)
    assert response.get_json()["errors"][0].startswith("filters[0].op: Input should be")


def test_unknown_query_parameter_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    response = client.get(f"/api/data/{dataset_id}?colour=red", headers=auth_headers)
    assert response.status_code == 400


def test_csv_download_streams_every_row_with_a_header(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    response = client.get(f"/api/data/{dataset_id}?format=csv", headers=auth_headers)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.is_streamed
    lines = list(csv.reader(io.StringIO(response.text)))
    assert lines[0] == ["rec_id", "region", "month", "amount", "units"]
    assert lines[1:] == [
        ["1", "north", "2026-01-01", "10.5", "3"],
        ["2", "south", "2026-01-01", "4.0", "1"],
        ["3", "north", "2026-02-01", "7.25", "2"],
        ["4", "east", "2026-02-01", "", "5"],
        ["5", "south", "2026-03-01", "12.0", "4"],
    ]


def test_csv_download_honours_filters_and_paging(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    query = filters({"column": "region", "op": "!=", "value": "east"})
    url = f"/api/data/{dataset_id}?format=csv&sort=-amount&page=2&limit=2{query}"
    lines = list(csv.reader(io.StringIO(client.get(url, headers=auth_headers).text)))
    assert [line[0] for line in lines] == ["rec_id", "3", "2"]


def test_csv_of_times_and_checkboxes_reads_back_as_it_was(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    columns = [{"name": "at", "data_type": "datetime"}, {"name": "done", "data_type": "checkbox"}]
    dataset_id = create_dataset(client, auth_headers, columns=columns)
    append(client, auth_headers, dataset_id, [{"at": "2026-03-01T10:30:00+02:00", "done": True}])
    text = client.get(f"/api/data/{dataset_id}?format=csv", headers=auth_headers).text
    assert text.splitlines()[1] == "1,2026-03-01T08:30:00Z,true"


def test_csv_download_of_an_empty_data_set_is_its_header(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    text = client.get(f"/api/data/{dataset_id}?format=csv", headers=auth_headers).text
    assert text == "rec_id,region,month,amount,units\n"


def test_viewer_reads_rows_in_an_open_folder(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = sales(client, auth_headers)
    assert len(rows_of(client, bearer(make_token("viewer")), dataset_id)) == 5


def test_granted_viewer_reads_rows_in_a_closed_folder(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dataset_id = sales(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    assert len(rows_of(client, bearer(make_token(user_name="vera")), dataset_id)) == 5


def test_rows_in_a_closed_folder_are_hidden_from_others(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dataset_id = sales(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    for query in ("", "?format=csv"):
        headers = bearer(make_token("editor"))
        response = client.get(f"/api/data/{dataset_id}{query}", headers=headers)
        assert response.status_code == 404


def test_anonymous_read_is_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    assert client.get(f"/api/data/{dataset_id}").status_code == 401


def test_rows_of_an_unknown_data_set_are_not_found(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    assert client.get("/api/data/42", headers=auth_headers).status_code == 404
