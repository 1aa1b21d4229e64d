"""``PUT /api/data/{id}/source`` and ``POST /api/data/{id}/{method}``: setting a source,
queueing a rebuild that the runner then runs, and the schedules a data set's description
lists with their last runs; with each error and each role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.datasets.helpers import bearer, close_folder, create_dataset, rows_of, sales
from tests.jobs.helpers import run_row, runner_of

SUMMARY_SQL = "SELECT region, sum(amount) AS amount FROM sales GROUP BY region"
SUMMARY = {"type": "query", "sql": SUMMARY_SQL}
SUMMARY_COLUMNS = [
    {"name": "region", "data_type": "text"},
    {"name": "amount", "data_type": "number"},
]


def summary(client: FlaskClient, headers: dict[str, str], **extra: Any) -> int:
    """``sales`` with its rows, and ``by region``, whose source sums them."""
    sales(client, headers)
    dataset_id = create_dataset(client, headers, "by region", columns=SUMMARY_COLUMNS, **extra)
    answer = client.put(f"/api/data/{dataset_id}/source", json={"source": SUMMARY}, headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return dataset_id


def info(client: FlaskClient, headers: dict[str, str], dataset_id: int) -> dict[str, Any]:
    answer = client.get(f"/api/data/{dataset_id}/info", headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    found: dict[str, Any] = answer.get_json()["dataset"]
    return found


# --- the source -----------------------------------------------------------------------------


def test_put_source_sets_it_and_answers_the_data_set(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    source = {"type": "url", "url": "/exports/sales.csv", "format": "csv"}
    answer = client.put(
        f"/api/data/{dataset_id}/source", json={"source": source}, headers=auth_headers
    )
    assert answer.status_code == 200
    assert answer.get_json()["dataset"]["source"] == source
    assert info(client, auth_headers, dataset_id)["source"] == source


def test_put_source_null_removes_it(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = summary(client, auth_headers)
    answer = client.put(
        f"/api/data/{dataset_id}/source", json={"source": None}, headers=auth_headers
    )
    assert (answer.status_code, answer.get_json()["dataset"]["source"]) == (200, {})


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        ({}, ["source: required (an object, or null to remove the source)"]),
        (
            {"source": None, "colour": 1},
            ["colour: not a field of this body"],
        ),
        (
            {"source": {"type": "url", "url": "ftp://example.com/a.csv"}},
            ["source.url: must be an http(s) URL or a path starting with '/'"],
        ),
        ({"source": {"type": "shell"}}, ["source.type: must be one of url, metric, query"]),
        (
            {"source": {"type": "query", "sql": "DELETE FROM sales"}},
            ["source.sql: only a SELECT may run here, not DELETE"],
        ),
    ],
)
def test_a_bad_source_is_refused_naming_each_problem(
    client: FlaskClient, auth_headers: dict[str, str], body: dict[str, Any], problems: list[str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    answer = client.put(f"/api/data/{dataset_id}/source", json=body, headers=auth_headers)
    assert (answer.status_code, answer.get_json()["errors"]) == (400, problems)
    assert info(client, auth_headers, dataset_id)["source"] == {}


def test_a_viewer_may_not_set_a_source(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    answer = client.put(
        f"/api/data/{dataset_id}/source",
        json={"source": SUMMARY},
        headers=bearer(make_token("viewer")),
    )
    assert answer.status_code == 403


def test_the_source_of_an_unknown_data_set_is_not_found(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    answer = client.put("/api/data/99/source", json={"source": None}, headers=auth_headers)
    assert answer.status_code == 404


# --- rebuilds -------------------------------------------------------------------------------


def test_a_rebuild_is_queued_as_a_job_run_and_runs(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = summary(client, auth_headers)
    answer = client.post(f"/api/data/{dataset_id}/reload", headers=auth_headers)
    assert answer.status_code == 202
    body = answer.get_json()
    assert (body["state"], body["url"]) == ("queued", f"/api/job/{body['run_id']}")
    assert answer.headers["Location"] == body["url"]
    runner_of(app).tick()
    ended = run_row(app, body["run_id"])
    assert (ended.state, ended.target_id, ended.arguments) == (
        "succeeded",
        str(dataset_id),
        {"method": "reload"},
    )
    totals = {row["region"]: row["amount"] for row in rows_of(client, auth_headers, dataset_id)}
    assert totals == {"north": 17.75, "south": 16.0, "east": None}


def test_the_queued_run_is_readable_at_its_url(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = summary(client, auth_headers)
    url = client.post(f"/api/data/{dataset_id}/append", headers=auth_headers).get_json()["url"]
    run = client.get(url, headers=auth_headers).get_json()["run"]
    assert (run["job_type"], run["arguments"]) == ("dataset.rebuild", {"method": "append"})


def test_a_rebuild_without_a_source_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, auth_headers)
    answer = client.post(f"/api/data/{dataset_id}/reload", headers=auth_headers)
    assert (answer.status_code, answer.get_json()["errors"]) == (
        400,
        ["source: the data set 'sales' has no source to rebuild from"],
    )


def test_update_needs_key_columns(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = summary(client, auth_headers)
    answer = client.post(f"/api/data/{dataset_id}/update", headers=auth_headers)
    assert (answer.status_code, answer.get_json()["errors"]) == (
        400,
        ["method: update matches rows on the key columns, and 'by region' has none"],
    )


def test_updateappend_with_key_columns_is_queued(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = summary(client, auth_headers, key_columns=["region"])
    answer = client.post(f"/api/data/{dataset_id}/updateappend", headers=auth_headers)
    assert answer.status_code == 202


def test_an_unknown_method_is_not_a_route(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = summary(client, auth_headers)
    answer = client.post(f"/api/data/{dataset_id}/rebuild", headers=auth_headers)
    assert answer.status_code in (404, 405)
    assert answer.get_json()["ok"] is False


def test_rebuilding_an_unknown_data_set_is_not_found(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    assert client.post("/api/data/99/reload", headers=auth_headers).status_code == 404


def test_a_viewer_may_not_rebuild(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = summary(client, auth_headers)
    answer = client.post(f"/api/data/{dataset_id}/reload", headers=bearer(make_token("viewer")))
    assert answer.status_code == 403


def test_an_editor_rebuilds_in_an_open_folder(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = summary(client, auth_headers)
    answer = client.post(f"/api/data/{dataset_id}/reload", headers=bearer(make_token("editor")))
    assert answer.status_code == 202


def test_an_editor_who_only_reads_the_folder_may_not_rebuild(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dataset_id = summary(client, auth_headers, folder="finance")
    make_user("ed", role="editor")
    close_folder(client, auth_headers, "finance", [{"user": "ed", "role": "viewer"}])
    answer = client.post(
        f"/api/data/{dataset_id}/reload", headers=bearer(make_token(user_name="ed"))
    )
    assert (answer.status_code, answer.get_json()["errors"]) == (
        403,
        ["you may not change the data set 'by region'"],
    )


def test_a_hidden_data_set_is_not_found_for_a_rebuild(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    dataset_id = summary(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    answer = client.post(f"/api/data/{dataset_id}/reload", headers=bearer(make_token("editor")))
    assert answer.status_code == 404


# --- schedules in the description -----------------------------------------------------------


def schedule(client: FlaskClient, headers: dict[str, str], dataset_id: int, name: str) -> int:
    body = {
        "name": name,
        "job_type": "dataset.rebuild",
        "target_kind": "dataset",
        "target_id": str(dataset_id),
        "arguments": {"method": "reload"},
        "every_seconds": 3600,
    }
    answer = client.post("/api/schedule", json=body, headers=headers)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return int(answer.get_json()["schedule"]["id"])


def test_the_description_lists_the_schedules_that_rebuild_it(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = summary(client, auth_headers)
    schedule(client, auth_headers, dataset_id, "nightly by region")
    schedule(client, auth_headers, dataset_id, "hourly by region")
    found = info(client, auth_headers, dataset_id)["schedules"]
    assert [(item["name"], item["arguments"], item["last_run"]) for item in found] == [
        ("hourly by region", {"method": "reload"}, None),
        ("nightly by region", {"method": "reload"}, None),
    ]
    assert found[0]["every_seconds"] == 3600 and found[0]["next_run"].endswith("Z")


def test_a_schedule_shows_its_last_run(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = summary(client, auth_headers)
    schedule_id = schedule(client, auth_headers, dataset_id, "by region")
    client.post(f"/api/schedule/{schedule_id}/trigger", headers=auth_headers)
    runner_of(app).tick()
    (found,) = info(client, auth_headers, dataset_id)["schedules"]
    assert (found["last_run"]["state"], found["last_run"]["result"]["method"]) == (
        "succeeded",
        "reload",
    )


def test_the_list_gives_each_data_set_its_own_schedules(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = summary(client, auth_headers)
    schedule(client, auth_headers, dataset_id, "by region")
    listed = client.get("/api/data", headers=auth_headers).get_json()["data"]
    names = {item["name"]: [s["name"] for s in item["schedules"]] for item in listed}
    assert names == {"sales": [], "by region": ["by region"]}


def test_a_viewer_sees_the_schedules_of_a_data_set_it_reads(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    dataset_id = summary(client, auth_headers)
    schedule(client, auth_headers, dataset_id, "by region")
    found = info(client, bearer(make_token("viewer")), dataset_id)["schedules"]
    assert [item["name"] for item in found] == ["by region"]
