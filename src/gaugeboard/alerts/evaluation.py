"""Evaluating alerts: one pass reads every number it needs through one ``Numbers`` (so
identical questions run once), decides each alert's next state, saves the state and an
evaluation row in one transaction per alert, then notifies through ``notify``.

Windows end at the pass's minute (seconds dropped), so every alert evaluated in one pass
asks about the same stretch of time and alerts with equal sources share their answers.
Data-set numbers are read with the owner's rights: an alert sees no more than its owner.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from gaugeboard.alerts.model import Condition, DatasetSource, Source
from gaugeboard.alerts.numbers import AnySource, NumberFailed, NumberParts, Numbers
from gaugeboard.alerts.states import Decision, Standing, breached, decide
from gaugeboard.auth.principal import Principal
from gaugeboard.dashboards.permissions import Actor
from gaugeboard.notify.service import Notifier
from gaugeboard.store import alerts as store
from gaugeboard.store.alert_models import Alert, AlertEvaluation
from gaugeboard.store.database import Database, begin_write
from gaugeboard.store.types import iso_utc, utcnow
from gaugeboard.store.users import find_user

log = logging.getLogger(__name__)
SOURCE = TypeAdapter(Source)


@dataclass(frozen=True)
class Reading:
    """An alert's number for the window ending now, the previous window's (``change``
    conditions only), whether it breached, and why there is none when there is none."""

    value: float | None
    previous: float | None
    breach: bool | None
    error: str | None = None


@dataclass(frozen=True)
class _Saved:
    alert_id: int
    decision: Decision
    previous_state: str
    message: dict[str, Any] | None  # when a notification is to go out
    channels: list[dict[str, Any]]


@dataclass
class PassReport:
    evaluated: int = 0
    changed: int = 0
    notified: int = 0
    queries: int = 0
    states: dict[str, int] = field(default_factory=dict)


def source_of(raw: Any) -> AnySource:
    found: AnySource = SOURCE.validate_python(raw)
    return found


def owner_actor(db: Session, owner_id: int | None) -> Actor | None:
    """The alert's owner as a caller (their role, teams and folder grants)."""
    user = find_user(db, owner_id) if owner_id is not None else None
    if user is None or not user.is_active:
        return Actor(principal=None, grants=tuple(store.all_grants(db)))
    principal = Principal(user.id, user.name, user.role, "token")
    return Actor(
        principal=principal,
        team_ids=frozenset(store.team_ids_of(db, user.id)),
        grants=tuple(store.all_grants(db)),
        username=user.name,
    )


def read(
    numbers: Numbers,
    source: AnySource,
    condition: Condition,
    window_seconds: int,
    end: datetime,
    reader: Actor | None,
) -> Reading:
    """The reading of one alert's number for the window ending at ``end``."""
    window = timedelta(seconds=window_seconds)
    try:
        value = numbers.value(source, end - window, end, reader)
        previous = None
        if condition.op == "change" and value is not None:
            previous = numbers.value(source, end - 2 * window, end - window, reader)
    except NumberFailed as exc:
        return Reading(None, None, None, str(exc)[:1000])
    if value is None:
        return Reading(None, previous, None)
    return Reading(value, previous, breached(condition, value, previous))


def _standing(alert: Alert) -> Standing:
    return Standing(
        state=alert.state,
        breaches=alert.breaches,
        notified=alert.notified,
        last_notified_at=alert.last_notified_at,
        silenced_until=alert.silenced_until,
        pending_evaluations=alert.pending_evaluations,
        renotify_seconds=alert.renotify_seconds,
    )


def _describe(alert: Alert, reading: Reading) -> str:
    condition = Condition.model_validate(alert.condition)
    value = "no number" if reading.value is None else f"{reading.value:g}"
    if condition.op in ("above", "below"):
        rule = f"{condition.op} {condition.threshold:g}"
    elif condition.op == "outside":
        rule = f"outside {condition.low:g} to {condition.high:g}"
    else:
        before = "none" if reading.previous is None else f"{reading.previous:g}"
        rule = f"a change of more than {condition.percent:g} % from {before}"
    window = _duration(alert.window_seconds)
    return f"The value over the last {window} is {value} (the condition: {rule})."


def _duration(seconds: int) -> str:
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


