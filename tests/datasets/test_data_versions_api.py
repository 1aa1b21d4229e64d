"""Versions and time travel: every write is a version with its author and figures, any
kept version reads as it was, and a restore is a new version."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.datasets.helpers import (
    SALES_ROWS,
    append,
    bearer,
    create_dataset,
    rows_of,
    sales,
    version_of,
)


def delete_region(
    client: FlaskClient, headers: dict[str, str], dataset_id: int, region: str
) -> None:
    body = {"find": [{"column": "region", "value": region}]}
    response = client.delete(f"/api/data/{dataset_id}/row", json=body, headers=headers)
    assert response.status_code == 200


def test_versions_list_every_write_newest_first(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., object],
    make_token: Callable[..., str],
) -> None:
    dataset_id = sales(client, auth_headers)
    make_user("eddie", role="editor")
    delete_region(client, bearer(make_token(user_name="eddie")), dataset_id, "north")
    body = client.get(f"/api/data/{dataset_id}/versions", headers=auth_headers).get_json()
    assert body["ok"] is True
    assert [
        (item["version"], item["author"], item["rows_added"], item["rows_removed"])
        for item in body["versions"]
    ] == [(2, "eddie", 0, 2), (1, "user1", 5, 0), (0, "user1", 0, 0)]
    assert all(item["at"].endswith("Z") for item in body["versions"])


def test_an_old_version_reads_as_it_was_after_later_writes(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    delete_region(client, auth_headers, dataset_id, "north")
    append(client, auth_headers, dataset_id, [{"region": "west", "units": 9}])
    body = client.get(f"/api/data/{dataset_id}/v/1?limit=100", headers=auth_headers).get_json()
    assert body["version"] == 1
    assert [row["region"] for row in body["data"]] == [row["region"] for row in SALES_ROWS]
    assert len(rows_of(client, auth_headers, dataset_id)) == 4


def test_an_old_version_pages_and_filters_like_the_current_one(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    delete_region(client, auth_headers, dataset_id, "south")
    url = f"/api/data/{dataset_id}/v/1?sort=-units&page=1&limit=2"
    body = client.get(url, headers=auth_headers).get_json()
    assert [row["units"] for row in body["data"]] == [5, 4]
    assert body["has_more_data"] is True


def test_an_old_version_downloads_as_csv(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    delete_region(client, auth_headers, dataset_id, "south")
    response = client.get(f"/api/data/{dataset_id}/v/1?format=csv", headers=auth_headers)
    assert len(response.text.splitlines()) == 1 + len(SALES_ROWS)
    assert 'filename="data-1-v1.csv"' in response.headers["Content-Disposition"]


def test_the_empty_first_version_reads_as_no_rows(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = client.get(f"/api/data/{dataset_id}/v/0", headers=auth_headers).get_json()
    assert (body["data"], body["has_more_data"]) == ([], False)


def test_a_version_not_yet_written_is_not_found(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    response = client.get(f"/api/data/{dataset_id}/v/7", headers=auth_headers)
    assert response.status_code == 404
    assert response.get_json()["error"] == "the data set 'sales' has no version 7"


def test_restore_brings_back_a_version_as_a_new_one(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    delete_region(client, auth_headers, dataset_id, "north")
    append(client, auth_headers, dataset_id, [{"region": "west"}])
    response = client.post(f"/api/data/{dataset_id}/v/1/restore", headers=auth_headers)
    assert (response.get_json()["version"], response.get_json()["row_count"]) == (4, 5)
    assert rows_of(client, auth_headers, dataset_id) == SALES_ROWS
    versions = client.get(f"/api/data/{dataset_id}/versions", headers=auth_headers).get_json()
    assert versions["versions"][0]["operation"] == "RESTORE"


def test_rows_added_after_a_restore_get_new_ids(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    append(client, auth_headers, dataset_id, [{"region": "west"}])
    client.post(f"/api/data/{dataset_id}/v/1/restore", headers=auth_headers)
    append(client, auth_headers, dataset_id, [{"region": "west"}])
    body = client.get(f"/api/data/{dataset_id}?sort=-rec_id&limit=1", headers=auth_headers)
    assert body.get_json()["data"][0]["rec_id"] == 7


def test_restore_of_an_unknown_version_is_not_found(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    response = client.post(f"/api/data/{dataset_id}/v/9/restore", headers=auth_headers)
    assert response.status_code == 404
    assert version_of(client, auth_headers, dataset_id) == 1


def test_viewer_reads_versions_but_may_not_restore(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    headers = bearer(make_token("viewer"))
    assert client.get(f"/api/data/{dataset_id}/versions", headers=headers).status_code == 200
    assert client.get(f"/api/data/{dataset_id}/v/0", headers=headers).status_code == 200
    response = client.post(f"/api/data/{dataset_id}/v/0/restore", headers=headers)
    assert response.status_code == 403


def test_anonymous_versions_are_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = create_dataset(client, auth_headers)
    assert client.get(f"/api/data/{dataset_id}/versions").status_code == 401
    assert client.get(f"/api/data/{dataset_id}/v/0").status_code == 401
    assert client.post(f"/api/data/{dataset_id}/v/0/restore").status_code == 401
