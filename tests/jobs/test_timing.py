"""Due times: cron in a time zone across both DST changes, every N seconds, missed slots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gaugeboard.jobs.timing import check_cron, next_cron, next_every, slot_to_run

NEW_YORK = ZoneInfo("America/New_York")


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NEW_YORK)  # type: ignore[misc]


def dues(expression: str, start: datetime, count: int) -> list[datetime]:
    found, at = [], start
    for _ in range(count):
        at = next_cron(expression, "America/New_York", at)
        found.append(at)
    return found


def test_a_daily_job_runs_once_on_the_night_clocks_go_back() -> None:
    found = dues("30 1 * * *", local(2026, 10, 31, 12, 0), 3)
    days = [moment.astimezone(NEW_YORK).date().isoformat() for moment in found]
    assert days == ["2026-11-01", "2026-11-02", "2026-11-03"]


def test_the_daily_run_on_that_night_is_the_first_0130() -> None:
    first = dues("30 1 * * *", local(2026, 10, 31, 12, 0), 1)[0]
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT


def test_a_half_hourly_job_runs_in_both_repeated_hours() -> None:
    found = dues("*/30 * * * *", local(2026, 11, 1, 0, 50), 5)
    gaps = {later - earlier for earlier, later in zip(found, found[1:], strict=False)}
    assert gaps == {timedelta(minutes=30)}


def test_a_time_skipped_by_spring_forward_runs_at_the_next_minute_that_exists() -> None:
    found = dues("30 2 * * *", local(2026, 3, 7, 12, 0), 2)
    assert found[0].astimezone(NEW_YORK).strftime("%m-%d %H:%M") == "03-08 03:00"
    assert found[1].astimezone(NEW_YORK).strftime("%m-%d %H:%M") == "03-09 02:30"


def test_an_hourly_job_skips_no_real_hour_on_spring_forward() -> None:
    found = dues("0 * * * *", local(2026, 3, 8, 0, 30), 3)
    gaps = {later - earlier for earlier, later in zip(found, found[1:], strict=False)}
    assert gaps == {timedelta(hours=1)}


def test_cron_times_are_read_in_the_schedule_zone() -> None:
    after = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
    assert next_cron("0 6 * * *", "Europe/Paris", after) == datetime(2026, 6, 1, 4, 0, tzinfo=UTC)


def test_every_n_seconds_lands_on_multiples_of_n() -> None:
    after = datetime(2026, 6, 1, 0, 0, 7, tzinfo=UTC)
    assert next_every(60, after) == datetime(2026, 6, 1, 0, 1, tzinfo=UTC)


def test_missed_slots_run_once_after_downtime() -> None:
    due = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
    now = due + timedelta(minutes=10, seconds=5)
    run, following = slot_to_run(None, 60, "UTC", due, now, catch_up=False)
    assert (run, following) == (due + timedelta(minutes=10), due + timedelta(minutes=11))


def test_catch_up_runs_each_missed_slot_in_turn() -> None:
    due = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
    now = due + timedelta(minutes=10, seconds=5)
    run, following = slot_to_run(None, 60, "UTC", due, now, catch_up=True)
    assert (run, following) == (due, due + timedelta(minutes=1))


def test_missed_cron_slots_run_once_for_the_latest() -> None:
    due = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
    now = datetime(2026, 6, 4, 7, 0, tzinfo=UTC)
    run, following = slot_to_run("0 6 * * *", None, "UTC", due, now, catch_up=False)
    assert run == datetime(2026, 6, 4, 6, 0, tzinfo=UTC)
    assert following == datetime(2026, 6, 5, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "words"),
    [("61 * * * *", "out of range"), ("0 6 * *", "five fields"), ("daily", "five fields")],
)
def test_a_bad_cron_says_what_is_wrong(expression: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        check_cron(expression)
