"""Old alert history goes: evaluations older than the retention are deleted, except each
alert's newest one and its newest state changes (however old), which its page lists; old
deliveries go too, unless still waiting for a retry; a retention of 0 keeps everything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gaugeboard.alerts.pruning import KEEP_STATE_CHANGES, prune_alert_history
from gaugeboard.store.alert_models import AlertEvaluation, Delivery
from gaugeboard.store.types import utcnow
from tests.alerts.helpers import create_alert
from tests.conftest import state
from tests.dashboards.api_helpers import bearer

STEPS = [  # days ago, state before, state after
    (200, "ok", "ok"),
    (150, "ok", "alerting"),
    (120, "alerting", "alerting"),
    (100, "alerting", "ok"),
    (10, "ok", "ok"),
]


@pytest.fixture
def owner(make_user: Callable[..., Any], make_token: Callable[..., str]) -> dict[str, str]:
    make_user("owner", role="editor")
    return bearer(make_token(user_name="owner"))


def add_evaluations(app: Flask, alert_id: int, steps: list[tuple[int, str, str]]) -> None:
    now = utcnow()
    with state(app).database.sessions() as db:
        for days, before, after in steps:
            at = now - timedelta(days=days)
            db.add(
                AlertEvaluation(
                    alert_id=alert_id, at=at, value=1.0, state=after, previous_state=before
                )
            )
        db.commit()


def days_kept(app: Flask, alert_id: int) -> list[int]:
    now = utcnow()
    with state(app).database.sessions() as db:
        rows = db.scalars(
            select(AlertEvaluation.at)
            .where(AlertEvaluation.alert_id == alert_id)
            .order_by(AlertEvaluation.at)
        ).all()
    return [round((now - at) / timedelta(days=1)) for at in rows]


def prune(app: Flask, days: int = 90) -> dict[str, int]:
    return prune_alert_history(state(app).database, days, utcnow())


def test_old_evaluations_go_but_the_state_changes_stay(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    add_evaluations(app, alert_id, STEPS)
    assert prune(app)["evaluations_deleted"] == 2
    assert days_kept(app, alert_id) == [150, 100, 10]
    history = client.get(f"/api/alert/{alert_id}/history", headers=owner).get_json()
    changes = [row["at"] for row in history["evaluations"] if row["changed"]]
    assert len(changes) == 2


def test_an_alert_keeps_its_newest_evaluation_however_old(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    add_evaluations(app, alert_id, [(300, "ok", "ok"), (200, "ok", "ok")])
    prune(app)
    assert days_kept(app, alert_id) == [200]


def test_only_the_newest_old_state_changes_are_kept(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    flips = [
        (400 - day, "ok" if day % 2 else "alerting", "alerting" if day % 2 else "ok")
        for day in range(KEEP_STATE_CHANGES + 10)
    ]
    add_evaluations(app, alert_id, flips)
    assert prune(app)["evaluations_deleted"] == 10
    assert days_kept(app, alert_id)[0] == 400 - 10  # the ten oldest changes went


def test_old_deliveries_go_unless_they_wait_for_a_retry(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    now = utcnow()
    with state(app).database.sessions() as db:
        for days, state_ in ((100, "sent"), (100, "failed"), (100, "retrying"), (5, "sent")):
            db.add(
                Delivery(
                    origin=f"alert:{alert_id}",
                    channel="email",
                    recipient="a@example.com",
                    target={"address": "a@example.com"},
                    message={},
                    state=state_,
                    attempts=1,
                    created_at=now - timedelta(days=days),
                )
            )
        db.commit()
    assert prune(app)["alert_deliveries_deleted"] == 2
    with state(app).database.sessions() as db:
        left = sorted(row.state for row in db.scalars(select(Delivery)))
    assert left == ["retrying", "sent"]


def test_a_retention_of_zero_keeps_everything(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    add_evaluations(app, alert_id, STEPS)
    assert prune(app, days=0) == {"evaluations_deleted": 0, "alert_deliveries_deleted": 0}
    assert len(days_kept(app, alert_id)) == len(STEPS)
