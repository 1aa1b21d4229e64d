"""What the jobs page (``/admin/jobs``) shows: every schedule with its timing, next and last
run, and the recent runs filtered by state and type, a page at a time, read through the
jobs service the API calls. Its buttons call that API (``static/admin.js``), and
``static/admin-jobs.js`` keeps the rows of runs under way up to date."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import url_for
from pydantic import ValidationError

from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.job_runner import jobs_env
from gaugeboard.jobs.schemas import RunListQuery
from gaugeboard.jobs.service import Page, job_types, list_runs, list_schedules
from gaugeboard.state import db_session
from gaugeboard.store.job_runs import STATES, RunFilter
from gaugeboard.store.types import utcnow

RUNS_PAGE_SIZE = 50
SCHEDULES_SHOWN = 500
FILTERS = ("state", "job_type")
UNITS = ((86_400, "day"), (3_600, "hour"), (60, "minute"))


def timing_text(schedule: Mapping[str, Any]) -> str:
    """``0 6 * * 1-5 (Europe/Paris)`` or ``every 5 minutes``."""
    if schedule["cron"]:
        return f"{schedule['cron']} ({schedule['timezone']})"
    seconds = int(schedule["every_seconds"] or 0)
    for size, unit in UNITS:
        if seconds % size == 0:
            count = seconds // size
            return f"every {unit}" if count == 1 else f"every {count} {unit}s"
    return f"every {seconds} seconds"


def duration_text(seconds: float | None) -> str:
    """``4.2 s``, ``3 min 5 s``, ``2 h 10 min``, halves rounded up (``run-duration.js``
    words it the same way)."""
    if seconds is None:
        return ""
    if seconds < 59.95:
        return f"{math.floor(seconds * 10 + 0.5) / 10:.1f} s"
    minutes, rest = divmod(math.floor(seconds + 0.5), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def _elapsed(started_at: str | None, now: datetime) -> float | None:
    if started_at is None:
        return None
    return max(0.0, (now - datetime.fromisoformat(started_at)).total_seconds())


def run_row(
    run: dict[str, Any], schedule_names: Mapping[int, str], now: datetime
) -> dict[str, Any]:
    """A run as a row of the runs table shows it."""
    schedule_id = run["schedule_id"]
    if run["state"] == "running":
        duration = f"running for {duration_text(_elapsed(run['started_at'], now))}"
    elif run["state"] == "queued":
        duration = "waiting"
    else:
        duration = duration_text(run["duration_seconds"])
    return {
        **run,
        "schedule_name": schedule_names.get(schedule_id, f"#{schedule_id}") if schedule_id else "",
        "duration": duration,
        "url": url_for("gaugeboard.api.job_get", run_id=run["id"]),
        "cancel_url": url_for("gaugeboard.api.job_cancel", run_id=run["id"]),
    }


def schedule_row(schedule: dict[str, Any]) -> dict[str, Any]:
    """A schedule as a row of the schedules table shows it, with its buttons' addresses."""
    target = schedule["target_id"]
    one = {"schedule_id": schedule["id"]}
    return {
        **schedule,
        "target": f"{schedule['target_kind']} {target}" if target else "",
        "timing": timing_text(schedule),
        "trigger_url": url_for("gaugeboard.api.schedule_trigger", **one),
        "pause_url": url_for("gaugeboard.api.schedule_pause", **one),
        "resume_url": url_for("gaugeboard.api.schedule_resume", **one),
        "delete_url": url_for("gaugeboard.api.schedule_delete", **one),
    }


def _run_query(args: Mapping[str, str]) -> tuple[RunListQuery, list[str]]:
    """The filter and page asked for (other parameters are left alone), or none and
    every problem to show."""
    asked = {name: args[name] for name in (*FILTERS, "page") if args.get(name)}
    try:
        return RunListQuery.model_validate({**asked, "limit": RUNS_PAGE_SIZE}), []
    except ValidationError as error:
        problems = [f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in error.errors()]
        return RunListQuery(limit=RUNS_PAGE_SIZE), problems


def _pager(args: Mapping[str, str], page: int, total: int) -> dict[str, str | None]:
    kept: dict[str, Any] = {name: args[name] for name in FILTERS if args.get(name)}
    pages = max(1, -(-total // RUNS_PAGE_SIZE))

    def link(number: int) -> str:
        return url_for("gaugeboard.web.admin_jobs", **kept, page=number)

    return {
        "previous": link(page - 1) if 1 < page <= pages else None,
        "next": link(page + 1) if page < pages else None,
        "pages": str(pages),
    }


def jobs_page(args: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``admin/jobs.html`` (with ``status`` 400 when the filter is bad)."""
    env, db, actor = jobs_env(), db_session(), dashboard_actor()
    query, problems = _run_query(args)
    schedules, schedule_total = list_schedules(env, db, actor, Page.of(1, SCHEDULES_SHOWN))
    runs: list[dict[str, Any]] = []
    total = 0
    if not problems:
        which = RunFilter(
            tuple(part for part in query.state.split(",") if part),
            tuple(part for part in (query.job_type or "").split(",") if part),
        )
        runs, total = list_runs(env, db, actor, which, Page.of(query.page, RUNS_PAGE_SIZE))
    names = {item["id"]: item["name"] for item in schedules}
    now = utcnow()
    return {
        "schedules": [schedule_row(item) for item in schedules],
        "schedule_total": schedule_total,
        "runs": [run_row(run, names, now) for run in runs],
        "total": total,
        "states": STATES,
        "types": [item["name"] for item in job_types(env, actor)],
        "args": {name: args[name] for name in FILTERS if args.get(name)},
        "problems": problems,
        "page": query.page,
        "pager": _pager(args, query.page, total),
        "status": 400 if problems else 200,
    }
