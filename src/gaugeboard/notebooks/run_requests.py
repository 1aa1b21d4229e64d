"""Asking for notebook runs: the ``notebook`` target kind and the ``notebook.run`` job type
of a mount, ``POST /api/notebook/{id}/run`` (a version run for editors, a parameter run
for anyone who may view), a run's state and outputs, and the run of one stored cell by
index (``POST /api/notebook/{id}/cells/{index}/run``).

Nothing here runs code a request carries: a request names a notebook, a cell index and
parameter values (checked against the declared parameters); ``code`` or ``source`` in a
body is refused, as the Jupyter Dashboards Server refused it.

A viewer who may not change the notebook gets a cached run (same version, same values,
within NOTEBOOK_PARAM_CACHE_SECONDS), the run already queued for those values, or a new run
within NOTEBOOK_VIEWER_RUNS_PER_MINUTE; cell runs count against the same limit. The count
lives in the catalog (the sign-in rate limit's table, under a subject of its own), so every
process shares it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.config import Settings
from gaugeboard.dashboards.permissions import Actor, can_create, require
from gaugeboard.errors import Forbidden, NotFound, RateLimited, ValidationFailed
from gaugeboard.jobs.builtin import SystemSchedule
from gaugeboard.jobs.environment import JobEnvironment
from gaugeboard.jobs.registry import JobRegistry, JobType, RetryPolicy
from gaugeboard.jobs.schemas import RunRequest
from gaugeboard.jobs.service import queue_run
from gaugeboard.notebooks.document import checked_notebook, notebook_bytes
from gaugeboard.notebooks.kernel import KernelLimits, RunFailed, execute
from gaugeboard.notebooks.parameters import (
    checked_values,
    declared_parameters,
    values_key,
    with_defaults,
)
from gaugeboard.notebooks.render import RenderedNotebook, render_notebook
from gaugeboard.notebooks.runs import (
    RUN,
    TARGET_KIND,
    RunArguments,
    RunParts,
    run_job,
    without_injected,
)
from gaugeboard.notebooks.service import (
    NotebookPlace,
    can_view_notebook,
    current_version,
    rendered_version,
)
from gaugeboard.store import job_runs
from gaugeboard.store import login_sessions as counts
from gaugeboard.store import notebooks as store
from gaugeboard.store.database import begin_write
from gaugeboard.store.job_models import JobRun
from gaugeboard.store.job_runs import RunFilter
from gaugeboard.store.notebook_models import Notebook
from gaugeboard.store.types import iso_utc, utcnow

CODE_FIELDS = ("code", "source")
RUN_FIELDS = ("parameters",)
CELL_FIELDS = ("parameters", "cells")
CELL_CONTEXTS = ("above", "none")
RECENT_RUNS = 200
KERNEL_WAIT_SECONDS = 2.0
RATE_WINDOW = timedelta(minutes=1)


def notebook_target(db: Session, actor: Actor, target_id: str) -> str:
    """The notebook's title when ``target_id`` names one the caller may change."""
    notebook = store.get_notebook(db, int(target_id)) if target_id.isdigit() else None
    if notebook is None or not can_view_notebook(actor, notebook):
        raise ValidationFailed(f"target_id: no notebook dashboard has the id {target_id!r}")
    if not can_create(actor, notebook.folder):
        raise Forbidden(f"target_id: you may not change the notebook {notebook.title!r}")
    return notebook.title


def register_notebook_jobs(
    registry: JobRegistry, parts: RunParts, settings: Settings
) -> list[SystemSchedule]:
    """The ``notebook`` target kind and the ``notebook.run`` job type (at most
    NOTEBOOK_MAX_KERNELS at once across workers); no system schedule."""
    registry.register_target(TARGET_KIND, notebook_target)
    registry.register(
        JobType(
            RUN,
            "Run a notebook dashboard",
            run_job(parts),
            RunArguments,
            time_limit_seconds=int(settings["NOTEBOOK_RUN_TIMEOUT_SECONDS"]) + 60,
            retry=RetryPolicy(attempts=1),
            concurrency=int(settings["NOTEBOOK_MAX_KERNELS"]),
            target_kind=TARGET_KIND,
        )
    )
    return []


def visible_notebook(db: Session, actor: Actor, notebook_id: int) -> Notebook:
    notebook = store.get_notebook(db, notebook_id)
    if notebook is None or not can_view_notebook(actor, notebook):
        raise NotFound(f"notebook: no notebook dashboard has the id {notebook_id}")
    return notebook


def may_change(actor: Actor, notebook: Notebook) -> bool:
    return actor.role_allows("editor") and can_create(actor, notebook.folder)


def _refuse_fields(body: Mapping[str, Any], allowed: Sequence[str]) -> None:
    problems = []
    for name in body:
        if name in CODE_FIELDS:
            problems.append(
                f"{name}: a run executes the notebook's stored cells only; code in a request "
                "is refused (name a cell by its index instead)"
            )
        elif name not in allowed:
            problems.append(f"{name}: not a field of this body (fields: {', '.join(allowed)})")
    if problems:
        raise ValidationFailed(problems)


