"""Alerts as callers see them: create, change, delete, list, read with history, silence,
evaluate now, and test a draft. The trusted caller is a view that passes the request's
``Actor``; every rule is checked here.

Who may do what: any signed-in viewer, editor or admin makes alerts; an alert is seen and
managed by its owner and by admins only (anyone else gets 404, as if it did not exist). A
non-admin's alert notifies only the owner, the owner's teams and their members (and plain
addresses and webhooks, as the settings allow). An
alert watching a data set needs its owner to be able to read the data set, checked when it
is saved and again at each evaluation (with the owner's rights at that time).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.alerts.evaluation import Evaluator, owner_actor, read, source_of
from gaugeboard.alerts.model import (
    EVALUATION_HISTORY_LIMIT,
    AlertChange,
    AlertCreate,
    AlertTest,
    Condition,
    DatasetSource,
)
from gaugeboard.alerts.numbers import Numbers
from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.service import find_dataset
from gaugeboard.errors import Forbidden, NotFound, ValidationFailed
from gaugeboard.net.pinned import Network
from gaugeboard.notify.service import delivery_json
from gaugeboard.notify.targets import parse_targets, shown
from gaugeboard.store import alerts as store
from gaugeboard.store import deliveries
from gaugeboard.store.alert_models import Alert, AlertEvaluation
from gaugeboard.store.database import begin_write
from gaugeboard.store.types import iso_utc, utcnow
from gaugeboard.store.users import find_user_by_name

DELIVERIES_SHOWN = 50


@dataclass(frozen=True)
class AlertEnv:
    """One mount's settings and evaluator (and the network webhooks are checked on)."""

    settings: Mapping[str, Any]
    evaluator: Evaluator
    network: Network | None = None


def _require_user(actor: Actor) -> int:
    if actor.user_id is None or not actor.role_allows("viewer"):
        raise Forbidden("alerts belong to signed-in users")
    return actor.user_id


def _visible(db: Session, actor: Actor, alert_id: int) -> Alert:
    """The alert when the caller owns it or is an admin; 404 otherwise."""
    _require_user(actor)
    alert = store.find_alert(db, alert_id)
    if alert is None or not (actor.is_admin or alert.owner_id == actor.user_id):
        raise NotFound(f"no alert {alert_id}")
    return alert


def _check_source(db: Session, reader: Actor | None, source: Any) -> None:
    """The owner must be able to read what the alert watches."""
    if isinstance(source, DatasetSource):
        try:
            find_dataset(db, reader, source.dataset)
        except NotFound:
            raise ValidationFailed(f"source.dataset: no data set {source.dataset!r}") from None


def check_recipients(db: Session, actor: Actor, channels: list[dict[str, Any]]) -> None:
    """Who a non-admin may send to: themselves, their teams and their teams' members (an
    alert's text is the owner's, so it must not reach everyone by name)."""
    if actor.is_admin:
        return
    problems = []
    for index, target in enumerate(channels):
        if target["kind"] == "team":
            team = deliveries.team_by_name(db, target["team"])
            allowed = team is not None and team.id in actor.team_ids
        elif target["kind"] == "user":
            user = find_user_by_name(db, target["user"])
            allowed = user is not None and (
                user.id == actor.user_id or bool(store.team_ids_of(db, user.id) & actor.team_ids)
            )
        else:
            continue
        if not allowed:
            problems.append(
                f"channels[{index}]: you may notify yourself, your teams and their members only"
            )
    if problems:
        raise ValidationFailed(problems)


def alert_json(alert: Alert, owner: str | None = None) -> dict[str, Any]:
    return {
        "id": alert.id,
        "name": alert.name,
        "owner": owner,
        "source": alert.source,
        "condition": alert.condition,
        "window_seconds": alert.window_seconds,
        "pending_evaluations": alert.pending_evaluations,
        "renotify_seconds": alert.renotify_seconds,
        "channels": shown(alert.channels),
        "enabled": alert.enabled,
        "silenced_until": iso_utc(alert.silenced_until),
        "state": alert.state,
        "state_since": iso_utc(alert.state_since),
        "last_value": alert.last_value,
        "last_evaluated_at": iso_utc(alert.last_evaluated_at),
        "last_notified_at": iso_utc(alert.last_notified_at),
        "created_at": iso_utc(alert.created_at),
        "updated_at": iso_utc(alert.updated_at),
    }


def _owner_name(db: Session, alert: Alert) -> str | None:
    ids = {alert.owner_id} if alert.owner_id is not None else set()
    return store.owner_names(db, ids).get(alert.owner_id or -1)


def list_alerts(db: Session, actor: Actor, offset: int, limit: int) -> list[dict[str, Any]]:
    """The caller's alerts (an admin's: everyone's), by name."""
    user_id = _require_user(actor)
    rows = store.list_alerts(db, None if actor.is_admin else user_id, offset, limit)
    owners = store.owner_names(db, {row.owner_id for row in rows if row.owner_id is not None})
    return [alert_json(row, owners.get(row.owner_id or -1)) for row in rows]


