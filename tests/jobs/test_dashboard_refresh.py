"""``dashboard.refresh``: every widget drawn through the process's cache; failing widgets
fail the run by name; a dashboard deleted since it was scheduled fails it too."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.store import job_runs
from gaugeboard.store.job_models import JobRun
from tests.conftest import state
from tests.dashboards.api_helpers import create
from tests.jobs.helpers import run_row, runner_of


def chart(widget_id: str, data: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": "vega-lite",
        "source": {"type": "inline", "data": data},
        "spec": {"mark": "bar", "encoding": {"x": {"field": "k", "type": "nominal"}}},
        **extra,
    }


def refresh(app: Flask, target: str) -> JobRun:
    with state(app).database.sessions() as db:
        run = job_runs.add(
            db,
            JobRun(
                job_type="dashboard.refresh",
                target_kind="dashboard",
                target_id=target,
                triggered_by="test",
            ),
        )
        db.commit()
    runner_of(app).tick()
    return run_row(app, run.id)


def test_a_refresh_draws_every_widget_into_the_cache(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers, widgets=[chart("a", [{"k": 1}]), chart("b", [])])
    run = refresh(app, str(dashboard["id"]))
    assert (run.state, run.result["widgets"]) == ("succeeded", 2)


def test_failing_widgets_fail_the_run_by_name(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    widgets = [chart("ok", [{"k": 1}]), chart("bad", {"x": 1}, key="missing")]
    dashboard = create(client, auth_headers, widgets=widgets)
    run = refresh(app, str(dashboard["id"]))
    assert run.state == "failed"
    assert run.error.startswith("1 of 2 widgets failed: bad: key: the payload has no")


def test_a_deleted_dashboard_fails_the_run(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=auth_headers)
    run = refresh(app, str(dashboard["id"]))
    assert (run.state, run.error) == (
        "failed",
        f"the dashboard '{dashboard['id']}' no longer exists",
    )
