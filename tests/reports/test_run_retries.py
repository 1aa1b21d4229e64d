"""Report runs that go wrong: a drawing that fails is recorded with its reason and tried
again with doubling waits (then given up), and a run left ``sending`` by a process that
died mid-send is taken over once its lease has passed and finished without a second email
to anyone its first sender already reached."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.reports import sending
from gaugeboard.reports.sending import ReportSender
from gaugeboard.store.alert_models import Delivery
from gaugeboard.store.report_models import ReportRun
from gaugeboard.store.types import utcnow
from tests.conftest import state
from tests.notify.servers import Mailbox
from tests.reports.conftest import create_report

TWO = [
    {"kind": "email", "address": "a@example.com"},
    {"kind": "email", "address": "b@example.com"},
]


def sender_of(app: Flask) -> ReportSender:
    reports = state(app).reports
    assert reports is not None
    return reports.sender


def runs_of(client: FlaskClient, headers: dict[str, str], report_id: int) -> list[Any]:
    answer = client.get(f"/api/report/{report_id}/history", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    runs = answer.get_json()["runs"]
    assert isinstance(runs, list)
    return runs


@pytest.fixture
def broken_renderer(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The renderer raises while the list holds True (the test mends it by clearing it)."""
    broken = [True]
    real = sending.draw_outputs

    def draw(*args: Any, **kwargs: Any) -> bytes:
        if broken:
            raise RuntimeError("the renderer fell over")
        return real(*args, **kwargs)

    monkeypatch.setattr(sending, "draw_outputs", draw)
    return broken


def test_a_failed_drawing_is_recorded_with_its_reason_and_waits_for_a_retry(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
    broken_renderer: list[bool],
) -> None:
    report = create_report(client, editor, dashboard)
    answer = client.post(f"/api/report/{report['id']}/send", headers=editor)
    run = answer.get_json()["runs"][0]
    assert run["state"] == "retrying"
    assert run["error"] == "the dashboard could not be drawn: RuntimeError"
    assert run["attempts"] == 1 and run["next_attempt_at"] is not None
    assert smtp_server.received == []
    assert sender_of(app).resume_due(utcnow()) == {"resumed": 0, "abandoned": 0}  # not yet


def test_a_failed_drawing_is_sent_at_its_retry_once_the_renderer_works(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
    broken_renderer: list[bool],
) -> None:
    report = create_report(client, editor, dashboard)
    sender_of(app).send(report["id"], "schedule")
    broken_renderer.clear()
    later = utcnow() + timedelta(seconds=61)  # NOTIFY_RETRY_SECONDS is 60
    assert sender_of(app).resume_due(later) == {"resumed": 1, "abandoned": 0}
    [run] = runs_of(client, editor, report["id"])
    assert run["state"] == "sent" and run["error"] is None
    assert run["attempts"] == 2 and run["next_attempt_at"] is None
    assert len(smtp_server.to("boss@example.com")) == 1
    assert sender_of(app).resume_due(later + timedelta(hours=1))["resumed"] == 0


def test_the_waits_between_drawing_retries_double_and_the_last_try_fails_the_run(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    broken_renderer: list[bool],
) -> None:
    report = create_report(client, editor, dashboard)
    sender = sender_of(app)
    sender.send(report["id"], "schedule")
    [first] = runs_of(client, editor, report["id"])
    assert sender.resume_due(utcnow() + timedelta(seconds=61))["resumed"] == 1
    [second] = runs_of(client, editor, report["id"])
    assert second["state"] == "retrying" and second["attempts"] == 2
    assert second["next_attempt_at"] > first["next_attempt_at"]
    assert sender.resume_due(utcnow() + timedelta(seconds=61))["resumed"] == 0  # waits 120 s
    assert sender.resume_due(utcnow() + timedelta(seconds=121))["resumed"] == 1
    [third] = runs_of(client, editor, report["id"])
    assert third["state"] == "failed" and third["attempts"] == 3  # NOTIFY_RETRY_ATTEMPTS
    assert third["next_attempt_at"] is None and "RuntimeError" in third["error"]
    assert sender.resume_due(utcnow() + timedelta(days=1))["resumed"] == 0


