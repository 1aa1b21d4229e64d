"""Per-segment rollups: metric answers read from them equal the answers read from the
events, for every shape they serve; shapes they cannot serve read the events."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb
import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.events import metrics, rollups
from gaugeboard.events.segments import compact_closed_days, remove_dead_files, seal_tail
from gaugeboard.store import events as store
from tests.conftest import state
from tests.events.helpers import post_events

START = datetime(2026, 3, 1, tzinfo=UTC)
ALIGNED = {"start": "2026-03-02T00:00:00Z", "end": "2026-03-09T00:00:00Z"}
UNALIGNED = {"start": "2026-03-02T05:17:00Z", "end": "2026-03-08T20:41:30Z"}


def make_events(count: int = 1500, seed: int = 3) -> list[dict[str, Any]]:
    """Events at any second over ten days, with a text, a boolean and a numeric property,
    and a text property with too many values to be rolled up."""
    rng = random.Random(seed)
    events = []
    for index in range(count):
        moment = START + timedelta(seconds=rng.randrange(0, 10 * 86400))
        event: dict[str, Any] = {
            "_n": rng.choice(["view", "view", "buy", "signup"]),
            "_p": f"p{rng.randrange(60)}",
            "_t": moment.timestamp(),
            "plan": rng.choice(["free", "pro", "team", ""]),
            "trial": rng.random() < 0.3,
            "url": f"/page/{index % 200}",
        }
        if event["_n"] == "buy" and rng.random() < 0.9:
            event["amount"] = rng.randrange(1, 400) / 4
        if rng.random() < 0.8:
            event["country"] = rng.choice(["fr", "de", "us"])
        events.append(event)
    return events


EVENTS = make_events()


@pytest.fixture
def always_rolled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small test segments would not pay for an hour grain; write every grain here."""
    monkeypatch.setattr(rollups, "MAX_SHARE", 1e9)


@pytest.fixture
def mixed(
    app: Flask,
    client: FlaskClient,
    event_key: str,
    auth_headers: dict[str, str],
    always_rolled: None,
) -> Iterator[dict[str, str]]:
    """Two thirds of the events sealed (with rollups), the rest in the tail."""
    post_events(client, event_key, EVENTS)
    with state(app).database.sessions() as session:
        seal_tail(session, state(app).segments_dir, max_rows=len(EVENTS) * 2 // 3)
    yield auth_headers


@pytest.fixture
def rolled_reads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each metric period was answered from rollups."""
    seen: list[bool] = []
    original = metrics.fetch_rolled_cells

    def recording(*args: Any, **kwargs: Any) -> Any:
        cells = original(*args, **kwargs)
        seen.append(cells is not None)
        return cells

    monkeypatch.setattr(metrics, "fetch_rolled_cells", recording)
    return seen


def query(client: FlaskClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post("/api/metric/query", json=body, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    for key in ("elapsed_ms", "query", "description"):
        answer.pop(key, None)
    assert isinstance(answer, dict)
    return answer


def from_events(
    monkeypatch: pytest.MonkeyPatch, ask: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The same query with rollups out of the way."""
    with monkeypatch.context() as patch:
        patch.setattr(metrics, "fetch_rolled_cells", lambda *args, **kwargs: None)
        return ask()


Answers = Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any], list[bool]]]


@pytest.fixture
def answers(
    client: FlaskClient,
    mixed: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    rolled_reads: list[bool],
) -> Answers:
    """A query's answer as served, the same with rollups out of the way (asked first),
    and whether each period of the served one was read from rollups."""

    def both(shape: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[bool]]:
        def ask() -> dict[str, Any]:
            return query(client, mixed, **{"range": ALIGNED, **shape})

        expected = from_events(monkeypatch, ask)
        return ask(), expected, rolled_reads

    return both