def create_alert(env: AlertEnv, db: Session, actor: Actor, body: AlertCreate) -> dict[str, Any]:
    user_id = _require_user(actor)
    _check_source(db, actor, body.source)
    channels = parse_targets(db, body.channels, env.settings, network=env.network)
    check_recipients(db, actor, channels)
    now = utcnow()
    begin_write(db)
    alert = Alert(
        name=body.name,
        owner_id=user_id,
        source=body.source.model_dump(mode="json"),
        condition=body.condition.model_dump(mode="json", exclude_none=True),
        window_seconds=body.window_seconds,
        pending_evaluations=body.pending_evaluations,
        renotify_seconds=body.renotify_seconds,
        channels=channels,
        enabled=body.enabled,
        state="ok",
        state_since=now,
        breaches=0,
        notified=False,
        created_at=now,
        updated_at=now,
    )
    db.add(alert)
    db.commit()
    return alert_json(alert, actor.username)


def get_alert(db: Session, actor: Actor, alert_id: int) -> dict[str, Any]:
    alert = _visible(db, actor, alert_id)
    return alert_json(alert, _owner_name(db, alert))


def update_alert(
    env: AlertEnv, db: Session, actor: Actor, alert_id: int, change: AlertChange
) -> dict[str, Any]:
    """Change the fields given. A new source, condition or window starts the alert
    afresh (ok, nothing pending), since the old state was about another question."""
    alert = _visible(db, actor, alert_id)
    if change.source is not None:
        _check_source(db, owner_actor(db, alert.owner_id), change.source)
    channels = None
    if change.channels is not None:
        channels = parse_targets(
            db, change.channels, env.settings, network=env.network, kept=alert.channels
        )
        check_recipients(db, actor, channels)
    begin_write(db)
    alert = _visible(db, actor, alert_id)
    _apply(alert, change, channels)
    db.commit()
    return alert_json(alert, _owner_name(db, alert))


def _apply(alert: Alert, change: AlertChange, channels: list[dict[str, Any]] | None) -> None:
    now = utcnow()
    plain = change.model_dump(
        include={"name", "window_seconds", "pending_evaluations", "renotify_seconds", "enabled"},
        exclude_none=True,
    )
    for name, value in plain.items():
        setattr(alert, name, value)
    if change.source is not None:
        alert.source = change.source.model_dump(mode="json")
    if change.condition is not None:
        alert.condition = change.condition.model_dump(mode="json", exclude_none=True)
    if channels is not None:
        alert.channels = channels
    if change.source or change.condition or change.window_seconds:
        alert.state, alert.state_since, alert.breaches, alert.notified = "ok", now, 0, False
    alert.updated_at = now


def delete_alert(db: Session, actor: Actor, alert_id: int) -> None:
    _visible(db, actor, alert_id)
    begin_write(db)
    alert = _visible(db, actor, alert_id)
    db.delete(alert)
    db.commit()


def silence_alert(
    db: Session, actor: Actor, alert_id: int, until: datetime | None
) -> dict[str, Any]:
    """Hold back notifications until ``until`` (None: end the silence now)."""
    _visible(db, actor, alert_id)
    if until is not None and until <= utcnow():
        raise ValidationFailed("until: must be in the future (null ends a silence)")
    begin_write(db)
    alert = _visible(db, actor, alert_id)
    alert.silenced_until = until
    alert.updated_at = utcnow()
    db.commit()
    return alert_json(alert, _owner_name(db, alert))


def evaluation_json(row: AlertEvaluation) -> dict[str, Any]:
    return {
        "at": iso_utc(row.at),
        "value": row.value,
        "previous_value": row.previous_value,
        "state": row.state,
        "previous_state": row.previous_state,
        "changed": row.state != row.previous_state,
        "notified": row.notified,
        "error": row.error,
    }


def history(db: Session, actor: Actor, alert_id: int, limit: int) -> dict[str, Any]:
    """The newest evaluations (state changes marked) and deliveries of an alert."""
    alert = _visible(db, actor, alert_id)
    rows = store.evaluations(db, alert.id, min(limit, EVALUATION_HISTORY_LIMIT))
    sent = deliveries.of_origin(db, f"alert:{alert.id}", DELIVERIES_SHOWN)
    return {
        "alert": alert_json(alert, _owner_name(db, alert)),
        "evaluations": [evaluation_json(row) for row in rows],
        "deliveries": [delivery_json(row) for row in sent],
    }


def evaluate_now(env: AlertEnv, db: Session, actor: Actor, alert_id: int) -> dict[str, Any]:
    """Evaluate one alert now, as the schedule would (states change, notifications go)."""
    _visible(db, actor, alert_id)
    db.rollback()
    env.evaluator.run([alert_id])
    db.expire_all()
    return history(db, actor, alert_id, 1)


def dry_run(env: AlertEnv, db: Session, actor: Actor, body: AlertTest) -> dict[str, Any]:
    """A draft's number now, the previous window's (for ``change``) and whether the
    condition holds; nothing is saved or sent."""
    _require_user(actor)
    _check_source(db, actor, body.source)
    db.rollback()
    end = utcnow().replace(second=0, microsecond=0)
    condition = Condition.model_validate(body.condition.model_dump())
    with Numbers(db, env.evaluator.parts) as numbers:
        reading = read(
            numbers, source_of(body.source.model_dump()), condition, body.window_seconds, end, actor
        )
    return {
        "value": reading.value,
        "previous_value": reading.previous,
        "breached": reading.breach,
        "error": reading.error,
        "at": iso_utc(end),
    }
