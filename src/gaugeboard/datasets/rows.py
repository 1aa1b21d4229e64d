"""Reading and changing a data set's rows. Every write checks all its rows first (each
problem by position, nothing written when any), then makes one Delta commit under the
data set's lock, then records the new version and figures in the catalog. The answer is
sent only after both, so an acknowledged write is on disk.

New rows travel numbered from 0 in ``rec_id`` (their position, which the checks report);
they get their real ids only as they are written."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.columns import (
    REC_ID,
    Column,
    arrow_schema,
    checked_rows,
    checked_values,
)
from gaugeboard.datasets.fast_values import fast_rows
from gaugeboard.datasets.query import (
    RowFilter,
    RowQuery,
    count_rows,
    key_problems,
    keys_repeat_after,
    largest_id,
    matching_ids,
    matching_rows,
    run_query,
)
from gaugeboard.datasets.row_scope import RowScope, row_scope
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


@dataclass(frozen=True)
class RowsRead:
    """One page of rows, the version they were read at, and whether more follow."""

    rows: list[dict[str, Any]]
    version: int
    has_more: bool


def next_row_id(dataset: Dataset, table: DatasetTable) -> int:
    """The next row id: past both the catalog's counter and the table's largest id (a crash
    between the table's commit and the catalog's must not hand an id out twice)."""
    return max(dataset.next_rec_id, largest_id(table.files(), table_columns(dataset)) + 1)


def arrow_rows(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Checked rows as an Arrow table of the columns' schema."""
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


def numbered(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Checked rows as an Arrow table of the data set's schema, numbered from 0."""
    return arrow_rows(columns, [{**row, REC_ID: index} for index, row in enumerate(rows)])


def with_ids(batch: pa.RecordBatch | pa.Table, first: int) -> Any:
    """``batch`` with its positions in ``rec_id`` turned into row ids from ``first``."""
    index = batch.schema.get_field_index(REC_ID)
    ids = pc.add(batch.column(index), pa.scalar(first, pa.int64()))
    return batch.set_column(index, REC_ID, ids)


def check_new_keys(
    dataset: Dataset,
    table: DatasetTable,
    columns: Sequence[Column],
    incoming: pa.Table | Sequence[str],
    where: str,
) -> None:
    """Unique key columns: no two new rows, and no new row and a stored one, share a key
    (ValidationFailed for repeats, Conflict for clashes, each by position)."""
    keys = list(dataset.key_columns)
    if not keys:
        return
    repeats, clashes = key_problems(table.files(), columns, keys, incoming, where)
    if repeats:
        raise ValidationFailed(repeats)
    if clashes:
        raise Conflict(clashes)


def record_write(db: Session, dataset: Dataset, table: DatasetTable, version: int) -> int:
    """Save the new version and figures in the catalog (commits); the row count."""
    count = count_rows(table.files(), table_columns(dataset))
    dataset.version_count += max(version - dataset.version, 0)
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
    # Arrow converts well-typed rows at once; any other value is checked one by one.
    incoming = fast_rows(columns, rows)
    if incoming is None:
        incoming = numbered(columns, checked_rows(columns, rows, where))
    table = place.table(dataset.id)
    with table.writing():
        check_new_keys(dataset, table, columns, incoming, where)
        first = next_row_id(dataset, table)
        version = (
            table.append(with_ids(incoming, first), author_of(actor))
            if incoming.num_rows
            else table.version()
        )
        dataset.next_rec_id = first + incoming.num_rows
        count = record_write(db, dataset, table, version)
    return WriteResult(version, rows_added=incoming.num_rows, row_count=count)


def append_numbered_batches(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    staged: Sequence[str],
    batches: Iterable[pa.RecordBatch],
    added: int,
    where: str = "rows",
    expected: Sequence[Column] | None = None,
) -> WriteResult:
    """Rows already checked and staged in the Parquet files ``staged`` (numbered from 0),
    read back as ``batches``: key checks, then one commit that streams them in. They were
    checked against the columns ``expected``; a change of columns since is a Conflict."""
    begin_write(db)
    dataset = writable_dataset(db, actor, key)
    columns = table_columns(dataset)
    if expected is not None and list(expected) != columns:
        raise Conflict("the data set's columns changed while the rows arrived; send them again")
    table = place.table(dataset.id)
    schema = arrow_schema(columns)
    with table.writing():
        if staged:
            check_new_keys(dataset, table, columns, staged, where)
        first = next_row_id(dataset, table)

        def renumbered() -> Iterator[pa.RecordBatch]:
            for batch in batches:
                yield with_ids(batch, first)

        version = (
            table.append_batches(schema, renumbered(), author_of(actor))
            if added
            else table.version()
        )
        dataset.next_rec_id = first + added
        count = record_write(db, dataset, table, version)
    return WriteResult(version, rows_added=added, row_count=count)


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
        ids = matching_ids(table.files(), columns, filters, first_only)
        version = table.delete_ids(ids, author_of(actor)) if ids else table.version()
        count = record_write(db, dataset, table, version)
    return WriteResult(version, rows_deleted=len(ids), row_count=count)


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
    changes = checked_values(columns, values, "set")
    if not changes:
        raise ValidationFailed("set: name at least one column to change")
    schema = arrow_schema(columns)
    table = place.table(dataset.id)
    with table.writing():
        changed = matching_rows(table.files(), columns, filters).cast(schema)
        for name, value in changes.items():
            index = schema.get_field_index(name)
            filled = pa.array([value] * changed.num_rows, schema.field(index).type)
            changed = changed.set_column(index, schema.field(index), filled)
        keys = list(dataset.key_columns)
        moved_keys = bool(keys and set(changes) & set(keys))
        if moved_keys and keys_repeat_after(table.files(), columns, keys, changed):
            raise Conflict(f"set: the change would give two rows the same key ({', '.join(keys)})")
        version = table.version()
        if changed.num_rows:
            table.merge(changed, [REC_ID], False, author_of(actor), update_columns=list(changes))
            version = table.version()
        count = record_write(db, dataset, table, version)
    return WriteResult(version, rows_updated=changed.num_rows, row_count=count)


def _given_columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    return list(names)


def _upsert_problems(
    dataset: Dataset,
    columns: Sequence[Column],
    keys: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    where: str,
) -> list[str]:
    names = {column.name for column in columns}
    missing = [name for name in keys if name not in names or name == REC_ID]
    if not keys or missing:
        return [
            f"keys: name the columns rows match on (unknown: {', '.join(missing) or 'none given'})"
        ]
    unique = list(dataset.key_columns)
    if unique and set(keys) != set(unique):
        return [f"keys: this data set's rows are keyed by ({', '.join(unique)}); match on those"]
    return [
        f"{where}[{index}]: the key column {name!r} is missing"
        for index, row in enumerate(rows)
        for name in keys
        if row.get(name) is None
    ][:50]


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
    """Rows matching on ``keys`` take the new values of the columns the rows name (their
    ids and other columns kept); with ``insert_missing`` the rest are appended (ClicData's
    ``update`` / ``updateappend``). Two new rows with one key are refused by position."""
    begin_write(db)
    dataset = writable_dataset(db, actor, key)
    columns = table_columns(dataset)
    converted = checked_rows(columns, rows, where)
    problems = _upsert_problems(dataset, columns, keys, converted, where)
    if problems:
        raise ValidationFailed(problems)
    incoming = numbered(columns, converted)
    table = place.table(dataset.id)
    with table.writing():
        repeats, _clashes = key_problems([], columns, keys, incoming, where)
        if repeats:
            raise ValidationFailed(repeats)
        first = next_row_id(dataset, table)
        metrics = table.merge(
            with_ids(incoming, first),
            keys,
            insert_missing,
            author_of(actor),
            update_columns=_given_columns(converted),
        )
        dataset.next_rec_id = first + incoming.num_rows
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
) -> RowsRead:
    """One page of rows (one more than asked is read, to know whether more follow) at the
    current version or at ``version``."""
    found = version_to_read(db, place, actor, key, version)
    one_more = query.model_copy(update={"limit": query.limit + 1})
    rows = run_query(found.files, found.columns, one_more, place.query_timeout_seconds, found.scope)
    return RowsRead(rows[: query.limit], found.version, len(rows) > query.limit)


