"""Minute rows fold into hours, hours into days; old days are dropped; totals never change."""

from __future__ import annotations

from typing import Any

from flask import Flask

from gaugeboard.monitor.counters import DAY, HOUR, MINUTE
from tests.conftest import shutdown
from tests.monitor.helpers import monitor_of, rollups
from tests.monitor.monitored_app import build_monitored_app

NOW = 1_800_000_000.0  # a fixed "now" (2027-01-15), well after every recorded minute


def record(app: Flask, rule: str, at: float, status: int = 200, times: int = 1) -> None:
    counters = monitor_of(app).counters()
    for _ in range(times):
        counters.record(rule, "GET", status, 3.0, 100, at)


def grains(app: Flask) -> dict[int, int]:
    found: dict[int, int] = {}
    for row in rollups(app):
        found[row["grain"]] = found.get(row["grain"], 0) + row["count"]
    return found


def seed(app: Flask) -> None:
    """Requests 1 minute, 2 days and 20 days before NOW."""
    record(app, "/items", NOW - MINUTE, times=2)
    record(app, "/items", NOW - 2 * DAY, times=3)
    record(app, "/items", NOW - 20 * DAY, times=4)
    monitor_of(app).flush()


def test_old_minutes_fold_into_hours_and_days(monitored: Flask) -> None:
    seed(monitored)
    monitor_of(monitored).maintain(now=NOW)
    assert grains(monitored) == {MINUTE: 2, HOUR: 3, DAY: 4}


def test_compaction_twice_changes_nothing(monitored: Flask) -> None:
    seed(monitored)
    monitor_of(monitored).maintain(now=NOW)
    before = sorted(rollups(monitored), key=lambda row: (row["grain"], row["bucket"]))
    monitor_of(monitored).maintain(now=NOW)
    assert sorted(rollups(monitored), key=lambda row: (row["grain"], row["bucket"])) == before


def test_compaction_adds_into_an_existing_coarse_row(monitored: Flask) -> None:
    at = NOW - 2 * DAY
    record(monitored, "/items", at, times=3)
    monitor_of(monitored).flush()
    monitor_of(monitored).maintain(now=NOW)
    record(monitored, "/items", at + 60, times=2)  # a late flush of the same hour
    monitor_of(monitored).flush()
    monitor_of(monitored).maintain(now=NOW)
    assert [(r["grain"], r["count"]) for r in rollups(monitored)] == [(HOUR, 5)]


def test_histograms_and_bytes_add_up_when_folded(monitored: Flask) -> None:
    record(monitored, "/items", NOW - 2 * DAY, times=3)
    record(monitored, "/items", NOW - 2 * DAY + 120, times=2)
    monitor_of(monitored).flush()
    monitor_of(monitored).maintain(now=NOW)
    (row,) = rollups(monitored)
    assert (row["bytes"], sum(row["histogram"]), row["duration_ms"]) == (500, 5, 15.0)


def test_days_past_retention_are_deleted(
    settings_overrides: dict[str, Any],
) -> None:
    app = build_monitored_app({**settings_overrides, "STATUS_RETENTION_DAYS": 10})
    try:
        seed(app)
        monitor_of(app).maintain(now=NOW)
        assert grains(app) == {MINUTE: 2, HOUR: 3}
    finally:
        shutdown(app)


def test_a_second_process_skips_maintenance_while_the_lease_is_held(
    settings_overrides: dict[str, Any], monitored: Flask
) -> None:
    from gaugeboard.monitor.status_monitor import LEASE_LENGTH, LEASE_NAME
    from gaugeboard.store.job_locks import try_acquire
    from gaugeboard.store.types import utcnow

    with monitor_of(monitored).database.sessions() as db:
        now = utcnow()
        assert try_acquire(db, LEASE_NAME, "another-host:1", now, now + LEASE_LENGTH)
    assert monitor_of(monitored).maintain(now=NOW) is None


def test_storage_stays_bounded_for_fifty_routes_over_ninety_days(monitored: Flask) -> None:
    """Every hour of 90 days for 50 routes and two codes folds into a bounded row count:
    minutes for 6 hours, hours for 14 days, days beyond."""
    counters = monitor_of(monitored).counters()
    rules = [f"/r{i}" for i in range(50)]
    monitor = monitor_of(monitored)
    for hour in range(90 * 24):
        at = NOW - hour * HOUR
        for rule in rules:
            counters.record(rule, "GET", 500 if hour % 2 else 200, 3.0, 100, at)
        if hour % 240 == 0:
            monitor.flush()
            monitor.maintain(now=NOW)
    monitor.flush()
    monitor.maintain(now=NOW)
    limit = 50 * 2 * (6 * 60 + 15 * 24 + 91)
    assert len(rollups(monitored)) <= limit
