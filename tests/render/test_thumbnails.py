"""Thumbnails: 400 px PNGs kept in the data folder, drawn once when first asked for, and
redrawn by the ``render.thumbnails`` job only when the document or its data changed."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.render.thumbnails import JOB
from gaugeboard.store import job_schedules
from gaugeboard.store.job_models import JobRun
from tests.conftest import state
from tests.dashboards.api_helpers import create, update
from tests.jobs.helpers import queue, run_row, runner_of
from tests.render.helpers import bar, image_of

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def thumbnail(client: FlaskClient, headers: dict[str, str], dashboard: dict[str, Any]) -> Any:
    return client.get(f"/api/dashboard/{dashboard['id']}/thumbnail", headers=headers)


def run_job(app: Flask) -> JobRun:
    run_id = queue(app, JOB)
    runner_of(app).tick()
    return run_row(app, run_id)


def test_first_request_draws_a_400_px_png(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    response = thumbnail(client, auth_headers, dashboard)
    assert (response.status_code, response.mimetype) == (200, "image/png")
    assert image_of(response.data).width == 400
    assert (state(app).data_dir / "thumbnails" / f"{dashboard['id']}.png").exists()


def test_base64_thumbnail(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers)
    response = client.get(
        f"/api/dashboard/{dashboard['id']}/thumbnail?format=base64", headers=auth_headers
    )
    assert response.mimetype == "text/plain"
    assert image_of(base64.b64decode(response.data)).width == 400


def test_job_draws_only_what_changed(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    first = create(client, auth_headers, name="first")
    create(client, auth_headers, name="second")
    run = run_job(app)
    assert (run.state, run.result) == ("succeeded", {"redrawn": 2, "unchanged": 0, "failed": 0})
    assert run_job(app).result == {"redrawn": 0, "unchanged": 2, "failed": 0}
    before = thumbnail(client, auth_headers, first).data
    widgets = [bar("a", 0, 0, "#d62728", [5, 1, 5])]
    assert update(client, auth_headers, first, widgets=widgets).status_code == 200
    assert thumbnail(client, auth_headers, first).data == before  # not on the request path
    assert run_job(app).result == {"redrawn": 1, "unchanged": 1, "failed": 0}
    assert thumbnail(client, auth_headers, first).data != before


def test_job_is_a_system_schedule_unless_turned_off(app: Flask) -> None:
    with state(app).database.sessions() as db:
        row = job_schedules.by_name(db, JOB)
        assert row is not None and (row.system, row.every_seconds) == (True, 300)


def test_turned_off_removes_the_schedule(app_factory: Any) -> None:
    app = app_factory(THUMBNAIL_REFRESH_SECONDS=0)
    with state(app).database.sessions() as db:
        assert job_schedules.by_name(db, JOB) is None


def test_job_removes_the_thumbnails_of_deleted_dashboards(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers)
    thumbnail(client, auth_headers, dashboard)
    client.delete(f"/api/dashboard/{dashboard['id']}", headers=auth_headers)
    assert run_job(app).result == {"redrawn": 0, "unchanged": 0, "failed": 0}
    assert not (state(app).data_dir / "thumbnails" / f"{dashboard['id']}.png").exists()
