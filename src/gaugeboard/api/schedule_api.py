"""``/api/schedule``: what ClicData's client calls (the list, one schedule with its run
history, trigger) and what it lacks (create, change, delete, pause, resume).

Editors and admins call these; which schedules each may manage is the jobs service's rule
(a schedule an editor may not manage answers 404)."""

from __future__ import annotations

from typing import Literal

from flask import Blueprint, Response, request, url_for
from pydantic import BaseModel

from gaugeboard.auth.access import Access, access
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.job_runner import ID, jobs_env, page_fields, queued_answer
from gaugeboard.http.responses import json_response
from gaugeboard.jobs import service
from gaugeboard.jobs.schemas import (
    PageQuery,
    RunQueued,
    ScheduleChange,
    ScheduleCreate,
    ScheduleDetail,
    ScheduleList,
    ScheduleListQuery,
    ScheduleSaved,
)
from gaugeboard.state import db_session

TAGS = ["schedules"]


class ScheduleDeleted(BaseModel):
    ok: Literal[True]
    deleted: int


def register(bp: Blueprint) -> None:
    one = f"/schedule/<{ID}:schedule_id>"
    bp.add_url_rule("/schedule", view_func=schedule_list, methods=["GET"])
    bp.add_url_rule("/schedule", view_func=schedule_create, methods=["POST"])
    bp.add_url_rule(one, view_func=schedule_get, methods=["GET"])
    bp.add_url_rule(one, view_func=schedule_update, methods=["PUT"])
    bp.add_url_rule(one, view_func=schedule_delete, methods=["DELETE"])
    bp.add_url_rule(f"{one}/pause", view_func=schedule_pause, methods=["POST"])
    bp.add_url_rule(f"{one}/resume", view_func=schedule_resume, methods=["POST"])
    bp.add_url_rule(f"{one}/trigger", view_func=schedule_trigger, methods=["POST"])


def _schedule_url(schedule_id: int) -> str:
    return url_for("gaugeboard.api.schedule_get", schedule_id=schedule_id)


@access(Access.EDITOR)
@described(query=ScheduleListQuery, responses={200: ScheduleList}, tags=TAGS)
def schedule_list() -> Response:
    """The schedules the caller may manage, each with its next run and last run, a page
    at a time (``page``, ``limit``; ``has_more_data`` says whether another page follows);
    ``target_kind`` with ``target_id`` keeps one target's (a dashboard's, a data set's)."""
    query = ScheduleListQuery.model_validate(request.args.to_dict())
    page = service.Page.of(query.page, query.limit)
    items, total = service.list_schedules(
        jobs_env(), db_session(), dashboard_actor(), page, query.target()
    )
    return json_response(
        {"ok": True, "schedules": items, **page_fields(query.page, query.limit, total)}
    )


@access(Access.EDITOR)
@described(query=PageQuery, responses={200: ScheduleDetail}, tags=TAGS)
def schedule_get(schedule_id: int) -> Response:
    """One schedule and its runs, newest first, a page at a time."""
    query = PageQuery.model_validate(request.args.to_dict())
    page = service.Page.of(query.page, query.limit)
    schedule, runs, total = service.schedule_detail(
        jobs_env(), db_session(), dashboard_actor(), schedule_id, page
    )
    fields = page_fields(query.page, query.limit, total)
    fields["total_runs"] = fields.pop("total")
    # ``schedules`` as ClicData's client reads one schedule: a list of it.
    body = {"ok": True, "schedule": schedule, "schedules": [schedule], "runs": runs, **fields}
    return json_response(body)


@access(Access.EDITOR)
@described(json=ScheduleCreate, responses={201: ScheduleSaved}, tags=TAGS)
def schedule_create() -> Response:
    """A new schedule: a job type, its arguments and target, and either a ``cron``
    expression in a ``timezone`` or ``every_seconds``."""
    body = ScheduleCreate.model_validate(json_object())
    saved = service.create_schedule(jobs_env(), db_session(), dashboard_actor(), body)
    headers = {"Location": _schedule_url(saved["id"])}
    return json_response({"ok": True, "schedule": saved}, 201, headers)


@access(Access.EDITOR)
@described(json=ScheduleChange, responses={200: ScheduleSaved}, tags=TAGS)
def schedule_update(schedule_id: int) -> Response:
    """Change the fields given; a change of timing moves the next run. A system
    schedule only pauses and resumes (its timing follows the settings)."""
    change = ScheduleChange.model_validate(json_object())
    saved = service.update_schedule(
        jobs_env(), db_session(), dashboard_actor(), schedule_id, change
    )
    return json_response({"ok": True, "schedule": saved})


@access(Access.EDITOR)
@described(responses={200: ScheduleDeleted}, tags=TAGS)
def schedule_delete(schedule_id: int) -> Response:
    """Delete a schedule (its past runs stay in the run history)."""
    service.delete_schedule(jobs_env(), db_session(), dashboard_actor(), schedule_id)
    return json_response({"ok": True, "deleted": schedule_id})


@access(Access.EDITOR)
@described(responses={200: ScheduleSaved}, tags=TAGS)
def schedule_pause(schedule_id: int) -> Response:
    """Stop queueing runs at the due times (a trigger still runs it)."""
    saved = service.set_paused(jobs_env(), db_session(), dashboard_actor(), schedule_id, True)
    return json_response({"ok": True, "schedule": saved})


@access(Access.EDITOR)
@described(responses={200: ScheduleSaved}, tags=TAGS)
def schedule_resume(schedule_id: int) -> Response:
    """Run at the due times again, from now on: the times missed while paused are skipped."""
    saved = service.set_paused(jobs_env(), db_session(), dashboard_actor(), schedule_id, False)
    return json_response({"ok": True, "schedule": saved})


@access(Access.EDITOR)
@described(responses={202: RunQueued}, tags=TAGS)
def schedule_trigger(schedule_id: int) -> Response:
    """Queue a run of the schedule now, paused or not; ``url`` gives its state and
    progress (``GET /api/job/{run_id}``)."""
    run = service.trigger_schedule(jobs_env(), db_session(), dashboard_actor(), schedule_id)
    return queued_answer(run)