@dataclass(frozen=True)
class VersionRead:
    """What a read of one version sees: its number, files and columns, and the caller's
    row restriction (None: every row)."""

    version: int
    files: list[str]
    columns: list[Column]
    scope: RowScope | None


def version_to_read(
    db: Session, place: DatasetPlace, actor: Actor | None, key: str | int, version: int | None
) -> VersionRead:
    """The version a read sees (the current one when None), its files and columns, and
    the rows the caller may see of it; NotFound for a data set hidden from the caller or a
    version it never had."""
    dataset = find_dataset(db, actor, key)
    read_version = dataset.version if version is None else version
    if version is not None and (version < 0 or version > dataset.version):
        raise NotFound(f"the data set {dataset.name!r} has no version {version}")
    files, columns = version_columns(dataset, place.table(dataset.id), read_version)
    return VersionRead(read_version, files, columns, row_scope(db, actor, dataset))


DELTA_TYPES = {
    'PrimitiveType("long")': "integer",
    'PrimitiveType("double")': "number",
    'PrimitiveType("boolean")': "checkbox",
    'PrimitiveType("date")': "date",
    'PrimitiveType("timestamp")': "datetime",
}


def version_columns(
    dataset: Dataset, table: DatasetTable, version: int
) -> tuple[list[str], list[Column]]:
    """The files and columns of one version (a recreate may have changed the columns
    since); NotFound when the version is no longer kept."""
    try:
        files = table.files(version)
        fields = table.schema_fields(version)
    except Exception:
        raise NotFound(f"version {version} of {dataset.name!r} is no longer kept") from None
    current = {column.name: column for column in table_columns(dataset)}
    columns = [
        current[name]
        if name in current and DELTA_TYPES.get(kind, "text") == _stored_kind(current[name])
        else Column(name, DELTA_TYPES.get(kind, "text"))
        for name, kind in fields
    ]
    return files, columns


def _stored_kind(column: Column) -> str:
    """The type a column is stored as (several column types share one)."""
    return {"percentage": "number", "dropdown": "text", REC_ID: "integer"}.get(
        column.data_type, column.data_type
    )


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
            old_fields = table.schema_fields(version)
        except Exception:
            raise NotFound(f"version {version} of {dataset.name!r} is no longer kept") from None
        if old_fields != table.schema_fields():
            raise ValidationFailed(
                f"version: version {version} has other columns; restore works within one schema"
            )
        try:
            new_version = table.restore(version, author_of(actor))
        except Exception:
            raise NotFound(f"version {version} of {dataset.name!r} is no longer kept") from None
        count = record_write(db, dataset, table, new_version)
    return WriteResult(new_version, row_count=count)
