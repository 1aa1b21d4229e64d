"""Data sets' work for the jobs engine: the ``dataset`` target kind, the ``dataset.rebuild``
job (fetch the source, apply a rebuild method), and the daily ``datasets.vacuum`` system
job that deletes versions past DATASET_VERSION_DAYS.

``jobs`` sits below data sets and never imports them: the mount calls
``register_dataset_jobs`` with its registry when it assembles the runner.

A rebuild acts as a user: the schedule's owner, or whoever queued the run. Its writes are
checked against that user's rights when they happen, and a ``query`` source reads only the
data sets that user may read; a run whose user is gone fails instead of acting as nobody.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from gaugeboard.auth.principal import Principal
from gaugeboard.dashboards.permissions import Actor, require
from gaugeboard.datasets.rebuild import (
    KEYED_METHODS,
    METHODS,
    Method,
    rebuild,
)
from gaugeboard.datasets.service import (
    TARGET_KIND,
    DatasetPlace,
    find_dataset,
    may_write,
    refusal,
)
from gaugeboard.datasets.sources import SourceParts, fetch_source, source_of
from gaugeboard.errors import Forbidden, NotFound, ValidationFailed
from gaugeboard.jobs.builtin import SystemSchedule
from gaugeboard.jobs.context import JobContext, JobFailed, JobStopped
from gaugeboard.jobs.environment import JobEnvironment
from gaugeboard.jobs.registry import JobFunction, JobRegistry, JobType, RetryPolicy
from gaugeboard.jobs.schedule_view import run_out
from gaugeboard.jobs.schemas import RunRequest
from gaugeboard.jobs.service import queue_run
from gaugeboard.store import datasets as store
from gaugeboard.store import job_runs, job_schedules
from gaugeboard.store.database import begin_write
from gaugeboard.store.folder_grants import all_grants, team_ids_of
from gaugeboard.store.job_models import JobRun
from gaugeboard.store.job_runs import RunFilter
from gaugeboard.store.user_models import User
from gaugeboard.store.users import find_user, find_user_by_name

log = logging.getLogger(__name__)
DATASET = TARGET_KIND
REBUILD = "dataset.rebuild"
VACUUM = "datasets.vacuum"
VACUUM_EVERY_SECONDS = 24 * 3600
MAX_FAILURES_LISTED = 10


class RebuildArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    method: Method


def dataset_target(db: Session, actor: Actor, target_id: str) -> str:
    """The data set's name when ``target_id`` is the id of one the caller may change."""
    try:
        dataset = find_dataset(db, actor, int(target_id)) if target_id.isdigit() else None
    except NotFound:
        dataset = None
    if dataset is None:
        raise ValidationFailed(f"target_id: no data set has the id {target_id!r}")
    if not may_write(actor, dataset):
        raise Forbidden(f"target_id: you may not change the data set {dataset.name!r}")
    return dataset.name


def actor_of(db: Session, user: User) -> Actor:
    """A user as the permission rules see them outside a request (no host hooks)."""
    return Actor(
        principal=Principal(user.id, user.name, user.role, "token"),
        team_ids=frozenset(team_ids_of(db, user.id)),
        grants=tuple(all_grants(db)),
        username=user.name,
    )


def run_actor(db: Session, run_id: int) -> Actor:
    """The user a run acts as: its schedule's owner, or the user who queued it."""
    run = job_runs.by_id(db, run_id)
    user = None
    if run is not None and run.schedule_id is not None:
        schedule = job_schedules.by_id(db, run.schedule_id)
        if schedule is not None and schedule.owner_id is not None:
            user = find_user(db, schedule.owner_id)
    elif run is not None:
        user = find_user_by_name(db, run.triggered_by)
    if user is None or not user.is_active:
        raise JobFailed(
            "a rebuild acts as the user who scheduled or started it, and that user no longer "
            "exists or is disabled; schedule it again as a current user"
        )
    return actor_of(db, user)


def _rebuild_with(parts: SourceParts) -> JobFunction:
    def run(context: JobContext, arguments: RebuildArguments) -> dict[str, Any]:
        target = context.target_id or ""
        with context.database.sessions() as db:
            actor = run_actor(db, context.run_id)
            dataset = store.by_id(db, int(target)) if target.isdigit() else None
            if dataset is None:
                raise JobFailed(f"the data set {target!r} no longer exists")
            source = source_of(dataset)
            if source is None:
                raise JobFailed(f"the data set {dataset.name!r} has no source to rebuild from")
            context.progress(0, 2, f"reading the {source.type} source")
            table = fetch_source(db, actor, source, parts)
            context.progress(1, 2, f"{arguments.method}: {table.num_rows} source rows")
            result = rebuild(db, parts.place, actor, dataset.id, arguments.method, table)
        with suppress(JobStopped):  # written already: a late cancel or time limit changes nothing
            context.progress(2, 2, f"version {result.version}")
        return result.summary()

    return run


