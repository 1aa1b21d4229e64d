"""Alerts evaluated on real events: every state transition with the email or webhook it
sends (pending, alerting, recovery, no data, silenced, re-notify), the change condition,
the other sources, and one query for many alerts asking the same thing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.store.job_models import JobSchedule
from gaugeboard.store.types import utcnow
from tests.alerts.helpers import (
    NOON,
    alert_row,
    create_alert,
    evaluate,
    evaluations,
    minutes_before,
    post_events,
    sent,
    set_email,
)
from tests.conftest import state
from tests.dashboards.api_helpers import bearer
from tests.notify.servers import Mailbox, Receiver


@pytest.fixture
def owner(
    app: Flask, make_user: Callable[..., Any], make_token: Callable[..., str]
) -> dict[str, str]:
    make_user("owner", role="viewer")
    set_email(app, "owner", "owner@example.com")
    return bearer(make_token(user_name="owner"))


def subjects(mailbox: Mailbox) -> list[str]:
    return [str(message["Subject"]) for _, message in mailbox.received]


def test_pending_then_alerting_then_recovery_each_notified_once(
    app: Flask, client: FlaskClient, event_key: str, owner: dict[str, str], smtp_server: Mailbox
) -> None:
    post_events(client, event_key, "error", minutes_before(NOON, 5, 10, 20, 30, 40))
    alert_id = create_alert(client, owner, pending_evaluations=2)
    evaluate(app, NOON)
    assert (alert_row(app, alert_id).state, subjects(smtp_server)) == ("pending", [])
    evaluate(app, NOON + timedelta(minutes=1))
    row = alert_row(app, alert_id)
    assert (row.state, row.last_value, row.state_since) == (
        "alerting",
        5.0,
        NOON + timedelta(minutes=1),
    )
    assert subjects(smtp_server) == ["[Alerting] Too many errors"]
    evaluate(app, NOON + timedelta(minutes=2))
    assert len(smtp_server.received) == 1  # still alerting: nothing new
    evaluate(app, NOON + timedelta(hours=2))  # the errors left the window
    assert alert_row(app, alert_id).state == "ok"
    assert subjects(smtp_server)[1:] == ["[Resolved] Too many errors"]
    changes = [(e.previous_state, e.state, e.notified) for e in evaluations(app, alert_id)]
    assert changes == [
        ("ok", "pending", None),
        ("pending", "alerting", "alerting"),
        ("alerting", "alerting", None),
        ("alerting", "ok", "recovery"),
    ]


def test_the_email_says_what_was_measured(
    app: Flask, client: FlaskClient, event_key: str, owner: dict[str, str], smtp_server: Mailbox
) -> None:
    post_events(client, event_key, "error", minutes_before(NOON, 1, 2, 3, 4))
    create_alert(client, owner)
    evaluate(app, NOON)
    ((recipients, message),) = smtp_server.received
    assert recipients == ["owner@example.com"]
    body = message.get_body(("plain",)).get_content()
    assert "The value over the last 1 hour is 4 (the condition: above 3)." in body


def test_no_data_when_the_window_has_no_number(
    app: Flask, client: FlaskClient, owner: dict[str, str], smtp_server: Mailbox
) -> None:
    source = {"kind": "metric", "event": "buy", "metric": "avg", "property": "amount"}
    alert_id = create_alert(client, owner, source=source)
    evaluate(app, NOON)
    row = alert_row(app, alert_id)
    assert (row.state, row.last_value, smtp_server.received) == ("no_data", None, [])


def test_a_silenced_alert_alerts_quietly_and_speaks_once_the_silence_ends(
    app: Flask, client: FlaskClient, event_key: str, owner: dict[str, str], smtp_server: Mailbox
) -> None:
    post_events(client, event_key, "error", minutes_before(NOON, *range(1, 11)))
    alert_id = create_alert(client, owner, window_seconds=86400)
    until = "2099-01-01T00:00:00Z"
    answer = client.post(f"/api/alert/{alert_id}/silence", json={"until": until}, headers=owner)
    assert answer.get_json()["alert"]["silenced_until"] == until
    evaluate(app, NOON)
    assert (alert_row(app, alert_id).state, smtp_server.received) == ("alerting", [])
    client.post(f"/api/alert/{alert_id}/silence", json={"until": None}, headers=owner)
    evaluate(app, NOON + timedelta(minutes=1))
    assert subjects(smtp_server) == ["[Alerting] Too many errors"]


def test_re_notify_repeats_while_alerting_at_the_interval(
    app: Flask, client: FlaskClient, event_key: str, owner: dict[str, str], smtp_server: Mailbox
) -> None:
    post_events(client, event_key, "error", minutes_before(NOON, *range(1, 11)))
    create_alert(client, owner, window_seconds=86400, renotify_seconds=600)
    for minutes in (0, 5, 9, 10, 15, 20):
        evaluate(app, NOON + timedelta(minutes=minutes))
    assert subjects(smtp_server) == ["[Alerting] Too many errors"] * 3  # at 0, 10 and 20


def test_change_compares_with_the_previous_window(
    app: Flask, client: FlaskClient, event_key: str, owner: dict[str, str]
) -> None:
    post_events(client, event_key, "signup", minutes_before(NOON, *range(61, 71)))  # 10 before
    post_events(client, event_key, "signup", minutes_before(NOON, 1, 2, 3, 4))  # 4 now
    source = {"kind": "metric", "event": "signup"}
    dropped = create_alert(client, owner, source=source, condition={"op": "change", "percent": 50})
    steady = create_alert(client, owner, source=source, condition={"op": "change", "percent": 70})
    evaluate(app, NOON)
    assert [alert_row(app, a).state for a in (dropped, steady)] == ["alerting", "ok"]
    (first,) = evaluations(app, dropped)
    assert (first.value, first.previous_value) == (4.0, 10.0)


def test_webhook_channel_receives_the_alert_as_json(
    app: Flask, client: FlaskClient, event_key: str, owner: dict[str, str], receiver: Receiver
) -> None:
    post_events(client, event_key, "error", minutes_before(NOON, 1, 2, 3, 4))
    hook = {"kind": "webhook", "url": receiver.url, "secret": "a-long-secret"}
    alert_id = create_alert(client, owner, channels=[hook])
    evaluate(app, NOON)
    (request,) = receiver.requests
    body = json.loads(request["body"])
    assert body["data"]["event"] == "alerting"
    assert (body["data"]["alert"]["id"], body["data"]["alert"]["value"]) == (alert_id, 4.0)
    assert [(d.channel, d.state, d.origin) for d in sent(app)] == [
        ("webhook", "sent", f"alert:{alert_id}")
    ]


def test_two_hundred_alerts_on_one_event_cost_one_query(
    app: Flask, client: FlaskClient, event_key: str, owner: dict[str, str]
) -> None:
    post_events(client, event_key, "error", minutes_before(NOON, 1, 2, 3, 4))
    for threshold in range(200):
        create_alert(client, owner, condition={"op": "above", "threshold": threshold}, channels=[])
    report = evaluate(app, NOON)
    assert (report.evaluated, report.queries) == (200, 1)
    assert report.states == {"alerting": 4, "ok": 196}
    alerts = state(app).alerts
    assert alerts is not None
    unshared = alerts.evaluator.run(now=NOON + timedelta(minutes=1), shared=False)
    assert unshared.queries == 200


def test_a_funnel_alert_watches_the_conversion(
    app: Flask, client: FlaskClient, event_key: str, owner: dict[str, str]
) -> None:
    now = utcnow()  # a test of a draft is about the window ending now
    post_events(client, event_key, "visit", minutes_before(now, 50, 50, 50, 50))  # p0..p3
    post_events(client, event_key, "buy", minutes_before(now, 40))  # p0 buys
    steps = [{"event": "visit"}, {"event": "buy"}]
    source = {"kind": "funnel", "steps": steps}
    answer = client.post(
        "/api/alert/test",
        json={"source": source, "condition": {"op": "below", "threshold": 0.5}},
        headers=owner,
    )
    body = answer.get_json()
    assert (body["value"], body["breached"], body["error"]) == (0.25, True, None)


def test_a_data_set_alert_reads_with_the_owners_rights(
    app: Flask, client: FlaskClient, owner: dict[str, str], auth_headers: dict[str, str]
) -> None:
    from tests.datasets.helpers import sales

    dataset_id = sales(client, auth_headers)
    source = {"kind": "dataset", "dataset": dataset_id, "aggregate": "sum", "column": "units"}
    answer = client.post(
        "/api/alert/test",
        json={"source": source, "condition": {"op": "above", "threshold": 10}},
        headers=owner,
    )
    assert (answer.get_json()["value"], answer.get_json()["breached"]) == (15.0, True)


def test_a_status_alert_on_an_unknown_route_has_no_data_and_says_why(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    source = {"kind": "status", "route": "/nowhere", "measure": "error_rate"}
    alert_id = create_alert(client, owner, source=source)
    evaluate(app, NOON)
    (row,) = evaluations(app, alert_id)
    assert (row.state, row.error) == ("no_data", "the status monitor knows no route '/nowhere'")


def test_the_evaluation_job_has_a_system_schedule(app_factory: Callable[..., Flask]) -> None:
    built = app_factory(ALERT_EVALUATE_SECONDS=120)
    with state(built).database.sessions() as db:
        found = {
            row.name: row.every_seconds for row in db.query(JobSchedule).filter_by(system=True)
        }
    assert (found["alerts.evaluate"], found["notify.retry"]) == (120, 60)
