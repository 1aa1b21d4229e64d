"""Regression tests for defects found in review of the events code (one behaviour each)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from gaugeboard.events import segments
from gaugeboard.events.analytics import run_query
from gaugeboard.events.ingest import store_events
from gaugeboard.events.validation import parse_events
from gaugeboard.store import events as store
from tests.conftest import state

DAY = datetime(2026, 3, 2, 12, tzinfo=UTC).timestamp()
WHOLE = {"start": "2026-03-01T00:00:00Z", "end": "2026-03-05T00:00:00Z"}


def ingest(db: Session, *events: dict[str, Any]) -> None:
    store_events(db, 1, parse_events(list(events), now=DAY + 86400 * 30))


def query(app: Flask, db: Session, **body: Any) -> dict[str, Any]:
    return run_query(db, state(app).segments_dir, {"range": WHOLE, **body}, 30)


def test_property_names_cannot_inject_sql_into_compaction(
    app: Flask, db: Session, tmp_path: Path
) -> None:
    target = tmp_path / "pwned.txt"
    evil = (
        f'a" as varchar) as "a" from (select 1); copy (select 1) to \'{target}\'; select 1 as x --'
    )
    root = state(app).segments_dir
    for minute in range(2):
        ingest(db, {"_n": "x", "_t": DAY + minute, evil: "v"})
        segments.seal_tail(db, root)
    segments.compact_closed_days(db, root, today="2026-03-10")
    assert not target.exists() and query(app, db, bucket=None)["total"] == 2


def test_a_stale_sealer_registers_nothing(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = state(app).segments_dir
    ingest(db, {"_n": "x", "_t": DAY})
    stale = store.tail_batches(db)
    segments.seal_tail(db, root)  # the other sealer got there first
    monkeypatch.setattr(store, "tail_batches", lambda *_a, **_k: stale)
    with pytest.raises(segments.SealConflict):
        segments.seal_tail(db, root)
    monkeypatch.undo()
    assert query(app, db, bucket=None)["total"] == 1


def test_integer_too_large_to_store_is_refused_with_its_field(
    client: FlaskClient, event_key: str
) -> None:
    response = client.post(f"/api/event?_k={event_key}", json={"_n": "x", "amount": 10**20})
    assert response.get_json()["errors"][0].startswith("amount:")


def test_property_names_differing_only_by_the_escape_stay_apart(app: Flask, db: Session) -> None:
    ingest(db, {"_n": "x", "_t": DAY, "A": 5}, {"_n": "x", "_t": DAY, "^a": "100"})
    segments.seal_tail(db, state(app).segments_dir)
    assert query(app, db, metric="sum", property="A", bucket=None)["total"] == 5


def test_pages_of_events_with_one_timestamp_neither_skip_nor_repeat(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    client.post(f"/e?_k={event_key}", json=[{"_n": "x", "_t": DAY, "i": i} for i in range(300)])
    seen = [
        item["properties"]["i"]
        for page in (1, 2, 3)
        for item in client.get(f"/events?limit=100&page={page}", headers=auth_headers).get_json()[
            "items"
        ]
    ]
    assert sorted(seen) == list(range(300))


def test_a_funnel_step_must_come_after_the_previous_one(app: Flask, db: Session) -> None:
    ingest(db, {"_n": "view", "_p": "ann", "_t": DAY})
    body = query(app, db, type="funnel", steps=[{"event": "view"}, {"event": "view"}])
    assert [step["count"] for step in body["steps"]] == [1, 0]


def test_the_current_retention_period_is_not_reported_yet(app: Flask, db: Session) -> None:
    now = datetime.now(UTC)
    store_events(db, 1, parse_events([{"_n": "a", "_p": "ann", "_t": now.timestamp() - 60}]))
    body = run_query(
        db,
        state(app).segments_dir,
        {"type": "retention", "start_event": "a", "period": "month", "range": "this_month"},
        30,
    )
    assert body["cohorts"][0]["values"][1]["count"] is None


def test_the_skipped_spring_hour_has_no_bucket(app: Flask, db: Session) -> None:
    local_day = {"start": "2026-03-08T00:00:00-05:00", "end": "2026-03-09T00:00:00-04:00"}
    body = run_query(
        db,
        state(app).segments_dir,
        {"bucket": "hour", "timezone": "America/New_York", "range": local_day},
        30,
    )
    stamps = [point["t"] for point in body["series"][0]["points"]]
    assert len(stamps) == 23 and len(set(stamps)) == 23


@pytest.mark.parametrize("after", ["nan", "inf", "1e300"])
def test_unusable_listing_bounds_are_refused(
    client: FlaskClient, auth_headers: dict[str, str], after: str
) -> None:
    assert client.get(f"/events?after={after}", headers=auth_headers).status_code == 400


@pytest.mark.parametrize("zone", ["right/UTC", "posixrules", "localtime"])
def test_zones_duckdb_does_not_know_are_refused(
    client: FlaskClient, auth_headers: dict[str, str], zone: str
) -> None:
    response = client.post("/api/metric/query", json={"timezone": zone}, headers=auth_headers)
    assert response.status_code == 400


def test_ranges_far_in_the_future_are_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    far = {"start": "9999-01-01T00:00:00Z", "end": "9999-12-01T00:00:00Z"}
    response = client.post(
        "/api/metric/query", json={"range": far, "compare": True}, headers=auth_headers
    )
    assert response.get_json()["errors"] == ["range: start and end must be between 1970 and 2200"]