def _count_viewer_run(db: Session, settings: Settings, actor: Actor, notebook: Notebook) -> None:
    """Count a run a viewer starts; RateLimited past NOTEBOOK_VIEWER_RUNS_PER_MINUTE.
    Editors of the notebook are not counted. Commits."""
    if may_change(actor, notebook):
        return
    subject = f"notebook-run:{actor.user_id or 0}"
    now = utcnow()
    since = now - RATE_WINDOW
    begin_write(db)
    counts.lock_subjects(db, [subject])
    if (
        counts.count_attempts_since(db, subject, since)
        >= settings["NOTEBOOK_VIEWER_RUNS_PER_MINUTE"]
    ):
        oldest = counts.oldest_attempt_since(db, subject, since) or now
        db.rollback()
        raise RateLimited(
            int((oldest - since).total_seconds()) + 1,
            "parameters: you started NOTEBOOK_VIEWER_RUNS_PER_MINUTE runs in the last minute; "
            "try again shortly",
        )
    counts.record_attempt(db, subject, now)
    db.commit()


@dataclass(frozen=True)
class RunAsked:
    run: JobRun
    cached: bool


def _recent_parameter_runs(db: Session, notebook: Notebook) -> Sequence[JobRun]:
    which = RunFilter(job_types=(RUN,), target_kind=TARGET_KIND, target_id=str(notebook.id))
    return job_runs.listed(db, which, 0, RECENT_RUNS)[0]


def _reusable(
    db: Session, place: NotebookPlace, settings: Settings, notebook: Notebook, key: str
) -> JobRun | None:
    """A run of the same values that is queued, running, or done recently (its outputs
    still there)."""
    fresh_after = utcnow() - timedelta(seconds=settings["NOTEBOOK_PARAM_CACHE_SECONDS"])
    for run in _recent_parameter_runs(db, notebook):
        if (run.arguments or {}).get("cache_key") != key:
            continue
        if run.state in ("queued", "running"):
            return run
        ended = run.ended_at
        fresh = run.state == "succeeded" and ended is not None and ended >= fresh_after
        if fresh and place.files.read_run_output(notebook.id, key):
            return run
    return None


def request_run(
    env: JobEnvironment,
    db: Session,
    place: NotebookPlace,
    actor: Actor,
    notebook_id: int,
    body: Mapping[str, Any],
) -> RunAsked:
    """``POST /api/notebook/{id}/run``: without ``parameters``, a version run (editors of
    the notebook); with them, a parameter run of the current version, cached or queued."""
    notebook = visible_notebook(db, actor, notebook_id)
    _refuse_fields(body, RUN_FIELDS)
    if "parameters" not in body:
        require(
            may_change(actor, notebook),
            "a run that stores new outputs needs the right to change this notebook; send "
            '"parameters" to run it with your values',
        )
        request = RunRequest(job_type=RUN, target_kind=TARGET_KIND, target_id=str(notebook.id))
        return RunAsked(queue_run(env, db, actor, request), cached=False)
    version = current_version(db, notebook)
    document = without_injected(place.files.read_notebook(notebook.id, version.version))
    declared = declared_parameters(document)
    values = with_defaults(declared, checked_values(declared, body["parameters"]))
    key = values_key(version.version, values)
    found = _reusable(db, place, env.settings, notebook, key)
    if found is not None:
        return RunAsked(found, cached=found.state == "succeeded")
    _count_viewer_run(db, env.settings, actor, notebook)
    arguments = RunArguments(parameters=values, cache_key=key, version=version.version)
    begin_write(db)
    run = job_runs.add(
        db,
        JobRun(
            job_type=RUN,
            arguments=arguments.model_dump(mode="json"),
            target_kind=TARGET_KIND,
            target_id=str(notebook.id),
            max_attempts=1,
            triggered_by=(actor.username or "viewer")[:120],
        ),
    )
    db.commit()
    return RunAsked(run, cached=False)


@dataclass(frozen=True)
class RunOutputs:
    """A run of a notebook with what it drew: ``version`` for a version run, ``key`` for a
    parameter run (its outputs kept apart), ``rendered`` once it succeeded."""

    notebook: Notebook
    run: JobRun
    version: int | None
    key: str | None
    rendered: RenderedNotebook | None


def run_outputs(
    db: Session, place: NotebookPlace, actor: Actor, notebook_id: int, run_id: int
) -> RunOutputs:
    """A run of this notebook (for anyone who may view it) and, once it succeeded, its
    outputs drawn as the page draws them."""
    notebook = visible_notebook(db, actor, notebook_id)
    run = job_runs.by_id(db, run_id)
    if run is None or run.job_type != RUN or run.target_id != str(notebook.id):
        raise NotFound(f"run: this notebook has no run {run_id}")
    key = str((run.arguments or {}).get("cache_key") or "") or None
    result = run.result or {}
    version = None if key else result.get("version")
    rendered = None
    if run.state == "succeeded" and key:
        rendered = rendered_run(place, notebook.id, key)
    elif run.state == "succeeded" and isinstance(version, int):
        found = store.get_version(db, notebook.id, version)
        if found is not None:
            rendered = rendered_version(place, notebook, found)
    return RunOutputs(notebook, run, version if isinstance(version, int) else None, key, rendered)


