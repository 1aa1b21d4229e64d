"""The ``notebook.run`` job: run a notebook dashboard and keep what it produced.

Two kinds of run share the job type:

- **A version run** (on upload, on a schedule, or an editor's ``POST …/run``): the current
  version runs (with the schedule's parameters, if any); its outputs become a new version
  (``action`` ``run``, the same bundle files), the data set cells feed their data sets, and
  the page shows it. A failed run stores nothing: the page keeps the last good outputs and
  shows the run's error.
- **A parameter run** (a viewer's values, ``cache_key`` set): the named version runs with
  the values; its outputs are kept apart (``notebooks/<id>/runs/<key>.ipynb``) for whoever
  asks for the same values within NOTEBOOK_PARAM_CACHE_SECONDS, and change nothing else.

A run acts as the user who scheduled or started it (their rights are checked when it
writes); data sets are written as the notebook's owner. The kernel runs outside any
transaction; the version is written in one short transaction afterwards.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from gaugeboard.dashboards.paths import join_path
from gaugeboard.datasets.jobs import actor_of, run_actor
from gaugeboard.datasets.service import DatasetPlace
from gaugeboard.errors import GaugeboardError
from gaugeboard.jobs.context import JobContext, JobFailed, JobStopped
from gaugeboard.notebooks.dataset_output import (
    OutputTable,
    collected_tables,
    with_collectors,
    write_table,
)
from gaugeboard.notebooks.document import checked_notebook, notebook_bytes
from gaugeboard.notebooks.kernel import KernelLimits, RunFailed, execute
from gaugeboard.notebooks.parameters import checked_values, declared_parameters
from gaugeboard.notebooks.service import NotebookPlace
from gaugeboard.store import notebooks as store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.notebook_models import NotebookVersion
from gaugeboard.store.users import find_user

log = logging.getLogger(__name__)
RUN = "notebook.run"
TARGET_KIND = "notebook"
INJECTED_TAG = "injected-parameters"


class RunArguments(BaseModel):
    """``parameters``: values for the ``parameters`` cell; ``cache_key`` and ``version``
    make it a parameter run of that version (set by the service, not by hand)."""

    model_config = ConfigDict(extra="forbid")

    parameters: dict[str, Any] = Field(default_factory=dict)
    cache_key: str = Field(default="", max_length=64, pattern=r"^[0-9a-f]*$")
    version: int = Field(default=0, ge=0)


@dataclass(frozen=True)
class RunParts:
    """What the job needs of its mount: notebook files and kernel slots, data sets."""

    notebooks: NotebookPlace
    datasets: DatasetPlace


def without_injected(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook without papermill's injected-parameters cell: stored outputs keep the
    uploaded cells' indexes, and a run without values runs the defaults."""
    cells = [
        cell
        for cell in notebook.get("cells") or []
        if INJECTED_TAG not in ((cell.get("metadata") or {}).get("tags") or [])
    ]
    return {**notebook, "cells": cells}


@dataclass(frozen=True)
class _Plan:
    notebook_id: int
    path: str
    folder: str
    base: int
    resources_version: int
    kind: str
    owner_id: int | None
    document: dict[str, Any]
    values: dict[str, Any]


def _plan(db: Session, parts: RunParts, target: str, arguments: RunArguments) -> _Plan:
    notebook = store.get_notebook(db, int(target)) if target.isdigit() else None
    if notebook is None:
        raise JobFailed(f"the notebook dashboard {target!r} no longer exists")
    number = arguments.version if arguments.cache_key else notebook.version
    version = store.get_version(db, notebook.id, number)
    if version is None:
        raise JobFailed(f"the notebook has no version {number}")
    document = without_injected(parts.notebooks.files.read_notebook(notebook.id, number))
    try:
        values = checked_values(declared_parameters(document), arguments.parameters)
    except GaugeboardError as exc:
        raise JobFailed(exc.message) from None
    return _Plan(
        notebook.id,
        join_path(notebook.folder, notebook.name),
        notebook.folder,
        number,
        version.resources_version,
        version.kind,
        notebook.created_by,
        document,
        values,
    )


