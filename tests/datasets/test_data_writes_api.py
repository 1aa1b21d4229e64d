"""Writing rows: append (objects or ClicData's cells), update by filter, by ``find`` or by
key, delete by ``find``/``filters`` (``multiplerows`` first or all, as a body or as query
parameters). Each write is all or nothing: a bad row among good ones writes nothing and
the version does not move."""

from __future__ import annotations

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
    version_of,
)

# --- append ------------------------------------------------------------------------------


def test_append_objects_answers_the_new_version(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    body = append(client, auth_headers, dataset_id, SALES_ROWS)
    assert body == {
        "ok": True,
        "version": 1,
        "rows_added": 5,
        "rows_updated": 0,
        "rows_deleted": 0,
        "row_count": 5,
    }
    assert rows_of(client, auth_headers, dataset_id) == SALES_ROWS


def test_append_reference_cells(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = create_dataset(client, auth_headers)
    data = [[{"column": name, "value": value} for name, value in row.items()] for row in SALES_ROWS]
    response = client.post(f"/api/data/{dataset_id}/row", json={"data": data}, headers=auth_headers)
    assert response.get_json()["rows_added"] == 5
    assert rows_of(client, auth_headers, dataset_id) == SALES_ROWS


def test_row_ids_keep_counting_across_appends(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    append(client, auth_headers, dataset_id, [{"region": "west"}])
    body = client.get(f"/api/data/{dataset_id}?sort=-rec_id&limit=1", headers=auth_headers)
    assert body.get_json()["data"][0]["rec_id"] == 6


def test_values_are_converted_to_their_column_type(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    append(
        client,
        auth_headers,
        dataset_id,
        [{"amount": "1,250.5", "units": "7", "month": "2026-05-09T23:00:00Z"}],
    )
    assert rows_of(client, auth_headers, dataset_id) == [
        {"region": None, "month": "2026-05-09", "amount": 1250.5, "units": 7}
    ]


def test_bad_rows_are_named_by_position_and_nothing_is_written(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    good = {"region": "west", "amount": 1}
    rows = [good] * 12 + [{"amount": "lots"}, good, {"units": 1.5, "colour": "red"}]
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": rows}, headers=auth_headers)
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        "rows[12].amount: 'lots' is not a number",
        "rows[14].colour: no such column",
        "rows[14].units: expected a whole number",
    ]
    assert version_of(client, auth_headers, dataset_id) == 1
    assert rows_of(client, auth_headers, dataset_id) == SALES_ROWS


def test_bad_cells_are_named_in_the_reference_shape(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    data = [[{"column": "units", "value": 1}], [{"column": "month", "value": "May"}]]
    response = client.post(f"/api/data/{dataset_id}/row", json={"data": data}, headers=auth_headers)
    assert response.get_json()["errors"] == [
        "data[1].month: 'May' is not a date such as 2026-12-31"
    ]
    assert version_of(client, auth_headers, dataset_id) == 0


def test_row_ids_cannot_be_sent(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = create_dataset(client, auth_headers)
    rows = [{"rec_id": 9, "region": "west"}]
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": rows}, headers=auth_headers)
    assert response.get_json()["errors"] == ["rows[0].rec_id: row ids are given by gaugeboard"]


def test_a_whole_number_beyond_64_bits_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    rows = [{"units": 2**64}]
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": rows}, headers=auth_headers)
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        "rows[0].units: out of range for a whole number (64 bits)"
    ]


def test_dropdown_refuses_other_values(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    columns = [{"name": "size", "data_type": "dropdown", "values": ["S", "M"]}]
    dataset_id = create_dataset(client, auth_headers, columns=columns)
    rows = [{"size": "S"}, {"size": "XL"}]
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": rows}, headers=auth_headers)
    assert response.get_json()["errors"] == [
        "rows[1].size: 'XL' is not one of the allowed values (S, M)"
    ]


def test_both_shapes_at_once_are_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = create_dataset(client, auth_headers)
    body = {"rows": [], "data": []}
    response = client.post(f"/api/data/{dataset_id}/row", json=body, headers=auth_headers)
    assert response.status_code == 400


def test_unique_key_repeated_within_the_rows_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers, key_columns=["region", "month"])
    rows = [{"region": "n", "month": "2026-01-01"}, {"region": "n", "month": "2026-01-01"}]
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": rows}, headers=auth_headers)
    assert response.get_json()["errors"] == ["rows[1]: the key (region, month) repeats rows[0]"]


def test_unique_key_of_a_stored_row_is_a_conflict(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers, key_columns=["region", "month"])
    append(client, auth_headers, dataset_id, SALES_ROWS)
    rows = [{"region": "west", "month": "2026-01-01"}, dict(SALES_ROWS[2])]
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": rows}, headers=auth_headers)
    assert response.status_code == 409
    assert response.get_json()["errors"] == [
        "rows[1]: a row with this key (region, month) exists already"
    ]
    assert version_of(client, auth_headers, dataset_id) == 1


def test_editor_appends(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    assert append(client, bearer(make_token("editor")), dataset_id, SALES_ROWS)["version"] == 1


def test_viewer_may_not_append(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    headers = bearer(make_token("viewer"))
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": []}, headers=headers)
    assert response.status_code == 403


def test_viewer_granted_editor_in_the_folder_appends(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dataset_id = create_dataset(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "editor"}])
    headers = bearer(make_token(user_name="vera"))
    assert append(client, headers, dataset_id, SALES_ROWS[:1])["rows_added"] == 1


def test_editor_outside_a_closed_folder_does_not_find_the_data_set(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dataset_id = create_dataset(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "editor"}])
    headers = bearer(make_token("editor"))
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": []}, headers=headers)
    assert response.status_code == 404


def test_anonymous_append_is_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = create_dataset(client, auth_headers)
    assert client.post(f"/api/data/{dataset_id}/row", json={"rows": []}).status_code == 401


def test_append_as_a_form_is_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = create_dataset(client, auth_headers)
    response = client.post(f"/api/data/{dataset_id}/row", data="a=1", headers=auth_headers)
    assert response.status_code == 415


# --- update ------------------------------------------------------------------------------


def update(client: FlaskClient, headers: dict[str, str], dataset_id: int, body: Any) -> Any:
    return client.put(f"/api/data/{dataset_id}/row", json=body, headers=headers)


def test_update_by_filter_sets_the_matching_rows(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"filters": [{"column": "units", "op": ">=", "value": 3}], "set": {"region": "big"}}
    answer = update(client, auth_headers, dataset_id, body).get_json()
    assert (answer["version"], answer["rows_updated"]) == (2, 3)
    expected = [{**row, "region": "big"} if row["units"] >= 3 else row for row in SALES_ROWS]
    assert rows_of(client, auth_headers, dataset_id) == expected


def test_update_by_reference_find(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"find": [{"column": "region", "value": "south"}], "set": {"amount": 0}}
    assert update(client, auth_headers, dataset_id, body).get_json()["rows_updated"] == 2
    found = rows_of(client, auth_headers, dataset_id, "&sort=rec_id")
    assert [row["amount"] for row in found] == [10.5, 0.0, 7.25, None, 0.0]


def test_update_with_a_bad_value_writes_nothing(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"find": [{"column": "region", "value": "south"}], "set": {"units": "many"}}
    response = update(client, auth_headers, dataset_id, body)
    assert response.get_json()["errors"] == ["set.units: 'many' is not a number"]
    assert version_of(client, auth_headers, dataset_id) == 1


def test_update_by_keys_changes_only_the_columns_sent(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {
        "keys": ["region", "month"],
        "rows": [{"region": "north", "month": "2026-02-01", "amount": 99}],
    }
    answer = update(client, auth_headers, dataset_id, body).get_json()
    assert (answer["rows_updated"], answer["rows_added"], answer["row_count"]) == (1, 0, 5)
    found = rows_of(client, auth_headers, dataset_id, "&sort=rec_id")
    assert found[2] == {"region": "north", "month": "2026-02-01", "amount": 99.0, "units": 2}


def test_update_by_keys_adds_no_unmatched_rows(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    data = [[{"column": "region", "value": "west"}, {"column": "amount", "value": 1}]]
    answer = update(client, auth_headers, dataset_id, {"keys": ["region"], "data": data})
    assert (answer.get_json()["rows_updated"], answer.get_json()["row_count"]) == (0, 5)


def test_update_by_keys_needs_the_keys(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    response = update(client, auth_headers, dataset_id, {"rows": [{"region": "north"}]})
    assert response.status_code == 400
    assert "keys: name the columns the rows are matched on" in response.get_json()["error"]


def test_update_by_keys_refuses_rows_without_their_key(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    rows = [{"region": "north", "amount": 1}, {"amount": 2}]
    response = update(client, auth_headers, dataset_id, {"keys": ["region"], "rows": rows})
    assert response.get_json()["errors"] == ["rows[1]: the key column 'region' is missing"]


def test_update_by_keys_refuses_two_rows_with_one_key(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    rows = [{"region": "east", "amount": 1}, {"region": "east", "amount": 2}]
    response = update(client, auth_headers, dataset_id, {"keys": ["region"], "rows": rows})
    assert response.get_json()["errors"] == ["rows[1]: the key (region) repeats rows[0]"]


def test_update_that_would_repeat_a_unique_key_is_a_conflict(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers, key_columns=["region", "month"])
    body = {"find": [{"column": "region", "value": "south"}], "set": {"month": "2026-09-01"}}
    response = update(client, auth_headers, dataset_id, body)
    assert response.status_code == 409
    assert version_of(client, auth_headers, dataset_id) == 1


def test_viewer_may_not_update(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"find": [{"column": "region", "value": "south"}], "set": {"amount": 0}}
    assert update(client, bearer(make_token("viewer")), dataset_id, body).status_code == 403


# --- delete ------------------------------------------------------------------------------


def test_delete_all_matching_rows(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"multiplerows": "all", "find": [{"column": "region", "value": "north"}]}
    response = client.delete(f"/api/data/{dataset_id}/row", json=body, headers=auth_headers)
    assert (response.get_json()["rows_deleted"], response.get_json()["row_count"]) == (2, 3)
    assert rows_of(client, auth_headers, dataset_id) == [
        row for row in SALES_ROWS if row["region"] != "north"
    ]


def test_delete_only_the_first_matching_row(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"multiplerows": "first", "find": [{"column": "region", "value": "south"}]}
    response = client.delete(f"/api/data/{dataset_id}/row", json=body, headers=auth_headers)
    assert response.get_json()["rows_deleted"] == 1
    assert rows_of(client, auth_headers, dataset_id) == [
        row for index, row in enumerate(SALES_ROWS) if index != 1
    ]


def test_delete_by_query_parameters(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    find = quote(json.dumps([{"column": "region", "value": "south"}]))
    url = f"/api/data/{dataset_id}/row?multiplerows=first&find={find}"
    assert client.delete(url, headers=auth_headers).get_json()["rows_deleted"] == 1


def test_delete_by_gaugeboard_filters(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    query = quote(json.dumps([{"column": "amount", "op": "is_set", "value": False}]))
    response = client.delete(f"/api/data/{dataset_id}/row?filters={query}", headers=auth_headers)
    assert response.get_json()["rows_deleted"] == 1
    assert all(row["amount"] is not None for row in rows_of(client, auth_headers, dataset_id))


def test_delete_matching_nothing_makes_no_version(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"find": [{"column": "region", "value": "mars"}]}
    response = client.delete(f"/api/data/{dataset_id}/row", json=body, headers=auth_headers)
    assert (response.get_json()["rows_deleted"], response.get_json()["version"]) == (0, 1)


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("", "name the rows to delete with find or filters"),
        ("?find=[", "find: not valid JSON"),
        ("?find={}", "find: must be a JSON list"),
        ("?multiplerows=some&find=[]", "multiplerows: Input should be 'all' or 'first'"),
    ],
)
def test_bad_delete_query_parameters_are_named(
    client: FlaskClient, auth_headers: dict[str, str], query: str, problem: str
) -> None:
    dataset_id = sales(client, auth_headers)
    response = client.delete(f"/api/data/{dataset_id}/row{query}", headers=auth_headers)
    assert response.status_code == 400
    assert problem in response.get_json()["error"]


def test_delete_by_an_unknown_column_writes_nothing(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"find": [{"column": "colour", "value": "red"}]}
    response = client.delete(f"/api/data/{dataset_id}/row", json=body, headers=auth_headers)
    assert response.get_json()["errors"] == ["filters[0].column: no column named 'colour'"]
    assert version_of(client, auth_headers, dataset_id) == 1


def test_viewer_may_not_delete_rows(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"find": [{"column": "region", "value": "north"}]}
    headers = bearer(make_token("viewer"))
    response = client.delete(f"/api/data/{dataset_id}/row", json=body, headers=headers)
    assert response.status_code == 403