def rounded(value: Any) -> Any:
    """Sums of doubles added in another order differ in the last bits."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


SHAPES = [
    {"event": "view", "bucket": "day"},
    {"event": "view", "bucket": "hour", "range": UNALIGNED},
    {"bucket": "day", "breakdown": "plan"},
    {"event": "buy", "metric": "sum", "property": "amount", "breakdown": "plan", "bucket": None},
    {"event": "buy", "metric": "avg", "property": "amount", "bucket": "day"},
    {"event": "buy", "metric": "min", "property": "amount", "breakdown": "country"},
    {"event": "buy", "metric": "max", "property": "amount", "bucket": "week"},
    {"event": "view", "bucket": "day", "breakdown": "trial"},
    {"event": "view", "bucket": "day", "range": UNALIGNED},
    {"event": "view", "bucket": "day", "timezone": "America/Los_Angeles"},
    {"event": "view", "bucket": "day", "timezone": "Europe/Paris", "range": UNALIGNED},
    {"event": "buy", "metric": "sum", "property": "amount", "compare": True},
    {"event": "view", "bucket": "day", "breakdown": "plan", "breakdown_limit": 2},
]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "-".join(f"{v}" for v in s.values()))
def test_rollups_answer_as_the_events_do(answers: Answers, shape: dict[str, Any]) -> None:
    rolled, expected, reads = answers(shape)
    assert rounded(rolled) == rounded(expected)
    assert reads and all(reads)


@pytest.mark.parametrize(
    "shape",
    [
        {"event": "view", "bucket": "day", "breakdown": "url"},  # too many values
        {"event": "view", "filters": [{"field": "plan", "op": "=", "value": "pro"}]},
        {"event": "view", "bucket": "day", "timezone": "Asia/Kolkata"},  # half-hour offset
        {"event": "view", "bucket": "minute", "range": {**ALIGNED, "end": "2026-03-02T06:00:00Z"}},
        {"metric": "unique_persons", "bucket": "day"},
    ],
    ids=["many-values", "filter", "half-hour-zone", "minute", "unique-persons"],
)
def test_shapes_rollups_cannot_serve_read_the_events(
    answers: Answers, shape: dict[str, Any]
) -> None:
    answer, expected, reads = answers(shape)
    assert answer == expected
    assert not any(reads)


def test_a_segment_without_a_rollup_is_read_from_its_events(
    app: Flask,
    client: FlaskClient,
    event_key: str,
    auth_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    rolled_reads: list[bool],
) -> None:
    monkeypatch.setattr(rollups, "MAX_SHARE", 0.0)  # no grain pays: no rollup is written
    post_events(client, event_key, EVENTS)
    with state(app).database.sessions() as session:
        seal_tail(session, state(app).segments_dir)
        assert all("rollup" not in s.columns for s in store.live_segments(session))
    body = query(client, auth_headers, event="view", range=ALIGNED)
    assert body["total"] == sum(
        1 for e in EVENTS if e["_n"] == "view" and "2026-03-02" <= day_of(e) < "2026-03-09"
    )
    assert rolled_reads == [False]


def day_of(event: dict[str, Any]) -> str:
    return datetime.fromtimestamp(event["_t"], UTC).strftime("%Y-%m-%d")


def test_each_sealed_segment_has_its_rollup_beside_it(app: Flask, mixed: dict[str, str]) -> None:
    root = state(app).segments_dir
    with state(app).database.sessions() as session:
        segments = store.live_segments(session)
    assert segments
    for segment in segments:
        rollup = segment.columns["rollup"]
        assert rollup["path"] == rollups.rollup_path(segment.path)
        assert (root / rollup["path"]).is_file()
        assert rollup["dims"] == ["p_country", "p_plan", "p_trial"]  # not p_url: 200 values
        assert rollup["measures"] == ["p_amount"] and set(rollup["grains"]) == {"day", "hour"}


def test_a_rollup_counts_exactly_its_segments_events(app: Flask, mixed: dict[str, str]) -> None:
    root = state(app).segments_dir
    with state(app).database.sessions() as session:
        segments = store.live_segments(session)
    for segment in segments:
        rollup = str(root / segment.columns["rollup"]["path"])
        for grain in ("day", "hour"):
            total = duckdb.sql(
                f"SELECT sum(n) FROM read_parquet('{rollup}') WHERE grain = '{grain}' "
                "AND dim IS NULL"
            ).fetchall()
            assert total == [(segment.row_count,)]


def test_compaction_merges_the_parts_rollups(app: Flask, mixed: dict[str, str]) -> None:
    root = state(app).segments_dir
    with state(app).database.sessions() as session:
        before = sorted(s.row_count for s in store.live_segments(session))
        assert compact_closed_days(session, root, "2026-04-01") >= 1
        merged = store.live_segments(session)
    assert len(merged) == 1 and merged[0].row_count == sum(before)
    path = str(root / merged[0].columns["rollup"]["path"])
    rows = duckdb.sql(
        f"SELECT dim, sum(n) FROM read_parquet('{path}') WHERE grain = 'day' GROUP BY 1 "
        "ORDER BY 1 NULLS FIRST"
    ).fetchall()
    assert rows == [(None, sum(before))] + [
        (d, sum(before)) for d in ("p_country", "p_plan", "p_trial")
    ]


def test_retired_segments_rollups_are_removed_with_them(app: Flask, mixed: dict[str, str]) -> None:
    root = state(app).segments_dir
    with state(app).database.sessions() as session:
        parts = [root / s.columns["rollup"]["path"] for s in store.live_segments(session)]
        compact_closed_days(session, root, "2026-04-01")
        live = [root / s.columns["rollup"]["path"] for s in store.live_segments(session)]
        remove_dead_files(session, root, datetime.now(UTC) + timedelta(days=1))
    assert [p.exists() for p in parts] == [False] * len(parts)
    assert [p.exists() for p in live] == [True]


def test_an_orphan_rollup_is_removed_and_a_registered_one_kept(
    app: Flask, mixed: dict[str, str]
) -> None:
    root = state(app).segments_dir
    orphan = root / "2026" / "03" / "2026-03-01" / f"seal-9-9-dead{rollups.SUFFIX}"
    orphan.write_bytes(b"left by a crash before registering")
    with state(app).database.sessions() as session:
        kept = [root / s.columns["rollup"]["path"] for s in store.live_segments(session)]
        remove_dead_files(session, root, datetime.now(UTC) + timedelta(days=1))
    assert not orphan.exists() and all(p.exists() for p in kept)


def test_a_plan_reads_whole_utc_days_from_day_rows() -> None:
    days = [datetime(2026, 3, d) for d in range(2, 9)]
    plan = rollups.rollup_plan(
        datetime(2026, 3, 2, tzinfo=UTC),
        datetime(2026, 3, 9, tzinfo=UTC),
        days,
        "UTC",
        frozenset({"day", "hour"}),
    )
    assert plan is not None
    assert plan.pieces == {"day": [(datetime(2026, 3, 2), datetime(2026, 3, 9))]}
    assert plan.edges == []


def test_a_plan_reads_partial_hours_at_the_edges_from_events() -> None:
    plan = rollups.rollup_plan(
        datetime(2026, 3, 2, 5, 17, tzinfo=UTC),
        datetime(2026, 3, 4, 20, 41, tzinfo=UTC),
        [],
        "UTC",
        frozenset({"day", "hour"}),
    )
    assert plan is not None
    assert plan.edges == [
        (datetime(2026, 3, 2, 5, 17), datetime(2026, 3, 2, 6)),
        (datetime(2026, 3, 4, 20), datetime(2026, 3, 4, 20, 41)),
    ]
    assert plan.pieces == {
        "day": [(datetime(2026, 3, 3), datetime(2026, 3, 4))],
        "hour": [
            (datetime(2026, 3, 2, 6), datetime(2026, 3, 3)),
            (datetime(2026, 3, 4), datetime(2026, 3, 4, 20)),
        ],
    }


def test_a_plan_needs_hour_rows_for_days_of_another_time_zone() -> None:
    local_days = [datetime(2026, 3, d) for d in range(2, 5)]
    start, end = datetime(2026, 3, 2, 8, tzinfo=UTC), datetime(2026, 3, 5, 8, tzinfo=UTC)
    assert (
        rollups.rollup_plan(start, end, local_days, "America/Los_Angeles", frozenset({"day"}))
        is None
    )
    plan = rollups.rollup_plan(
        start, end, local_days, "America/Los_Angeles", frozenset({"day", "hour"})
    )
    assert plan is not None and set(plan.pieces) == {"hour"}


def test_no_plan_when_a_bucket_starts_inside_an_hour() -> None:
    local_days = [datetime(2026, 3, d) for d in range(2, 5)]
    start = datetime(2026, 3, 1, 18, 30, tzinfo=UTC)
    end = datetime(2026, 3, 4, 18, 30, tzinfo=UTC)
    assert (
        rollups.rollup_plan(start, end, local_days, "Asia/Kolkata", frozenset({"day", "hour"}))
        is None
    )


def test_compacting_parts_without_hour_rows_rolls_the_merged_file_up(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    post_events(client, event_key, EVENTS)  # sparse days: hour rows would not pay
    root = state(app).segments_dir
    with state(app).database.sessions() as session:
        seal_tail(session, root)
        parts = store.live_segments(session)
        assert {tuple(p.columns["rollup"]["grains"]) for p in parts} == {("day",)}
        compact_closed_days(session, root, "2026-04-01")
        (merged,) = store.live_segments(session)
    path = str(root / merged.columns["rollup"]["path"])
    total = duckdb.sql(
        f"SELECT sum(n) FROM read_parquet('{path}') WHERE grain = 'day' AND dim IS NULL"
    ).fetchall()
    assert total == [(len(EVENTS),)]
