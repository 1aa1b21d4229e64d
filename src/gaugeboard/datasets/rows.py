"""Reading and changing a data set's rows. Every write checks all its rows first (each
problem by position, nothing written when any), then makes one Delta commit under the
data set's lock, then records the new version and figures in the catalog. The answer is
sent only after both, so an acknowledged write is on disk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.dataset as pads
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.columns import REC_ID, Column, arrow_schema, checked_rows
from gaugeboard.datasets.query import RowFilter, RowQuery, matching_ids, run_query
from gaugeboard.datasets.service import (
    DatasetPlace,
    author_of,
    find_dataset,
    table_columns,
    writable_dataset,
)
from gaugeboard.datasets.storage import DatasetTable, VersionInfo
from gaugeboard.errors import Conflict, NotFound, ValidationFailed
from gaugeboard.store.database import begin_write
from gaugeboard.store.dataset_models import Dataset
from gaugeboard.store.types import utcnow


@dataclass(frozen=True)
class WriteResult:
    version: int
    rows_added: int = 0
    rows_updated: int = 0
    rows_deleted: int = 0
    row_count: int = 0


def next_row_id(dataset: Dataset, table: DatasetTable) -> int:
    """The next row id: past both the catalog's counter and the table's largest id (a crash
    between the table's commit and the catalog's must not hand an id out twice)."""
    connection = duckdb.connect()
    try:
        connection.register("ds", table.dataset())
        largest = connection.execute(f"SELECT max({REC_ID}) FROM ds").fetchone()
    finally:
        connection.close()
    table_next = int(largest[0]) + 1 if largest and largest[0] is not None else 1
    return max(dataset.next_rec_id, table_next)


def arrow_rows(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    schema = arrow_schema(columns)
    return pa.Table.from_pylist(
        [{name: row.get(name) for name in schema.names} for row in rows], schema=schema
    )


def repeated_keys(
    keys: Sequence[str], rows: Sequence[Mapping[str, Any]], where: str
) -> tuple[dict[tuple[Any, ...], int], list[str]]:
    """Each row's key with its position, and a problem for each row whose key an earlier
    row has already."""
    seen: dict[tuple[Any, ...], int] = {}
    problems = []
    for index, row in enumerate(rows):
        key = tuple(row.get(name) for name in keys)
        if key in seen:
            problems.append(
                f"{where}[{index}]: the key ({', '.join(keys)}) repeats {where}[{seen[key]}]"
            )
        seen[key] = index
    return seen, problems


def _check_keys(
    dataset: Dataset, table: DatasetTable, rows: Sequence[Mapping[str, Any]], where: str
) -> None:
    """Unique key columns: no two new rows, and no new row and a stored one, share a key."""
    keys = list(dataset.key_columns)
    if not keys:
        return
    seen, problems = repeated_keys(keys, rows, where)
    if problems:
        raise ValidationFailed(problems[:50])
    stored = _stored_keys(table, keys)
    clashes = [
        f"{where}[{index}]: a row with this key ({', '.join(keys)}) exists already"
        for key, index in seen.items()
        if key in stored
    ]
    if clashes:
        raise Conflict(clashes[:50])


def _stored_keys(table: DatasetTable, keys: Sequence[str]) -> set[tuple[Any, ...]]:
    connection = duckdb.connect()
    try:
        connection.register("ds", table.dataset())
        quoted = ", ".join('"' + key.replace('"', '""') + '"' for key in keys)
        return {tuple(row) for row in connection.execute(f"SELECT {quoted} FROM ds").fetchall()}
    finally:
        connection.close()


def record_write(db: Session, dataset: Dataset, table: DatasetTable, version: int) -> int:
    count = int(table.dataset().count_rows())
    dataset.version = version
    dataset.row_count = count
    dataset.size_bytes = table.size_bytes()
    dataset.changed_at = utcnow()
    db.commit()
    return count


def append_rows(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    rows: Sequence[Mapping[str, Any]],
    where: str = "rows",
) -> WriteResult:
    begin_write(db)
    dataset = writable_dataset(db, actor, key)
    columns = table_columns(dataset)
    converted = checked_rows(columns, rows, where)
    table = place.table(dataset.id)
    with table.writing():
        _check_keys(dataset, table, converted, where)
        first = next_row_id(dataset, table)
        for offset, row in enumerate(converted):
            row[REC_ID] = first + offset
        version = (
            table.append(arrow_rows(columns, converted), author_of(actor))
            if converted
            else table.version()
        )
        dataset.next_rec_id = first + len(converted)
        count = record_write(db, dataset, table, version)
    return WriteResult(version, rows_added=len(converted), row_count=count)


def delete_rows(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    filters: Sequence[RowFilter],
    first_only: bool,
) -> WriteResult:
    begin_write(db)
    dataset = writable_dataset(db, actor, key)
    columns = table_columns(dataset)
    table = place.table(dataset.id)
    with table.writing():
        ids = matching_ids(table.dataset(), columns, filters, first_only)
        version = table.delete_ids(ids, author_of(actor)) if ids else table.version()
        count = record_write(db, dataset, table, version)
    return WriteResult(version, rows_deleted=len(ids), row_count=count)


def _rows_by_id(
    table: DatasetTable, columns: Sequence[Column], ids: Sequence[int]
) -> list[dict[str, Any]]:
    if not ids:
        return []
    found = table.dataset().to_table(filter=pads.field(REC_ID).isin(list(ids)))
    return list(found.to_pylist())


def update_by_filter(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    filters: Sequence[RowFilter],
    values: Mapping[str, Any],
) -> WriteResult:
    """Set ``values`` on every row the filters match (one commit)."""
    begin_write(db)
    dataset = writable_dataset(db, actor, key)
    columns = table_columns(dataset)
    (changes,) = checked_rows(columns, [values], "set")
    if REC_ID in values:
        raise ValidationFailed("set.rec_id: row ids do not change")
    table = place.table(dataset.id)
    with table.writing():
        ids = matching_ids(table.dataset(), columns, filters, first_only=False)
        current = _rows_by_id(table, columns, ids)
        changed = [{**row, **changes} for row in current]
        if dataset.key_columns and set(changes) & set(dataset.key_columns):
            _check_changed_keys(dataset, table, changed)
        if changed:
            table.merge(
                arrow_rows(columns, changed),
                [REC_ID],
                insert_missing=False,
                author=author_of(actor),
            )
        count = record_write(db, dataset, table, table.version())
    return WriteResult(dataset.version, rows_updated=len(changed), row_count=count)


def _check_changed_keys(
    dataset: Dataset, table: DatasetTable, changed: Sequence[Mapping[str, Any]]
) -> None:
    keys = list(dataset.key_columns)
    moved = {row[REC_ID] for row in changed}
    connection = duckdb.connect()
    try:
        connection.register("ds", table.dataset())
        quoted = ", ".join('"' + name.replace('"', '""') + '"' for name in keys)
        others = {
            tuple(row[1:])
            for row in connection.execute(f"SELECT {REC_ID}, {quoted} FROM ds").fetchall()
            if row[0] not in moved
        }
    finally:
        connection.close()
    new_keys = [tuple(row.get(name) for name in keys) for row in changed]
    if len(set(new_keys)) < len(new_keys) or others & set(new_keys):
        raise Conflict(f"set: the change would give two rows the same key ({', '.join(keys)})")


def upsert_by_keys(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    rows: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    insert_missing: bool,
    where: str = "rows",
) -> WriteResult:
    """Rows matching on ``keys`` take the new values (their ids kept); with
    ``insert_missing`` the rest are appended (ClicData's ``update`` / ``updateappend``)."""
    begin_write(db)
    dataset = writable_dataset(db, actor, key)
    columns = table_columns(dataset)
    names = {column.name for column in columns}
    missing = [name for name in keys if name not in names or name == REC_ID]
    if not keys or missing:
        raise ValidationFailed(
            f"keys: name the columns rows match on (unknown: {', '.join(missing) or 'none given'})"
        )
    converted = checked_rows(columns, rows, where)
    incomplete = [
        f"{where}[{index}]: the key column {name!r} is missing"
        for index, row in enumerate(converted)
        for name in keys
        if row.get(name) is None
    ]
    if incomplete:
        raise ValidationFailed(incomplete[:50])
    table = place.table(dataset.id)
    with table.writing():
        first = next_row_id(dataset, table)
        for offset, row in enumerate(converted):
            row[REC_ID] = first + offset  # kept only by rows that are inserted
        metrics = table.merge(
            arrow_rows(columns, converted), keys, insert_missing, author_of(actor)
        )
        dataset.next_rec_id = first + len(converted)
        count = record_write(db, dataset, table, table.version())
    return WriteResult(
        dataset.version,
        rows_added=int(metrics.get("num_target_rows_inserted", 0)),
        rows_updated=int(metrics.get("num_target_rows_updated", 0)),
        row_count=count,
    )


def read_rows(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    query: RowQuery,
    version: int | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of rows (one more than asked is read, to know whether more follow) and
    the version read."""
    dataset = find_dataset(db, actor, key)
    table = place.table(dataset.id)
    read_version = dataset.version if version is None else version
    if version is not None and (version < 0 or version > dataset.version):
        raise NotFound(f"the data set {dataset.name!r} has no version {version}")
    try:
        source = table.dataset(read_version)
    except Exception:
        raise NotFound(f"version {read_version} of {dataset.name!r} is no longer kept") from None
    columns = _columns_at(source.schema, table_columns(dataset))
    rows = run_query(source, columns, query, place.query_timeout_seconds)
    return rows, read_version


def _columns_at(schema: pa.Schema, current: Sequence[Column]) -> list[Column]:
    """The columns of an old version (a recreate may have changed them since)."""
    by_name = {column.name: column for column in current}
    return [by_name.get(name, Column(name, "text")) for name in schema.names]


def versions(
    db: Session, place: DatasetPlace, actor: Actor | None, key: str | int
) -> list[VersionInfo]:
    dataset = find_dataset(db, actor, key)
    return place.table(dataset.id).history()


def restore_version(
    db: Session, place: DatasetPlace, actor: Actor | None, key: str | int, version: int
) -> WriteResult:
    """The table as it was at ``version``, written as a new version."""
    begin_write(db)
    dataset = writable_dataset(db, actor, key)
    if version < 0 or version > dataset.version:
        raise NotFound(f"the data set {dataset.name!r} has no version {version}")
    table = place.table(dataset.id)
    with table.writing():
        try:
            old_schema = table.dataset(version).schema
        except Exception:
            raise NotFound(f"version {version} of {dataset.name!r} is no longer kept") from None
        if old_schema != arrow_schema(table_columns(dataset)):
            raise ValidationFailed(
                f"version: version {version} has other columns; restore works within one schema"
            )
        try:
            new_version = table.restore(version, author_of(actor))
        except Exception:
            raise NotFound(f"version {version} of {dataset.name!r} is no longer kept") from None
        count = record_write(db, dataset, table, new_version)
    return WriteResult(new_version, row_count=count)
