"""Every transition of the alert state machine, decided from where the alert stands, the
condition's answer and the clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gaugeboard.alerts.model import Condition
from gaugeboard.alerts.states import Decision, Standing, breached, decide

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def test_a_breach_alerts_at_once_when_one_evaluation_is_enough() -> None:
    assert decide(Standing(), True, NOW) == Decision("alerting", 1, True, "alerting")


def test_a_breach_is_pending_until_it_held_for_n_evaluations() -> None:
    standing = Standing(pending_evaluations=3)
    first = decide(standing, True, NOW)
    assert first == Decision("pending", 1, False, None)
    second = decide(Standing("pending", 1, pending_evaluations=3), True, NOW)
    assert second == Decision("pending", 2, False, None)
    third = decide(Standing("pending", 2, pending_evaluations=3), True, NOW)
    assert third == Decision("alerting", 3, True, "alerting")


def test_pending_that_clears_goes_back_to_ok_without_a_notification() -> None:
    assert decide(Standing("pending", 2, pending_evaluations=3), False, NOW) == Decision(
        "ok", 0, False, None
    )


def test_alerting_stays_quiet_until_the_renotify_interval_passed() -> None:
    standing = Standing("alerting", 4, True, NOW - timedelta(minutes=30), renotify_seconds=3600)
    assert decide(standing, True, NOW) == Decision("alerting", 5, True, None)
    later = NOW + timedelta(minutes=31)
    assert decide(standing, True, later) == Decision("alerting", 5, True, "alerting")


def test_no_renotify_interval_means_one_notification_per_episode() -> None:
    standing = Standing("alerting", 9, True, NOW - timedelta(days=30))
    assert decide(standing, True, NOW).notify is None


def test_recovery_is_notified_after_a_notified_episode() -> None:
    standing = Standing("alerting", 2, True, NOW - timedelta(minutes=5))
    assert decide(standing, False, NOW) == Decision("ok", 0, False, "recovery")


def test_no_data_is_its_own_state_and_recovers_from_a_notified_episode() -> None:
    alerting = Standing("alerting", 2, True, NOW - timedelta(minutes=5))
    no_data = decide(alerting, None, NOW)
    assert no_data == Decision("no_data", 0, True, None)
    back = Standing("no_data", 0, True, NOW - timedelta(minutes=5))
    assert decide(back, False, NOW).notify == "recovery"
    assert decide(Standing(), None, NOW) == Decision("no_data", 0, False, None)


def test_silenced_alert_changes_state_but_sends_nothing() -> None:
    silenced = Standing(silenced_until=NOW + timedelta(hours=1))
    assert decide(silenced, True, NOW) == Decision("alerting", 1, False, None)


def test_alert_held_back_by_a_silence_goes_out_when_the_silence_ends() -> None:
    standing = Standing("alerting", 3, False, None, silenced_until=NOW - timedelta(seconds=1))
    assert decide(standing, True, NOW) == Decision("alerting", 4, True, "alerting")


def test_recovery_of_an_episode_that_was_never_notified_is_quiet() -> None:
    standing = Standing("alerting", 3, False, None, silenced_until=NOW + timedelta(hours=1))
    assert decide(standing, False, NOW).notify is None


def test_conditions() -> None:
    above = Condition(op="above", threshold=10)
    below = Condition(op="below", threshold=10)
    outside = Condition(op="outside", low=5, high=10)
    change = Condition(op="change", percent=50)
    assert [breached(above, v, None) for v in (10, 10.5)] == [False, True]
    assert [breached(below, v, None) for v in (9.9, 10)] == [True, False]
    assert [breached(outside, v, None) for v in (4, 5, 10, 11)] == [True, False, False, True]
    assert [breached(change, v, 100) for v in (150, 151, 49, 60)] == [False, True, True, False]
    assert breached(change, 5, None) is None and breached(change, 5, 0) is None
