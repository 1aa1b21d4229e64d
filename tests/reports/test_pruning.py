"""Old report runs go with their deliveries and images once REPORT_HISTORY_DAYS have
passed (a run still retrying stays), through the ``history.prune`` system job that also
prunes alert history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gaugeboard.reports.pruning import PRUNE, prune_history
from gaugeboard.store.alert_models import Delivery
from gaugeboard.store.report_models import ReportRun
from gaugeboard.store.types import utcnow
from tests.conftest import state
from tests.jobs.helpers import queue, run_row, runner_of
from tests.reports.conftest import create_report

SETTINGS = {"ALERT_HISTORY_DAYS": 90, "REPORT_HISTORY_DAYS": 90}


def old_run(app: Flask, report_id: int, days: int, run_state: str) -> int:
    """A run ``days`` ago with one sent delivery and a stored image."""
    at = utcnow() - timedelta(days=days)
    with state(app).database.sessions() as db:
        run = ReportRun(report_id=report_id, at=at, trigger="schedule", state=run_state)
        db.add(run)
        db.flush()
        db.add(
            Delivery(
                origin=f"report-run:{run.id}",
                channel="email",
                recipient="boss@example.com",
                target={"address": "boss@example.com"},
                message={},
                state="sent",
                attempts=1,
                created_at=at,
            )
        )
        db.commit()
        run_id = run.id
    reports = state(app).reports
    assert reports is not None
    reports.sender.images.save(run_id, b"png")
    return run_id


def test_old_runs_go_with_their_deliveries_and_images(
    app: Flask, client: FlaskClient, editor: dict[str, str], dashboard: dict[str, Any]
) -> None:
    report = create_report(client, editor, dashboard)
    old = old_run(app, report["id"], 100, "sent")
    waiting = old_run(app, report["id"], 100, "retrying")
    recent = old_run(app, report["id"], 5, "sent")
    reports = state(app).reports
    assert reports is not None
    counts = prune_history(state(app).database, reports.sender.images, SETTINGS, utcnow())
    assert counts["runs_deleted"] == 1
    with state(app).database.sessions() as db:
        runs = sorted(db.scalars(select(ReportRun.id)))
        origins = sorted(db.scalars(select(Delivery.origin)))
    assert runs == sorted([waiting, recent])
    assert origins == sorted(f"report-run:{run_id}" for run_id in (waiting, recent))
    assert not reports.sender.images.path(old).exists()
    assert reports.sender.images.path(recent).exists()


def test_the_prune_job_deletes_old_runs_and_says_how_many(
    app: Flask, client: FlaskClient, editor: dict[str, str], dashboard: dict[str, Any]
) -> None:
    report = create_report(client, editor, dashboard)
    old_run(app, report["id"], 365, "failed")
    run_id = queue(app, PRUNE)
    runner_of(app).tick()
    run = run_row(app, run_id)
    assert run.state == "succeeded", run.error
    assert run.result == {
        "evaluations_deleted": 0,
        "alert_deliveries_deleted": 0,
        "runs_deleted": 1,
    }
    with state(app).database.sessions() as db:
        assert list(db.scalars(select(ReportRun.id))) == []