def _vacuum_one(db: Session, place: DatasetPlace, dataset_id: int, keep_days: int) -> int:
    table = place.table(dataset_id)
    with table.writing():
        deleted = table.vacuum(keep_days)
        begin_write(db)
        dataset = store.by_id(db, dataset_id, for_update=True)
        if dataset is not None:
            # The log may no longer hold the version the catalog named: name the current one.
            dataset.version = table.version()
            dataset.version_count = len(table.history())
            dataset.size_bytes = table.size_bytes()
        db.commit()
    return deleted


def _vacuum_with(place: DatasetPlace) -> JobFunction:
    def vacuum(context: JobContext, _arguments: Any) -> dict[str, Any]:
        days = int(context.settings["DATASET_VERSION_DAYS"])
        with context.database.sessions() as db:
            rows, _ = store.listed(db, 0, 1_000_000)
            found = [(row.id, row.name, row.keep_versions) for row in rows]
            deleted = 0
            failed = []
            for index, (dataset_id, name, keep_versions) in enumerate(found):
                context.progress(index, len(found), f"vacuuming {name}")
                try:
                    deleted += _vacuum_one(db, place, dataset_id, days if keep_versions else 0)
                except Exception as exc:  # one broken table must not stop the others
                    db.rollback()
                    log.exception("vacuuming the data set %r failed", name)
                    failed.append(f"{name}: {type(exc).__name__}")
        if failed:
            listed = "; ".join(failed[:MAX_FAILURES_LISTED])
            raise JobFailed(f"{len(failed)} of {len(found)} data sets failed: {listed}")
        context.progress(len(found), len(found), "done")
        return {"datasets": len(found), "files_deleted": deleted, "keep_days": days}

    return vacuum


def register_dataset_jobs(registry: JobRegistry, parts: SourceParts) -> list[SystemSchedule]:
    """Register the ``dataset`` target kind and the data-set job types on a mount's
    registry; returns the system schedule of the vacuum (daily)."""
    registry.register_target(DATASET, dataset_target)
    registry.register(
        JobType(
            REBUILD,
            "Rebuild a data set from its source",
            _rebuild_with(parts),
            RebuildArguments,
            time_limit_seconds=3600,
            retry=RetryPolicy(attempts=1),
            target_kind=DATASET,
        )
    )
    registry.register(
        JobType(
            VACUUM,
            "Delete data sets' versions past DATASET_VERSION_DAYS",
            _vacuum_with(parts.place),
            time_limit_seconds=3600,
            retry=RetryPolicy(attempts=1),
            concurrency=1,
            system=True,
        )
    )
    return [SystemSchedule(VACUUM, VACUUM, VACUUM_EVERY_SECONDS)]


def queue_rebuild(
    env: JobEnvironment, db: Session, actor: Actor, key: str | int, method: str
) -> JobRun:
    """``POST /api/data/{id}/{method}``: queue a ``dataset.rebuild`` run of the data set,
    once the caller may change it and it has what the method needs; returns the run."""
    dataset = find_dataset(db, actor, key)
    otherwise = f"you may not change the data set {dataset.name!r}"
    require(may_write(actor, dataset), refusal(actor, dataset, otherwise))
    problems = []
    if method not in METHODS:
        problems.append(f"method: {method!r} is not a rebuild method ({', '.join(METHODS)})")
    if source_of(dataset) is None:
        problems.append(f"source: the data set {dataset.name!r} has no source to rebuild from")
    if method in KEYED_METHODS and not dataset.key_columns:
        problems.append(
            f"method: {method} matches rows on the key columns, and {dataset.name!r} has none"
        )
    if problems:
        raise ValidationFailed(problems)
    request = RunRequest(
        job_type=REBUILD,
        arguments={"method": method},
        target_kind=DATASET,
        target_id=str(dataset.id),
    )
    return queue_run(env, db, actor, request)


def rebuild_runs(
    db: Session, actor: Actor | None, key: str | int, limit: int
) -> list[dict[str, Any]]:
    """The data set's latest rebuild runs, newest first (scheduled or queued by hand), for
    whoever may read it: the data set page shows what happened to its rows."""
    dataset = find_dataset(db, actor, key)
    which = RunFilter(job_types=(REBUILD,), target_kind=DATASET, target_id=str(dataset.id))
    rows, _total = job_runs.listed(db, which, 0, limit)
    return [run_out(row) for row in rows]
