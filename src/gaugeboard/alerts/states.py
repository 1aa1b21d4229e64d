"""The state machine of one alert, as a pure function of where it stands, the new number
and the clock (Grafana's rules, simplified):

- no number (no data in the window, or the query failed): ``no_data``;
- the condition breached: ``pending`` until it has held for ``pending_evaluations``
  evaluations in a row, then ``alerting`` (straight away when that is 1);
- not breached: ``ok``.

An ``alerting`` notification goes out once per episode, when the alert is not silenced;
while it stays alerting it is repeated every ``renotify_seconds`` (0: never), and one that a
silence held back goes out when the silence ends. A ``recovery`` notification goes out on
the way back to ``ok`` from an episode that was notified (silenced or not, so nobody is
left believing something is still broken).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from gaugeboard.alerts.model import Condition


@dataclass(frozen=True)
class Standing:
    """Where an alert stands before an evaluation."""

    state: str = "ok"
    breaches: int = 0
    notified: bool = False
    last_notified_at: datetime | None = None
    silenced_until: datetime | None = None
    pending_evaluations: int = 1
    renotify_seconds: int = 0


@dataclass(frozen=True)
class Decision:
    state: str
    breaches: int
    notified: bool  # an alerting notification went out in this episode
    notify: str | None  # "alerting", "recovery" or None


def breached(condition: Condition, value: float, previous: float | None) -> bool | None:
    """Whether ``value`` breaks the condition; None when ``change`` has no previous
    number to compare with (or it was 0)."""
    if condition.op == "above":
        return value > (condition.threshold or 0)
    if condition.op == "below":
        return value < (condition.threshold or 0)
    if condition.op == "outside":
        return value < (condition.low or 0) or value > (condition.high or 0)
    if previous is None or previous == 0:
        return None
    return abs(value - previous) / abs(previous) * 100 > (condition.percent or 0)


def _silenced(standing: Standing, now: datetime) -> bool:
    return standing.silenced_until is not None and standing.silenced_until > now


def _renotify_due(standing: Standing, now: datetime) -> bool:
    if not standing.renotify_seconds or standing.last_notified_at is None:
        return False
    return now - standing.last_notified_at >= timedelta(seconds=standing.renotify_seconds)


def decide(standing: Standing, breach: bool | None, now: datetime) -> Decision:
    """The next state for an evaluation whose condition gave ``breach`` (None: no data)."""
    if breach is None:
        return Decision("no_data", 0, standing.notified, None)
    if not breach:
        recovery = standing.notified and standing.state in ("alerting", "no_data")
        return Decision("ok", 0, False, "recovery" if recovery else None)
    breaches = standing.breaches + 1
    if breaches < standing.pending_evaluations and standing.state != "alerting":
        return Decision("pending", breaches, False, None)
    if _silenced(standing, now):
        return Decision("alerting", breaches, standing.notified, None)
    if not standing.notified or _renotify_due(standing, now):
        return Decision("alerting", breaches, True, "alerting")
    return Decision("alerting", breaches, True, None)
