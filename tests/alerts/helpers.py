"""Alerts in tests: events at chosen times, an owner with an email address, alerts made
through the API, and evaluation passes at chosen moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.alerts.evaluation import PassReport
from gaugeboard.store.alert_models import Alert, AlertEvaluation, Delivery
from gaugeboard.store.user_models import User
from tests.conftest import state

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def post_events(
    client: FlaskClient, key: str, name: str, moments: list[datetime], **props: Any
) -> None:
    batch = [
        {"_n": name, "_p": f"p{i}", "_t": m.timestamp(), **props} for i, m in enumerate(moments)
    ]
    assert client.post(f"/e?_k={key}", json=batch).data == b"1"


def minutes_before(moment: datetime, *minutes: int) -> list[datetime]:
    return [moment - timedelta(minutes=m) for m in minutes]


def set_email(app: Flask, name: str, address: str) -> None:
    with state(app).database.sessions() as db:
        db.query(User).filter_by(name=name).one().email = address
        db.commit()


def alert_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Too many errors",
        "source": {"kind": "metric", "event": "error", "metric": "count"},
        "condition": {"op": "above", "threshold": 3},
        "window_seconds": 3600,
        "channels": [{"kind": "user", "user": "owner"}],
    }
    body.update(overrides)
    return body


def create_alert(client: FlaskClient, headers: dict[str, str], **overrides: Any) -> int:
    answer = client.post("/api/alert", json=alert_body(**overrides), headers=headers)
    assert answer.status_code == 201, answer.get_json()
    return int(answer.get_json()["alert"]["id"])


def evaluate(app: Flask, at: datetime, ids: list[int] | None = None) -> PassReport:
    alerts = state(app).alerts
    assert alerts is not None
    return alerts.evaluator.run(ids, now=at)


def alert_row(app: Flask, alert_id: int) -> Alert:
    with state(app).database.sessions() as db:
        found = db.get(Alert, alert_id)
        assert found is not None
        db.expunge(found)
        return found


def evaluations(app: Flask, alert_id: int) -> list[AlertEvaluation]:
    with state(app).database.sessions() as db:
        rows = db.query(AlertEvaluation).filter_by(alert_id=alert_id).order_by(AlertEvaluation.id)
        return list(rows)


def sent(app: Flask) -> list[Delivery]:
    with state(app).database.sessions() as db:
        return list(db.query(Delivery).order_by(Delivery.id))