def run_in_kernel(
    parts: RunParts,
    plan: _Plan,
    limits: KernelLimits,
    document: dict[str, Any],
    context: JobContext | None = None,
) -> dict[str, Any]:
    """The executed notebook, run in a working copy of the bundle under a kernel slot."""

    def on_cell(index: int, total: int) -> None:
        if context is not None:
            context.progress(index, total, f"cell {index + 1} of {total}")

    place = parts.notebooks
    with place.kernels.taken(limits.run_seconds), place.files.scratch() as scratch:
        workdir = scratch / "work"
        place.files.copy_resources(plan.notebook_id, plan.resources_version, workdir)
        try:
            executed = execute(document, workdir, scratch, limits, plan.values, on_cell)
        except RunFailed as exc:
            raise JobFailed(str(exc)) from None
    # The values are in the notebook's papermill metadata; the cells keep their indexes.
    return without_injected(executed)


def _store_version(
    db: Session, parts: RunParts, plan: _Plan, run_id: int, author_id: int | None, data: bytes
) -> int:
    """The executed notebook as the next version, shown from now on; its number. Refused
    when another version became current while it ran (that one is newer)."""
    files = parts.notebooks.files
    with files.incoming() as incoming:
        (incoming / "index.ipynb").write_bytes(data)
        begin_write(db)
        notebook = store.get_notebook(db, plan.notebook_id)
        if notebook is None:
            raise JobFailed("the notebook dashboard was deleted while it ran")
        store.lock_notebook(db, notebook)
        if notebook.version != plan.base:
            raise JobFailed(
                f"version {notebook.version} became current while version {plan.base} ran; "
                "these outputs were not kept"
            )
        number = store.next_version_number(db, notebook.id)
        files.keep(incoming, notebook.id, number)
        store.add_version(
            db,
            NotebookVersion(
                notebook_id=notebook.id,
                version=number,
                action="run",
                kind=plan.kind,
                resources_version=plan.resources_version,
                files=1,
                size_bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                author_id=author_id,
                note=f"run {run_id} of version {plan.base}",
            ),
        )
        notebook.version = number
        notebook.updated_by = author_id
        return number


def _write_datasets(
    db: Session, parts: RunParts, plan: _Plan, tables: list[OutputTable], fallback: Any
) -> tuple[int, list[str]]:
    """Each data set cell's table written as the notebook's owner; (written, problems)."""
    owner = find_user(db, plan.owner_id) if plan.owner_id is not None else None
    actor = actor_of(db, owner) if owner is not None and owner.is_active else fallback
    written, problems = 0, []
    for output in tables:
        try:
            write_table(db, parts.datasets, actor, plan.folder, output)
            written += 1
        except (GaugeboardError, ValueError) as exc:
            db.rollback()
            text = exc.message if isinstance(exc, GaugeboardError) else str(exc)
            problems.append(f"data set {output.dataset!r}: {text}"[:400])
    return written, problems


def _version_run(
    context: JobContext, parts: RunParts, plan: _Plan, limits: KernelLimits
) -> dict[str, Any]:
    with context.database.sessions() as db:
        actor = run_actor(db, context.run_id)
    executed = run_in_kernel(parts, plan, limits, with_collectors(plan.document), context)
    cleaned, tables = collected_tables(executed)
    data = notebook_bytes(checked_notebook(cleaned))
    with context.database.sessions() as db:
        number = _store_version(db, parts, plan, context.run_id, actor.user_id, data)
        detail = {"id": plan.notebook_id, "version": number, "run": context.run_id}
        record_activity(db, actor.principal, "notebook.run", plan.path, detail)
        db.commit()
        written, problems = _write_datasets(db, parts, plan, tables, actor)
    if problems:
        raise JobFailed(f"outputs kept as version {number}; " + "; ".join(problems))
    with suppress(JobStopped):  # written already: a late stop changes nothing
        context.progress(1, 1, f"version {number}")
    return {"version": number, "ran_version": plan.base, "datasets": written}


def _parameter_run(
    context: JobContext,
    parts: RunParts,
    plan: _Plan,
    limits: KernelLimits,
    key: str,
) -> dict[str, Any]:
    executed = run_in_kernel(parts, plan, limits, plan.document, context)
    data = notebook_bytes(checked_notebook(executed))
    parts.notebooks.files.write_run_output(plan.notebook_id, key, data)
    return {"cache_key": key, "ran_version": plan.base}


def run_job(parts: RunParts) -> Any:
    """The ``notebook.run`` job function of a mount."""

    def run(context: JobContext, arguments: RunArguments) -> dict[str, Any]:
        limits = KernelLimits.from_settings(context.settings.values)
        with context.database.sessions() as db:
            plan = _plan(db, parts, context.target_id or "", arguments)
        if arguments.cache_key:
            return _parameter_run(context, parts, plan, limits, arguments.cache_key)
        return _version_run(context, parts, plan, limits)

    return run
