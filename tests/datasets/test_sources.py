"""Data-set sources: a URL (JSON or CSV) from a real server on a loopback port, an events
query, and SQL over other data sets, each turned into an Arrow table; and what each refuses."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa
import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.inference import inferred_columns
from gaugeboard.datasets.query import QueryTimedOut
from gaugeboard.datasets.rows import append_rows
from gaugeboard.datasets.sources import (
    MetricRows,
    QueryRows,
    UrlRows,
    fetch_source,
    parse_source,
    set_source,
)
from gaugeboard.errors import Forbidden, SourceFailed, ValidationFailed
from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.folder_grants import replace_grants
from tests.conftest import state
from tests.datasets.rebuild_helpers import (
    FeedServer,
    actor_named,
    dataset_row,
    new_dataset,
    parts_of,
    place_of,
)
from tests.events import dataset as events

SALES = [
    {"region": "north", "month": "2026-01-01", "amount": 120.5, "units": 3, "paid": True},
    {"region": "south", "month": "2026-01-01", "amount": 80, "units": 2, "paid": False},
    {"region": "north", "month": "2026-02-01", "amount": 99.25, "units": None, "paid": True},
]


@pytest.fixture
def feed() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


@pytest.fixture
def ada(app: Flask, make_user: Callable[..., Any]) -> Actor:
    make_user("ada", role="admin")
    return actor_named(app, "ada")


def fetch(app: Flask, actor: Actor | None, source: Any, **settings: Any) -> pa.Table:
    with state(app).database.sessions() as db:
        return fetch_source(db, actor, source, parts_of(app, **settings))


def url(address: str, format: str = "auto") -> UrlRows:
    return UrlRows(type="url", url=address, format=format)  # type: ignore[arg-type]


# -- url ---------------------------------------------------------------------------------


def test_a_json_list_of_objects_becomes_a_table(app: Flask, feed: FeedServer) -> None:
    address = feed.put("/sales", json.dumps(SALES).encode(), "application/json")
    table = fetch(app, None, url(address), URL_ALLOW_PRIVATE=True)
    assert table.column_names == ["region", "month", "amount", "units", "paid"]
    assert table.to_pylist() == [{**row, "amount": float(row["amount"])} for row in SALES]
    kinds = {column.name: column.data_type for column in inferred_columns(table)}
    assert kinds == {
        "rec_id": "rec_id",
        "region": "text",
        "month": "date",
        "amount": "number",
        "units": "integer",
        "paid": "checkbox",
    }


def test_json_rows_under_data_and_keys_missing_from_some_rows(app: Flask, feed: FeedServer) -> None:
    body = {"data": [{"a": 1}, {"b": "x"}, {"a": 2, "b": [1, 2]}]}
    address = feed.put("/wrapped", json.dumps(body).encode(), "application/json")
    table = fetch(app, None, url(address), URL_ALLOW_PRIVATE=True)
    assert table.to_pylist() == [
        {"a": 1, "b": None},
        {"a": None, "b": "x"},
        {"a": 2, "b": "[1,2]"},
    ]


def test_a_csv_document_takes_the_types_arrow_infers(app: Flask, feed: FeedServer) -> None:
    body = (
        b"region,month,amount,units,paid,at\nnorth,2026-01-01,120.5,3,true,2026-01-05T10:00:00Z\n"
    )
    address = feed.put("/sales", body, "text/csv; charset=utf-8")
    table = fetch(app, None, url(address), URL_ALLOW_PRIVATE=True)
    row = table.to_pylist()[0]
    assert row["amount"] == 120.5 and row["units"] == 3 and row["paid"] is True
    assert row["month"] == date(2026, 1, 1)
    kinds = [column.data_type for column in inferred_columns(table)][1:]
    assert kinds == ["text", "date", "number", "integer", "checkbox", "datetime"]


def test_the_format_is_guessed_from_the_extension_then_the_body(
    app: Flask, feed: FeedServer
) -> None:
    as_csv = feed.put("/plain.csv", b"a,b\n1,2\n", "application/octet-stream")
    as_json = feed.put("/plain", b' [{"a": 1}]', "application/octet-stream")
    assert fetch(app, None, url(as_csv), URL_ALLOW_PRIVATE=True).to_pylist() == [{"a": 1, "b": 2}]
    assert fetch(app, None, url(as_json), URL_ALLOW_PRIVATE=True).to_pylist() == [{"a": 1}]


def test_a_private_address_is_refused_without_the_setting(app: Flask, feed: FeedServer) -> None:
    address = feed.put("/sales", json.dumps(SALES).encode(), "application/json")
    with pytest.raises(SourceFailed, match="non-public address 127.0.0.1"):
        fetch(app, None, url(address))


def test_an_http_error_fails_naming_the_status(app: Flask, feed: FeedServer) -> None:
    address = feed.put("/broken", b"oops", "text/plain", status=500)
    with pytest.raises(SourceFailed, match="answered HTTP 500"):
        fetch(app, None, url(address), URL_ALLOW_PRIVATE=True)


def test_a_body_over_the_size_limit_is_refused(app: Flask, feed: FeedServer) -> None:
    address = feed.put("/big", json.dumps([{"a": "x" * 2000}]).encode(), "application/json")
    with pytest.raises(SourceFailed, match="URL_MAX_BYTES"):
        fetch(app, None, url(address), URL_ALLOW_PRIVATE=True, URL_MAX_BYTES=1000)


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"{not json", "application/json", "not JSON"),
        (b'{"rows": 1}', "application/json", "expected a JSON list of objects"),
        (b"[1, 2]", "application/json", r"item \[0\] is not an object"),
        (b"", "text/csv", "the CSV is empty"),
        (b"a,b\n1,2\n3\n", "text/csv", "not readable as CSV"),
    ],
)
def test_a_document_that_is_not_rows_fails_saying_why(
    app: Flask, feed: FeedServer, body: bytes, content_type: str, message: str
) -> None:
    address = feed.put("/bad", body, content_type)
    with pytest.raises(SourceFailed, match=message):
        fetch(app, None, url(address), URL_ALLOW_PRIVATE=True)


# -- metric ------------------------------------------------------------------------------


def test_an_events_query_gives_one_row_per_day(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    stream = events.make_events()
    assert client.post(f"/e?_k={event_key}", json=stream).data == b"1"
    query = {
        "event": "view",
        "range": {"start": "2026-03-01T00:00:00Z", "end": "2026-03-22T00:00:00Z"},
    }
    table = fetch(app, None, MetricRows(type="metric", query=query))
    got = {row["t"][:10]: row["value"] for row in table.to_pylist() if row["value"]}
    expected = events.per_day(stream, lambda event: event["_n"] == "view", len)
    assert got == {day: float(count) for day, count in expected.items()}
    assert len(table) == 21
    kinds = {column.name: column.data_type for column in inferred_columns(table)}
    assert kinds["t"] == "datetime" and kinds["value"] == "number"


def test_an_events_breakdown_gives_one_row_per_value(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    stream = events.make_events()
    assert client.post(f"/e?_k={event_key}", json=stream).data == b"1"
    query = {
        "event": "buy",
        "breakdown": "plan",
        "bucket": None,
        "range": {"start": "2026-03-01T00:00:00Z", "end": "2026-03-22T00:00:00Z"},
    }
    table = fetch(app, None, MetricRows(type="metric", query=query))
    got = {row["series"]: row["value"] for row in table.to_pylist()}
    expected = Counter(event["plan"] for event in stream if event["_n"] == "buy")
    assert got == {plan: float(count) for plan, count in expected.items()}


def test_a_metric_source_is_checked_by_the_query_model() -> None:
    with pytest.raises(ValidationFailed, match="source.query: metric 'sum' needs a property"):
        parse_source({"type": "metric", "query": {"metric": "sum"}})


# -- query -------------------------------------------------------------------------------


def _sales(app: Flask, actor: Actor | None, name: str = "sales", folder: str = "") -> int:
    dataset_id = new_dataset(
        app,
        actor,
        name,
        [("region", "text"), ("month", "date"), ("amount", "number"), ("units", "integer")],
        folder=folder,
    )
    rows = [{key: row[key] for key in ("region", "month", "amount", "units")} for row in SALES]
    with state(app).database.sessions() as db:
        append_rows(db, place_of(app), actor, dataset_id, rows)
    return dataset_id


def test_a_select_over_data_sets_by_name(app: Flask, ada: Actor) -> None:
    _sales(app, ada, "Sales 2026")
    targets = new_dataset(app, ada, "targets", [("region", "text"), ("target", "number")])
    with state(app).database.sessions() as db:
        append_rows(db, place_of(app), ada, targets, [{"region": "north", "target": 200}])
    sql = (
        "SELECT s.region, sum(s.amount) AS total, any_value(t.target) AS target "
        'FROM "Sales 2026" s LEFT JOIN targets t USING (region) GROUP BY s.region ORDER BY 1'
    )
    table = fetch(app, ada, QueryRows(type="query", sql=sql))
    totals: dict[str, float] = {}
    for row in SALES:
        totals[str(row["region"])] = totals.get(str(row["region"]), 0) + float(row["amount"])  # type: ignore[arg-type]
    assert [(row["region"], float(row["total"])) for row in table.to_pylist()] == sorted(
        totals.items()
    )
    assert [row["target"] for row in table.to_pylist()] == [200.0, None]


def test_a_select_reads_the_rec_id_which_a_rebuild_ignores(app: Flask, ada: Actor) -> None:
    _sales(app, ada)
    table = fetch(app, ada, QueryRows(type="query", sql="SELECT * FROM sales ORDER BY rec_id"))
    assert table.column("rec_id").to_pylist() == [1, 2, 3]
    assert [column.name for column in inferred_columns(table)][1:] == [
        "region",
        "month",
        "amount",
        "units",
    ]


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM sales",
        "DROP TABLE sales",
        "INSERT INTO sales VALUES (1)",
        "COPY sales TO '/tmp/out.csv'",
        "ATTACH '/tmp/other.db'",
        "SET enable_external_access = true",
        "PRAGMA database_list",
        "SELECT 1; SELECT 2",
        "SELECT 1; DELETE FROM sales",
        "",
    ],
)
def test_anything_but_one_select_is_refused_when_set(sql: str) -> None:
    with pytest.raises(ValidationFailed, match="source.sql"):
        parse_source({"type": "query", "sql": sql})


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/*')",
        "SELECT * FROM read_json('http://127.0.0.1:9/x.json')",
    ],
)
def test_a_select_cannot_reach_files_or_the_network(app: Flask, ada: Actor, sql: str) -> None:
    with pytest.raises(ValidationFailed, match="Permission Error"):
        fetch(app, ada, QueryRows(type="query", sql=sql))


def test_a_select_cannot_read_a_data_set_s_files_directly(app: Flask, ada: Actor) -> None:
    dataset_id = _sales(app, ada)
    folder = place_of(app).table(dataset_id).path
    sql = f"SELECT * FROM read_parquet('{folder}/*.parquet')"
    with pytest.raises(ValidationFailed, match="Permission Error"):
        fetch(app, ada, QueryRows(type="query", sql=sql))


def test_a_select_runs_with_its_configuration_locked_down(app: Flask, ada: Actor) -> None:
    names = ("enable_external_access", "python_enable_replacements", "lock_configuration")
    sql = "SELECT " + ", ".join(f"current_setting('{name}') AS {name}" for name in names)
    table = fetch(app, ada, QueryRows(type="query", sql=sql))
    assert table.to_pylist() == [
        {
            "enable_external_access": False,
            "python_enable_replacements": False,
            "lock_configuration": True,
        }
    ]


def test_a_select_sees_only_data_sets_its_user_may_read(
    app: Flask, ada: Actor, make_user: Callable[..., Any]
) -> None:
    _sales(app, ada, "hidden sales", folder="finance")
    _sales(app, ada, "open sales", folder="")
    make_user("eve", role="editor")
    with state(app).database.sessions() as db:
        grant = FolderGrant(folder="finance", user_id=ada.user_id, role="viewer")
        replace_grants(db, "finance", [grant])  # closes the folder to everyone else
        db.commit()
    eve = actor_named(app, "eve")
    table = fetch(app, eve, QueryRows(type="query", sql='SELECT count(*) AS n FROM "open sales"'))
    assert table.to_pylist() == [{"n": 3}]
    with pytest.raises(ValidationFailed, match="hidden sales does not exist"):
        fetch(app, eve, QueryRows(type="query", sql='SELECT * FROM "hidden sales"'))


def test_a_select_past_its_time_limit_is_stopped(app: Flask, ada: Actor) -> None:
    slow = QueryRows(type="query", sql="SELECT count(*) FROM range(100000000000) a")
    parts = parts_of(app)
    quick = replace(parts, place=replace(parts.place, query_timeout_seconds=0.2))
    with state(app).database.sessions() as db, pytest.raises(QueryTimedOut):
        fetch_source(db, ada, slow, quick)


# -- setting a source --------------------------------------------------------------------


def test_setting_a_source_stores_it_checked(app: Flask, ada: Actor) -> None:
    dataset_id = _sales(app, ada)
    with state(app).database.sessions() as db:
        set_source(db, ada, dataset_id, {"type": "url", "url": "https://example.com/s.csv"})
    assert dataset_row(app, dataset_id).source == {
        "type": "url",
        "url": "https://example.com/s.csv",
        "format": "auto",
    }
    with state(app).database.sessions() as db:
        set_source(db, ada, dataset_id, None)
    assert dataset_row(app, dataset_id).source == {}


def test_every_problem_of_a_source_is_reported() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_source({"type": "url", "url": "ftp://example.com/x", "format": "xml", "extra": 1})
    assert len(caught.value.errors) == 3
    assert (
        caught.value.errors[0] == "source.url: must be an http(s) URL or a path starting with '/'"
    )
    with pytest.raises(ValidationFailed, match="source.type: must be one of url, metric, query"):
        parse_source({"type": "notebook"})


def test_only_editors_of_the_folder_set_a_source(
    app: Flask, ada: Actor, make_user: Callable[..., Any]
) -> None:
    dataset_id = _sales(app, ada)
    make_user("vic", role="viewer")
    with state(app).database.sessions() as db, pytest.raises(Forbidden):
        set_source(db, actor_named(app, "vic"), dataset_id, {"type": "query", "sql": "SELECT 1"})


def test_a_naive_csv_timestamp_is_read_as_utc(app: Flask, feed: FeedServer) -> None:
    address = feed.put("/t.csv", b"at\n2026-01-05 10:00:00\n", "text/csv")
    table = fetch(app, None, url(address), URL_ALLOW_PRIVATE=True)
    assert [column.data_type for column in inferred_columns(table)] == ["rec_id", "datetime"]
    assert table.column("at").to_pylist()[0].replace(tzinfo=UTC) == datetime(
        2026, 1, 5, 10, tzinfo=UTC
    )
