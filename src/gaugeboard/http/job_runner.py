"""The jobs engine of this mount as the API and the jobs page reach it: its environment for
the service calls, the answer to a queued run (with a nudge, so it starts soon), and the
paging fields of its lists."""

from __future__ import annotations

from typing import Any

from flask import Response, url_for

from gaugeboard.errors import NotFound
from gaugeboard.http.responses import json_response
from gaugeboard.jobs.environment import JobEnvironment
from gaugeboard.state import current_state
from gaugeboard.store.job_models import JobRun

# The URL converter of schedule and run ids: at most what the catalog holds (SQLite's
# INTEGER is 64-bit), so a larger number is a 404 like any unknown id, not a driver error.
ID = f"int(max={2**63 - 1})"


def jobs_env() -> JobEnvironment:
    """The registry, catalog and settings the jobs service works with (built when
    gaugeboard is mounted, so always there while it serves)."""
    runner = current_state().jobs
    if runner is None:
        raise NotFound("jobs are not set up in this app")
    return runner.env


def nudge_jobs() -> None:
    """Ask this process's jobs timer to tick soon, so a run queued now starts quickly."""
    runner = current_state().jobs
    if runner is not None:
        runner.nudge()


def queued_answer(run: JobRun) -> Response:
    """202 with the run's id and the address of its state (``GET /api/job/{run_id}``)."""
    nudge_jobs()
    url = url_for("gaugeboard.api.job_get", run_id=run.id)
    body = {"ok": True, "run_id": run.id, "state": run.state, "url": url}
    return json_response(body, 202, {"Location": url})


def page_fields(page: int, limit: int, total: int) -> dict[str, Any]:
    """The paging fields of a list answer; ClicData's client reads ``has_more_data``."""
    return {"total": total, "page": page, "limit": limit, "has_more_data": page * limit < total}
