"""Bad analytics queries are refused with every problem named, and slow ones are stopped."""

from __future__ import annotations

import duckdb
import pytest
from flask.testing import FlaskClient

from gaugeboard.events.timeouts import QueryRunner, QueryTimeout


def errors(client: FlaskClient, headers: dict[str, str], query: object) -> list[str]:
    response = client.post("/api/metric/query", json=query, headers=headers)
    assert response.status_code == 400
    found = response.get_json()["errors"]
    assert isinstance(found, list)
    return found


def test_unknown_time_zone_is_named(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    assert errors(client, auth_headers, {"timezone": "Mars/Base"}) == [
        "timezone: unknown time zone 'Mars/Base' (use an IANA name)"
    ]


def test_sum_needs_a_property(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    assert errors(client, auth_headers, {"metric": "sum"}) == [
        "(document): metric 'sum' needs a property"
    ]


def test_bad_filter_is_named_by_position(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    query = {"filters": [{"field": "a", "op": "="}, {"field": "b", "op": "like", "value": 1}]}
    assert [e.split(":")[0] for e in errors(client, auth_headers, query)] == [
        "filters[0]",
        "filters[1].op",
    ]


def test_end_before_start_is_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    query = {"range": {"start": "2026-02-01T00:00:00Z", "end": "2026-01-01T00:00:00Z"}}
    assert errors(client, auth_headers, query) == ["range: end must be after start"]


def test_unknown_relative_range_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    assert errors(client, auth_headers, {"range": "last_3_years"})[0].startswith(
        "range: must be one of today, yesterday"
    )


def test_too_many_buckets_are_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    found = errors(client, auth_headers, {"bucket": "minute", "range": "last_30_days"})
    assert found[0].startswith("bucket: more than 5000 minute buckets")


def test_funnel_needs_two_steps(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    assert errors(client, auth_headers, {"type": "funnel", "steps": [{"event": "a"}]})[
        0
    ].startswith("steps:")


def test_query_needs_a_viewer(client: FlaskClient) -> None:
    assert client.post("/api/metric/query", json={}).status_code == 401


def test_a_slow_statement_is_stopped_with_a_clear_error() -> None:
    connection = duckdb.connect()
    runner = QueryRunner(connection, timeout_seconds=0.3)
    with pytest.raises(QueryTimeout, match="stopped after 0.3 s"):
        runner.fetch("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3")
    runner.close()
    connection.close()
