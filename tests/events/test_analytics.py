"""The analytics engine against answers computed independently in Python."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.events.engine import sealed_cache
from gaugeboard.events.segments import seal_tail
from tests.conftest import state
from tests.events import dataset
from tests.events.helpers import post_events, seal_first

RANGE = {"start": "2026-03-01T00:00:00Z", "end": "2026-03-22T00:00:00Z"}
EVENTS = dataset.make_events()


@pytest.fixture(params=["in memory", "from the files"])
def settings_overrides(
    settings_overrides: dict[str, Any], request: pytest.FixtureRequest
) -> dict[str, Any]:
    """Every answer twice: sealed events copied into memory (the default for a small
    set), and read from the Parquet files (a set past ``EVENT_MEMORY_ROWS``)."""
    if request.param == "from the files":
        settings_overrides["EVENT_MEMORY_ROWS"] = 0
    return settings_overrides


@pytest.fixture
def loaded(client: FlaskClient, event_key: str, auth_headers: dict[str, str]) -> dict[str, str]:
    post_events(client, event_key, EVENTS)
    return auth_headers


@pytest.fixture
def half_sealed(app: Flask, loaded: dict[str, str]) -> Iterator[dict[str, str]]:
    """Half the events in Parquet segments, the rest still in the tail."""
    seal_first(app, len(EVENTS) // 2)
    yield loaded


def run(client: FlaskClient, headers: dict[str, str], **query: Any) -> dict[str, Any]:
    response = client.post("/api/metric/query", json={"range": RANGE, **query}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, dict)
    return body


def daily(body: dict[str, Any], label: str = "total") -> dict[str, Any]:
    series = next(s for s in body["series"] if s["label"] == label)
    return {p["local"][:10]: p["value"] for p in series["points"] if p["value"] not in (0, None)}


def test_count_per_day(client: FlaskClient, half_sealed: dict[str, str]) -> None:
    expected = dataset.per_day(EVENTS, lambda e: e["_n"] == "view", len)
    assert daily(run(client, half_sealed, event="view")) == expected


def test_count_per_day_in_a_time_zone_across_a_dst_change(
    client: FlaskClient, half_sealed: dict[str, str]
) -> None:
    zone = "America/Los_Angeles"  # clocks moved forward on 2026-03-08
    local_range = {"start": "2026-02-28T00:00:00-08:00", "end": "2026-03-23T00:00:00-07:00"}
    body = run(client, half_sealed, event="view", timezone=zone, range=local_range)
    assert daily(body) == dataset.per_day(EVENTS, lambda e: e["_n"] == "view", len, zone)


def test_empty_days_are_filled_with_zero(client: FlaskClient, half_sealed: dict[str, str]) -> None:
    points = run(client, half_sealed, event="view")["series"][0]["points"]
    assert len(points) == 21 and all(isinstance(p["value"], int) for p in points)


def test_unique_persons_per_day(client: FlaskClient, half_sealed: dict[str, str]) -> None:
    expected = dataset.per_day(EVENTS, lambda e: True, lambda items: len({e["_p"] for e in items}))
    assert daily(run(client, half_sealed, metric="unique_persons")) == expected


def test_sum_of_a_property(client: FlaskClient, half_sealed: dict[str, str]) -> None:
    expected = sum(e["amount"] for e in EVENTS if e["_n"] == "buy")
    body = run(client, half_sealed, event="buy", metric="sum", property="amount", bucket=None)
    assert body["total"] == pytest.approx(expected)


@pytest.mark.parametrize("metric", ["avg", "min", "max"])
def test_average_minimum_and_maximum(
    client: FlaskClient, half_sealed: dict[str, str], metric: str
) -> None:
    amounts = [e["amount"] for e in EVENTS if e["_n"] == "buy"]
    expected = {"avg": sum(amounts) / len(amounts), "min": min(amounts), "max": max(amounts)}[
        metric
    ]
    body = run(client, half_sealed, event="buy", metric=metric, property="amount", bucket=None)
    assert body["total"] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("filter_", "keep"),
    [
        ({"field": "plan", "op": "=", "value": "pro"}, lambda e: e["plan"] == "pro"),
        ({"field": "plan", "op": "!=", "value": "pro"}, lambda e: e["plan"] != "pro"),
        (
            {"field": "plan", "op": "in", "value": ["pro", "team"]},
            lambda e: e["plan"] in ("pro", "team"),
        ),
        ({"field": "plan", "op": "contains", "value": "TER"}, lambda e: "ter" in e["plan"]),
        ({"field": "amount", "op": ">", "value": 50}, lambda e: e.get("amount", 0) > 50),
        ({"field": "amount", "op": "<", "value": 50}, lambda e: "amount" in e and e["amount"] < 50),
        ({"field": "country", "op": "is_set"}, lambda e: "country" in e),
        ({"field": "person", "op": "=", "value": "p3"}, lambda e: e["_p"] == "p3"),
    ],
)
def test_filters(
    client: FlaskClient, half_sealed: dict[str, str], filter_: dict[str, Any], keep: Any
) -> None:
    body = run(client, half_sealed, filters=[filter_], bucket=None)
    assert body["total"] == sum(1 for e in EVENTS if keep(e))


def test_breakdown_keeps_the_top_values_and_groups_the_rest(
    client: FlaskClient, half_sealed: dict[str, str]
) -> None:
    counts: dict[str, int] = {}
    for event in EVENTS:
        counts[event["plan"]] = counts.get(event["plan"], 0) + 1
    top = sorted(counts, key=lambda plan: (-counts[plan], plan))[:2]
    body = run(client, half_sealed, breakdown="plan", breakdown_limit=2, bucket=None)
    totals = {s["label"]: s["total"] for s in body["series"]}
    assert totals == {
        **{plan: counts[plan] for plan in top},
        "(other)": len(EVENTS) - sum(counts[p] for p in top),
    }


def test_breakdown_names_missing_values(client: FlaskClient, half_sealed: dict[str, str]) -> None:
    body = run(client, half_sealed, breakdown="country", bucket=None)
    totals = {s["label"]: s["total"] for s in body["series"]}
    assert totals["(none)"] == sum(1 for e in EVENTS if "country" not in e)


def test_compare_with_the_previous_period(client: FlaskClient, half_sealed: dict[str, str]) -> None:
    query = {"range": {"start": "2026-03-11T00:00:00Z", "end": "2026-03-21T00:00:00Z"}}
    body = run(client, half_sealed, bucket=None, compare=True, **query)
    earlier = [e for e in EVENTS if "2026-03-01" <= dataset.local_day(e, "UTC") < "2026-03-11"]
    assert body["previous"]["total"] == len(earlier)


def test_funnel_counts_each_step(client: FlaskClient, half_sealed: dict[str, str]) -> None:
    steps = ["view", "signup", "buy"]
    body = run(
        client,
        half_sealed,
        type="funnel",
        steps=[{"event": s} for s in steps],
        window={"value": 3, "unit": "day"},
    )
    expected = dataset.funnel_counts(
        EVENTS, steps, timedelta(days=3), dataset.START + timedelta(days=21)
    )
    assert [step["count"] for step in body["steps"]] == expected


def test_funnel_conversion_rates(client: FlaskClient, half_sealed: dict[str, str]) -> None:
    body = run(client, half_sealed, type="funnel", steps=[{"event": "view"}, {"event": "buy"}])
    first, second = body["steps"]
    assert second["conversion_from_previous"] == pytest.approx(second["count"] / first["count"])


def test_weekly_retention(client: FlaskClient, half_sealed: dict[str, str]) -> None:
    end = dataset.START + timedelta(days=14)
    body = run(
        client,
        half_sealed,
        type="retention",
        start_event="view",
        return_event="buy",
        period="week",
        periods=3,
        range={"start": "2026-03-01T00:00:00Z", "end": "2026-03-15T00:00:00Z"},
    )
    expected = dataset.weekly_retention(EVENTS, "view", "buy", end)
    assert {c["local"][:10]: [v["count"] for v in c["values"]] for c in body["cohorts"]} == expected


def test_weekly_retention_with_any_event_as_the_return(
    client: FlaskClient, half_sealed: dict[str, str]
) -> None:
    end = dataset.START + timedelta(days=14)
    body = run(
        client,
        half_sealed,
        type="retention",
        start_event="buy",
        return_any=True,
        period="week",
        periods=3,
        range={"start": "2026-03-01T00:00:00Z", "end": "2026-03-15T00:00:00Z"},
    )
    expected = dataset.weekly_retention(EVENTS, "buy", None, end)
    assert {c["local"][:10]: [v["count"] for v in c["values"]] for c in body["cohorts"]} == expected


def test_retention_refuses_both_a_return_event_and_any_event(
    client: FlaskClient, half_sealed: dict[str, str]
) -> None:
    answer = client.post(
        "/api/metric/query",
        json={
            "type": "retention",
            "start_event": "view",
            "return_event": "buy",
            "return_any": True,
        },
        headers=half_sealed,
    )
    assert (answer.status_code, answer.get_json()["errors"]) == (
        400,
        ["(document): give return_event or return_any, not both"],
    )


def test_result_describes_the_query_and_its_time(
    client: FlaskClient, half_sealed: dict[str, str]
) -> None:
    body = run(client, half_sealed, event="buy", metric="sum", property="amount")
    assert (
        body["description"].startswith("sum of amount over 'buy' events per day")
        and body["elapsed_ms"] > 0
    )


def test_same_answer_before_and_after_sealing(
    app: Flask, client: FlaskClient, loaded: dict[str, str]
) -> None:
    before = run(client, loaded, metric="unique_persons", breakdown="plan")["series"]
    with state(app).database.sessions() as session:
        seal_tail(session, state(app).segments_dir)
    assert run(client, loaded, metric="unique_persons", breakdown="plan")["series"] == before


def test_answers_come_from_where_the_setting_says(
    app: Flask, client: FlaskClient, half_sealed: dict[str, str], request: pytest.FixtureRequest
) -> None:
    run(client, half_sealed, metric="unique_persons")
    in_memory = sealed_cache(state(app).segments_dir).in_memory
    assert in_memory is ("in memory" in request.node.callspec.id)
