"""Creating, listing, describing and dropping data sets, and who may do what.

A data set lives in a folder and follows its rules, as dashboards do: whoever may see the
folder may read its data sets; editors of the folder may create and change them; the owner
or an admin may drop one. ``actor`` None is a trusted caller (the CLI, a job)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor, can_create, can_view_folder, require
from gaugeboard.datasets.columns import REC_ID, Column, arrow_schema, columns_of
from gaugeboard.datasets.row_scope import rule_problems, unrestricted
from gaugeboard.datasets.schemas import DatasetChange, DatasetCreate
from gaugeboard.datasets.storage import DatasetTable
from gaugeboard.errors import Conflict, NotFound, ValidationFailed
from gaugeboard.jobs.schedule_view import schedule_out
from gaugeboard.store import datasets as store
from gaugeboard.store import job_runs, job_schedules
from gaugeboard.store.activity import record_activity
from gaugeboard.store.dashboards import owner_names
from gaugeboard.store.database import begin_write
from gaugeboard.store.dataset_models import Dataset
from gaugeboard.store.types import iso_utc, utcnow

# The jobs' target kind of a data set (its rebuild schedules point at it by id).
TARGET_KIND = "dataset"


@dataclass(frozen=True)
class DatasetPlace:
    """Where one mount keeps its data sets, and how long a query may run."""

    root: Path
    query_timeout_seconds: float = 30.0

    def table(self, dataset_id: int) -> DatasetTable:
        return DatasetTable(self.root, dataset_id)


def author_of(actor: Actor | None) -> str:
    return actor.username or "user" if actor is not None else "gaugeboard"


def may_read(actor: Actor | None, dataset: Dataset) -> bool:
    return actor is None or can_view_folder(actor, dataset.folder)


def may_write(actor: Actor | None, dataset: Dataset) -> bool:
    """Editors of the folder change a data set, unless its rows are restricted for them."""
    return actor is None or (can_create(actor, dataset.folder) and unrestricted(actor, dataset))


def refusal(actor: Actor | None, dataset: Dataset, otherwise: str | None = None) -> str:
    """Why the caller may not change ``dataset`` (when ``may_write`` says they may not):
    its row filters, else ``otherwise`` (by default, the folder)."""
    if not unrestricted(actor, dataset):
        return (
            f"the rows of {dataset.name!r} are filtered by team parameters for you; only "
            "its owner or an admin may change them"
        )
    return otherwise or f"you may not change data sets in {dataset.folder or '(top)'!r}"


def find_dataset(
    db: Session, actor: Actor | None, key: str | int, for_update: bool = False
) -> Dataset:
    """By id (or name); 404 when unknown or hidden from the caller."""
    dataset = None
    if isinstance(key, int) or str(key).isdigit():
        dataset = store.by_id(db, int(key), for_update)
    if dataset is None and isinstance(key, str):
        dataset = store.by_name(db, key)
    if dataset is None or not may_read(actor, dataset):
        raise NotFound(f"no data set {key!r}")
    return dataset


def writable_dataset(db: Session, actor: Actor | None, key: str | int) -> Dataset:
    dataset = find_dataset(db, actor, key, for_update=True)
    require(may_write(actor, dataset), refusal(actor, dataset))
    return dataset


def table_columns(dataset: Dataset) -> list[Column]:
    return columns_of(dataset.columns)


def create_dataset(
    db: Session, place: DatasetPlace, actor: Actor | None, body: DatasetCreate
) -> Dataset:
    """Register the data set and create its empty table; the catalog row is committed only
    once the table exists, and a table left by a crash before that is replaced."""
    if actor is not None:
        require(
            can_create(actor, body.folder),
            f"folder: you may not create data sets in {body.folder or '(top)'!r}",
        )
    columns = [Column(REC_ID, REC_ID)] + [
        Column(item.name, item.data_type, tuple(item.values)) for item in body.columns
    ]
    begin_write(db)
    if store.by_name(db, body.name) is not None:
        raise Conflict(f"name: a data set named {body.name!r} already exists")
    now = utcnow()
    dataset = Dataset(
        name=body.name,
        description=body.description,
        folder=body.folder,
        keep_versions=body.keep_versions,
        columns=[column.as_dict() for column in columns],
        key_columns=list(body.key_columns),
        row_filters=[rule.model_dump() for rule in body.row_filters],
        source={},
        owner_id=actor.user_id if actor is not None else None,
        created_at=now,
        changed_at=now,
    )
    db.add(dataset)
    try:
        db.flush()
    except IntegrityError:  # created at the same moment by another request
        db.rollback()
        raise Conflict(f"name: a data set named {body.name!r} already exists") from None
    table = place.table(dataset.id)
    with table.writing():
        table.create(arrow_schema(columns), author_of(actor))
    dataset.size_bytes = table.size_bytes()
    if actor is not None and actor.principal is not None:
        record_activity(db, actor.principal, "dataset.create", dataset.name)
    db.commit()
    return dataset


def change_dataset(
    db: Session, actor: Actor | None, key: str | int, body: DatasetChange
) -> dict[str, Any]:
    """Change the description, the row filters and/or version keeping (the owner or an
    admin: filters decide who sees which rows); commits and describes the data set."""
    begin_write(db)
    dataset = find_dataset(db, actor, key, for_update=True)
    if actor is not None:
        require(
            actor.is_admin or dataset.owner_id == actor.user_id,
            "only the owner or an admin may change a data set's settings",
        )
    detail: dict[str, Any] = {}
    if body.row_filters is not None:
        names = [column.name for column in table_columns(dataset)]
        problems = rule_problems(body.row_filters, names)
        if problems:
            raise ValidationFailed(problems)
        dataset.row_filters = [rule.model_dump() for rule in body.row_filters]
        detail["row_filters"] = dataset.row_filters
    if body.description is not None:
        dataset.description = body.description
        detail["description"] = True
    if body.keep_versions is not None:
        dataset.keep_versions = body.keep_versions
        detail["keep_versions"] = body.keep_versions
    if actor is not None and actor.principal is not None:
        record_activity(db, actor.principal, "dataset.update", dataset.name, detail)
    db.commit()
    return dataset_info(db, actor, dataset.id)


def drop_dataset(db: Session, place: DatasetPlace, actor: Actor | None, key: str | int) -> None:
    """Remove the data set and its table (owner or admin)."""
    begin_write(db)
    dataset = find_dataset(db, actor, key, for_update=True)
    if actor is not None:
        require(
            actor.is_admin or dataset.owner_id == actor.user_id,
            "only the owner or an admin may delete a data set",
        )
        if actor.principal is not None:
            record_activity(db, actor.principal, "dataset.delete", dataset.name)
    table = place.table(dataset.id)
    db.delete(dataset)
    db.commit()
    with table.writing():
        table.remove()


def list_datasets(
    db: Session,
    actor: Actor | None,
    offset: int,
    limit: int,
    name: str | None = None,
    keyed: bool | None = None,
) -> tuple[list[Dataset], int]:
    """The data sets the caller may see, by name (``keyed``: only those with unique key
    columns, or only those without), one page and the total."""
    rows, _ = store.listed(db, 0, 1_000_000, name)
    visible = [
        row
        for row in rows
        if may_read(actor, row) and (keyed is None or bool(row.key_columns) == keyed)
    ]
    return visible[offset : offset + limit], len(visible)


def describe(
    dataset: Dataset, owners: Mapping[int, str], schedules: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": dataset.id,
        "rec_id": dataset.id,
        "name": dataset.name,
        "description": dataset.description,
        "folder": dataset.folder,
        "columns": dataset.columns,
        "key_columns": dataset.key_columns,
        "keep_versions": dataset.keep_versions,
        "row_count": dataset.row_count,
        "size_bytes": dataset.size_bytes,
        "version": dataset.version,
        "version_count": dataset.version_count,
        "source": dataset.source,
        "row_filters": dataset.row_filters or [],
        "owner": owners.get(dataset.owner_id) if dataset.owner_id is not None else None,
        "created_at": iso_utc(dataset.created_at),
        "last_change": iso_utc(dataset.changed_at),
        "schedules": schedules,
    }


def owners_of(db: Session, rows: list[Dataset]) -> Mapping[int, str]:
    return owner_names(db, {row.owner_id for row in rows if row.owner_id is not None})


def schedules_of(db: Session, rows: list[Dataset]) -> dict[int, list[dict[str, Any]]]:
    """The schedules whose target is each data set, by name, each with its last run."""
    found = job_schedules.for_targets(db, TARGET_KIND, [str(row.id) for row in rows])
    last = job_runs.last_of_schedules(db, [schedule.id for schedule in found])
    owners = owner_names(db, {item.owner_id for item in found if item.owner_id is not None})
    by_dataset: dict[int, list[dict[str, Any]]] = {row.id: [] for row in rows}
    for schedule in found:
        target = int(schedule.target_id or 0)
        if target in by_dataset:
            by_dataset[target].append(schedule_out(schedule, last.get(schedule.id), owners))
    return by_dataset


def dataset_page(
    db: Session,
    actor: Actor | None,
    page: int,
    limit: int,
    name: str | None = None,
    keyed: bool | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page (from 1) of the data sets the caller may see, described, and the total."""
    shown, total = list_datasets(db, actor, (page - 1) * limit, limit, name, keyed)
    owners = owners_of(db, shown)
    schedules = schedules_of(db, shown)
    return [describe(row, owners, schedules[row.id]) for row in shown], total


def dataset_info(db: Session, actor: Actor | None, key: str | int) -> dict[str, Any]:
    """One data set described: schema, figures, owner, versions, and the schedules that
    rebuild it with their last runs."""
    dataset = find_dataset(db, actor, key)
    schedules = schedules_of(db, [dataset])[dataset.id]
    return describe(dataset, owners_of(db, [dataset]), schedules)
