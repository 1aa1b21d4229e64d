"""``/api/job``: runs of jobs (their state, progress and history, filtered), queueing a run
of a job type now, cancelling one, and ``/api/job-types``, what can run.

Editors and admins call these; which runs each may see is the jobs service's rule (a run
an editor may not manage answers 404)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.auth.access import Access, access
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.job_runner import ID, jobs_env, page_fields, queued_answer
from gaugeboard.http.responses import json_response
from gaugeboard.jobs import service
from gaugeboard.jobs.schemas import (
    JobTypeList,
    RunFetched,
    RunList,
    RunListQuery,
    RunQueued,
    RunRequest,
)
from gaugeboard.state import db_session
from gaugeboard.store.job_runs import RunFilter

TAGS = ["jobs"]


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/job", view_func=job_list, methods=["GET"])
    bp.add_url_rule("/job", view_func=job_queue, methods=["POST"])
    bp.add_url_rule(f"/job/<{ID}:run_id>", view_func=job_get, methods=["GET"])
    bp.add_url_rule(f"/job/<{ID}:run_id>/cancel", view_func=job_cancel, methods=["POST"])
    bp.add_url_rule("/job-types", view_func=job_type_list, methods=["GET"])


def _listed(raw: str | None) -> tuple[str, ...]:
    return tuple(part for part in (raw or "").split(",") if part)


@access(Access.EDITOR)
@described(query=RunListQuery, responses={200: RunList}, tags=TAGS)
def job_list() -> Response:
    """Runs the caller may see, newest first: ``state`` and ``job_type`` take comma
    lists, ``schedule_id`` one schedule's runs; ``page`` and ``limit``."""
    query = RunListQuery.model_validate(request.args.to_dict())
    which = RunFilter(_listed(query.state), _listed(query.job_type), query.schedule_id)
    page = service.Page.of(query.page, query.limit)
    runs, total = service.list_runs(jobs_env(), db_session(), dashboard_actor(), which, page)
    return json_response({"ok": True, "runs": runs, **page_fields(query.page, query.limit, total)})


@access(Access.EDITOR)
@described(json=RunRequest, responses={202: RunQueued}, tags=TAGS)
def job_queue() -> Response:
    """Queue one run of a job type now, with its arguments and target, outside any
    schedule."""
    body = RunRequest.model_validate(json_object())
    run = service.queue_run(jobs_env(), db_session(), dashboard_actor(), body)
    return queued_answer(run)


@access(Access.EDITOR)
@described(responses={200: RunFetched}, tags=TAGS)
def job_get(run_id: int) -> Response:
    """A run's state, attempt, times, progress, error and result."""
    run = service.get_run(jobs_env(), db_session(), dashboard_actor(), run_id)
    return json_response({"ok": True, "run": run})


@access(Access.EDITOR)
@described(responses={200: RunFetched}, tags=TAGS)
def job_cancel(run_id: int) -> Response:
    """A queued run ends cancelled at once; a running one stops at its next progress
    report. A run that already ended answers 409."""
    run = service.cancel_run(jobs_env(), db_session(), dashboard_actor(), run_id)
    return json_response({"ok": True, "run": run})


@access(Access.EDITOR)
@described(responses={200: JobTypeList}, tags=TAGS)
def job_type_list() -> Response:
    """The job types the caller may schedule or run, with their argument schemas."""
    return json_response(
        {"ok": True, "job_types": service.job_types(jobs_env(), dashboard_actor())}
    )