def rendered_run(place: NotebookPlace, notebook_id: int, key: str) -> RenderedNotebook | None:
    """The outputs of a parameter or cell run drawn as widgets (cached), or None when they
    are gone."""
    document = place.files.read_run_output(notebook_id, key)
    if document is None:
        return None
    return place.cache.get((notebook_id, key), lambda: render_notebook(document))


def last_failure(db: Session, notebook: Notebook) -> dict[str, Any] | None:
    """The newest version run's error when it failed after the shown version was made: the
    page keeps the older outputs and says why they are older."""
    version = store.get_version(db, notebook.id, notebook.version)
    for run in _recent_parameter_runs(db, notebook):
        if (run.arguments or {}).get("cache_key") or run.state in ("queued", "running"):
            continue
        if run.state == "succeeded" or run.ended_at is None:
            return None
        if version is not None and run.ended_at < version.created_at:
            return None
        return {
            "run_id": run.id,
            "state": run.state,
            "error": run.error,
            "ended_at": iso_utc(run.ended_at),
        }
    return None


@dataclass(frozen=True)
class CellRun:
    notebook: Notebook
    index: int
    key: str
    rendered: RenderedNotebook


def _cells_to_run(cells: list[dict[str, Any]], index: int, context: str) -> list[dict[str, Any]]:
    above = [cell for cell in cells[:index] if cell.get("cell_type") == "code"]
    return [*(above if context == "above" else []), cells[index]]


def _cell_of(document: dict[str, Any], index: int) -> list[dict[str, Any]]:
    cells = [cell for cell in document.get("cells") or [] if isinstance(cell, dict)]
    if not 0 <= index < len(cells):
        raise NotFound(f"index: this notebook has no cell [{index}] (it has {len(cells)})")
    if cells[index].get("cell_type") != "code":
        raise ValidationFailed(
            f"index: cell [{index}] is {cells[index].get('cell_type')}, not code"
        )
    return cells


def run_cell(
    db: Session,
    place: NotebookPlace,
    settings: Settings,
    actor: Actor,
    notebook_id: int,
    index: int,
    body: Mapping[str, Any],
) -> CellRun:
    """Run the stored cell ``index`` of the current version after the code cells above it
    (``"cells": "above"``, the default) or alone (``"none"``), with optional parameter
    values; its outputs, kept like a parameter run's for the same time."""
    notebook = visible_notebook(db, actor, notebook_id)
    _refuse_fields(body, CELL_FIELDS)
    context = body.get("cells", "above")
    if context not in CELL_CONTEXTS:
        raise ValidationFailed(f"cells: {context!r} is not one of {', '.join(CELL_CONTEXTS)}")
    version = current_version(db, notebook)
    document = without_injected(place.files.read_notebook(notebook.id, version.version))
    cells = _cell_of(document, index)
    declared = declared_parameters(document)
    values = checked_values(declared, body.get("parameters", {}))
    key = "cell" + values_key(version.version, {"index": index, "cells": context, **values})
    fresh = _fresh_output(place, notebook.id, key, settings["NOTEBOOK_PARAM_CACHE_SECONDS"])
    if not fresh:
        _count_viewer_run(db, settings, actor, notebook)
        chosen = _cells_to_run(cells, index, context)
        executed = _execute_cells(
            place, settings, notebook, version.resources_version, document, chosen, values
        )
        target = executed["cells"][-1]
        single = {**executed, "cells": [target]}
        place.files.write_run_output(notebook.id, key, notebook_bytes(checked_notebook(single)))
        place.cache.forget_key((notebook.id, key))
    rendered = rendered_run(place, notebook.id, key)
    if rendered is None:
        raise NotFound("run: the cell's outputs are gone; run it again")
    return CellRun(notebook, index, key, rendered)


def _fresh_output(place: NotebookPlace, notebook_id: int, key: str, seconds: int) -> bool:
    path = place.files.run_output_path(notebook_id, key)
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False


def _execute_cells(
    place: NotebookPlace,
    settings: Settings,
    notebook: Notebook,
    resources_version: int,
    document: dict[str, Any],
    cells: list[dict[str, Any]],
    values: dict[str, Any],
) -> dict[str, Any]:
    limits = KernelLimits.from_settings(settings.values)
    with place.kernels.taken(KERNEL_WAIT_SECONDS), place.files.scratch() as scratch:
        workdir = scratch / "work"
        place.files.copy_resources(notebook.id, resources_version, workdir)
        try:
            return execute({**document, "cells": cells}, workdir, scratch, limits, values)
        except RunFailed as exc:
            raise ValidationFailed(f"index: the cell did not run: {exc}") from None