def leave_sending(app: Flask, report_id: int, lease_until: Any, reached: list[str]) -> int:
    """A run as a process killed mid-send leaves it: ``sending`` with its lease, and a
    sent delivery for each address in ``reached``."""
    now = utcnow()
    with state(app).database.sessions() as db:
        run = ReportRun(
            report_id=report_id,
            at=now - timedelta(hours=1),
            trigger="schedule",
            state="sending",
            attempts=1,
            lease_until=lease_until,
        )
        db.add(run)
        db.flush()
        for address in reached:
            db.add(
                Delivery(
                    origin=f"report-run:{run.id}",
                    channel="email",
                    recipient=address,
                    target={"address": address},
                    message={},
                    state="sent",
                    attempts=1,
                    created_at=now,
                    sent_at=now,
                )
            )
        db.commit()
        return run.id


def test_a_run_left_sending_is_finished_once_after_its_lease_without_duplicates(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    report = create_report(client, editor, dashboard, channels=TWO)
    old_lease = utcnow() - timedelta(minutes=5)
    run_id = leave_sending(app, report["id"], old_lease, reached=["a@example.com"])
    sender = sender_of(app)
    assert sender.resume_due() == {"resumed": 1, "abandoned": 0}
    assert sender.resume_due() == {"resumed": 0, "abandoned": 0}
    assert [rcpt for rcpt, _message in smtp_server.received] == [["b@example.com"]]
    [run] = runs_of(client, editor, report["id"])
    assert run["id"] == run_id and run["state"] == "sent" and run["attempts"] == 2
    assert sorted(d["recipient"] for d in run["deliveries"]) == ["a@example.com", "b@example.com"]


def test_a_run_whose_lease_holds_is_left_to_its_sender(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    report = create_report(client, editor, dashboard, channels=TWO)
    leave_sending(app, report["id"], utcnow() + timedelta(minutes=5), reached=[])
    assert sender_of(app).resume_due() == {"resumed": 0, "abandoned": 0}
    assert smtp_server.received == []
    [run] = runs_of(client, editor, report["id"])
    assert run["state"] == "sending"


def test_a_run_interrupted_too_often_is_failed_without_sending(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    report = create_report(client, editor, dashboard, channels=TWO)
    run_id = leave_sending(app, report["id"], utcnow() - timedelta(minutes=5), reached=[])
    with state(app).database.sessions() as db:
        row = db.get(ReportRun, run_id)
        assert row is not None
        row.attempts = 3
        db.commit()
    assert sender_of(app).resume_due() == {"resumed": 0, "abandoned": 1}
    assert smtp_server.received == []
    [run] = runs_of(client, editor, report["id"])
    assert run["state"] == "failed" and "interrupted" in run["error"]


def test_a_sender_that_lost_its_lease_stops_before_the_next_recipient(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    report = create_report(client, editor, dashboard, channels=TWO)
    run_id = leave_sending(app, report["id"], utcnow() - timedelta(minutes=5), reached=[])
    sender = sender_of(app)
    lease = sending._Lease(utcnow() - timedelta(minutes=4))  # not the run's lease any more
    sender._attempt(run_id, lease)
    assert smtp_server.received == []
    [run] = runs_of(client, editor, report["id"])
    assert run["state"] == "sending" and run["deliveries"] == []


def test_an_email_sent_again_after_a_takeover_keeps_its_message_id(
    app: Flask,
    client: FlaskClient,
    editor: dict[str, str],
    dashboard: dict[str, Any],
    smtp_server: Mailbox,
) -> None:
    """A sender killed after an email left but before its delivery row was written: the
    run's next sender sends it again, as the same message (one ``Message-ID``), so the
    receiving mail system can drop the copy."""
    report = create_report(client, editor, dashboard, channels=TWO[:1])
    old_lease = utcnow() - timedelta(minutes=5)
    run_id = leave_sending(app, report["id"], old_lease, reached=[])
    sender = sender_of(app)
    assert sender.resume_due() == {"resumed": 1, "abandoned": 0}
    with state(app).database.sessions() as db:
        db.query(Delivery).filter_by(origin=f"report-run:{run_id}").delete()
        run = db.get(ReportRun, run_id)
        assert run is not None
        run.state, run.lease_until = "sending", old_lease
        db.commit()
    assert sender.resume_due() == {"resumed": 1, "abandoned": 0}
    first, again = smtp_server.to("a@example.com")
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].startswith(f"<gaugeboard.report-run.{run_id}.")