def _message(alert: Alert, kind: str, reading: Reading, at: datetime) -> dict[str, Any]:
    label = "Alerting" if kind == "alerting" else "Resolved"
    lead = (
        f"The alert {alert.name!r} is alerting."
        if kind == "alerting"
        else f"The alert {alert.name!r} is back to ok."
    )
    return {
        "subject": f"[{label}] {alert.name}",
        "text": f"{lead}\n{_describe(alert, reading)}",
        "data": {
            "event": kind,
            "alert": {
                "id": alert.id,
                "name": alert.name,
                "state": alert.state,
                "value": reading.value,
                "previous_value": reading.previous,
                "condition": alert.condition,
                "window_seconds": alert.window_seconds,
                "at": iso_utc(at),
            },
        },
    }


class Evaluator:
    """Evaluates alerts of one mount and sends what they decide."""

    def __init__(self, database: Database, parts: NumberParts, notifier: Notifier) -> None:
        self.database = database
        self.parts = parts
        self.notifier = notifier

    def run(
        self,
        alert_ids: Sequence[int] | None = None,
        now: datetime | None = None,
        shared: bool = True,
    ) -> PassReport:
        """Evaluate the given alerts (None: every enabled one) at ``now``: read every
        number, then save every decision in one write transaction, then notify."""
        moment = (now or utcnow()).replace(second=0, microsecond=0)
        report = PassReport()
        with self.database.sessions() as db:
            ids = list(alert_ids) if alert_ids is not None else store.enabled_ids(db)
            plans = _plans(db, store.alerts_by_ids(db, ids))
        readings: dict[int, Reading] = {}
        with (
            self.database.sessions() as reading_db,
            Numbers(reading_db, self.parts, shared) as numbers,
        ):
            for plan in plans:
                readings[plan.alert_id] = read(
                    numbers, plan.source, plan.condition, plan.window, moment, plan.reader
                )
            report.queries = numbers.queries
        for saved in self._save(readings, moment):
            report.evaluated += 1
            report.states[saved.decision.state] = report.states.get(saved.decision.state, 0) + 1
            report.changed += saved.decision.state != saved.previous_state
            if saved.message is not None:
                report.notified += 1
                self.notifier.send(
                    saved.channels,
                    saved.message["subject"],
                    saved.message["text"],
                    data=saved.message["data"],
                    origin=f"alert:{saved.alert_id}",
                )
        return report

    def _save(self, readings: Mapping[int, Reading], now: datetime) -> list[_Saved]:
        """Decide and save every alert's new state and evaluation in one transaction (an
        alert deleted since it was read is skipped)."""
        saved = []
        with self.database.sessions() as db:
            begin_write(db)
            for alert in store.alerts_by_ids(db, list(readings)):
                saved.append(_decide_and_record(db, alert, readings[alert.id], now))
            db.commit()
        return saved


@dataclass(frozen=True)
class _Plan:
    alert_id: int
    source: AnySource
    condition: Condition
    window: int
    reader: Actor | None


def _plans(db: Session, alerts: Sequence[Alert]) -> list[_Plan]:
    """What to read for each alert; data-set alerts read as their owner (built once)."""
    readers: dict[int | None, Actor | None] = {}
    plans = []
    for alert in alerts:
        source = source_of(alert.source)
        reader = None
        if isinstance(source, DatasetSource):
            if alert.owner_id not in readers:
                readers[alert.owner_id] = owner_actor(db, alert.owner_id)
            reader = readers[alert.owner_id]
        condition = Condition.model_validate(alert.condition)
        plans.append(_Plan(alert.id, source, condition, alert.window_seconds, reader))
    return plans


def _decide_and_record(db: Session, alert: Alert, reading: Reading, now: datetime) -> _Saved:
    decision = decide(_standing(alert), reading.breach, now)
    previous_state = alert.state
    if decision.state != alert.state:
        alert.state, alert.state_since = decision.state, now
    alert.breaches, alert.notified = decision.breaches, decision.notified
    alert.last_value, alert.last_evaluated_at = reading.value, now
    if decision.notify:
        alert.last_notified_at = now
    db.add(
        AlertEvaluation(
            alert_id=alert.id,
            at=now,
            value=reading.value,
            previous_value=reading.previous,
            state=decision.state,
            previous_state=previous_state,
            notified=decision.notify,
            error=reading.error,
        )
    )
    message = _message(alert, decision.notify, reading, now) if decision.notify else None
    channels = [dict(item) for item in alert.channels]
    return _Saved(alert.id, decision, previous_state, message, channels)
