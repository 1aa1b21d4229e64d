"""The rebuild methods of ClicData (``POST /api/data/{id}/{method}``), applied to the rows a
data set's source gave. docs/datasets.md ("Sources and rebuilds") pins each one down:

- ``reload``: every row replaced by the source's, the columns kept;
- ``recreate``: columns and rows both from the source;
- ``append``: the source's rows added;
- ``update``: stored rows whose key columns match a source row take its values;
- ``updateappend``: the same, and the source rows matching none are added.

Every source row is checked first, each problem reported by position (``source[3].amount:
…``), and nothing is written when any is wrong. Then one Delta commit under the data
set's lock, and the catalog records the new version, as every other write does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

import pyarrow as pa
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.columns import REC_ID, Column, checked_rows
from gaugeboard.datasets.inference import inferred_columns, plain_rows, source_names
from gaugeboard.datasets.rows import (
    append_rows,
    arrow_rows,
    next_row_id,
    record_write,
    repeated_keys,
)
from gaugeboard.datasets.service import DatasetPlace, author_of, table_columns, writable_dataset
from gaugeboard.datasets.storage import DatasetTable
from gaugeboard.errors import ValidationFailed
from gaugeboard.store.database import begin_write
from gaugeboard.store.dataset_models import Dataset

Method = Literal["reload", "recreate", "append", "update", "updateappend"]
METHODS: tuple[str, ...] = get_args(Method)
KEYED_METHODS = ("update", "updateappend")
WHERE = "source"


@dataclass(frozen=True)
class RebuildResult:
    """What one rebuild did; a recreate adds its number of ``columns``, and
    ``key_columns`` when it had to change them."""

    method: str
    version: int
    source_rows: int
    rows_added: int = 0
    rows_updated: int = 0
    rows_deleted: int = 0
    row_count: int = 0
    columns: int | None = None
    key_columns: str | None = None

    def summary(self) -> dict[str, Any]:
        return {name: value for name, value in asdict(self).items() if value is not None}


def checked_method(method: str) -> Method:
    if method not in METHODS:
        raise ValidationFailed(f"method: {method!r} is not a rebuild method ({', '.join(METHODS)})")
    return method  # type: ignore[return-value]


def require_keys(dataset: Dataset, method: str) -> list[str]:
    """The key columns ``update`` and ``updateappend`` match rows on."""
    keys = list(dataset.key_columns)
    if method in KEYED_METHODS and not keys:
        raise ValidationFailed(
            f"method: {method} matches rows on the key columns, and the data set "
            f"{dataset.name!r} has none"
        )
    return keys


def _unique_keys(keys: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> None:
    if keys:
        _seen, problems = repeated_keys(keys, rows, WHERE)
        if problems:
            raise ValidationFailed(problems[:50])


def _numbered(dataset: Dataset, table: DatasetTable, rows: list[dict[str, Any]]) -> None:
    """New row ids, after every id ever handed out (so an old id never names a new row)."""
    first = next_row_id(dataset, table)
    for offset, row in enumerate(rows):
        row[REC_ID] = first + offset
    dataset.next_rec_id = first + len(rows)


def _replace(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    dataset: Dataset,
    columns: list[Column],
    rows: list[dict[str, Any]],
    new_schema: bool,
) -> tuple[int, int, int]:
    """(version, rows before, rows after) of a reload or recreate."""
    table = place.table(dataset.id)
    with table.writing():
        before = int(table.dataset().count_rows())
        _numbered(dataset, table, rows)
        version = table.replace(arrow_rows(columns, rows), author_of(actor), new_schema)
        if new_schema:
            dataset.columns = [column.as_dict() for column in columns]
        count = record_write(db, dataset, table, version)
    return version, before, count


def _reload(
    db: Session, place: DatasetPlace, actor: Actor | None, dataset: Dataset, source: pa.Table
) -> RebuildResult:
    columns = table_columns(dataset)
    rows = checked_rows(columns, plain_rows(source, source_names(source, WHERE)), WHERE)
    _unique_keys(dataset.key_columns, rows)
    version, before, count = _replace(db, place, actor, dataset, columns, rows, False)
    return RebuildResult("reload", version, len(rows), len(rows), 0, before, count)


def _recreate(
    db: Session, place: DatasetPlace, actor: Actor | None, dataset: Dataset, source: pa.Table
) -> RebuildResult:
    columns = inferred_columns(source, WHERE)
    names = [column.name for column in columns]
    rows = checked_rows(columns, plain_rows(source, names[1:]), WHERE)
    keys = list(dataset.key_columns)
    kept = keys if all(key in names for key in keys) else []
    _unique_keys(kept, rows)
    dataset.key_columns = kept
    version, before, count = _replace(db, place, actor, dataset, columns, rows, True)
    return RebuildResult(
        "recreate",
        version,
        len(rows),
        len(rows),
        0,
        before,
        count,
        columns=len(columns) - 1,
        key_columns=None if kept == keys else ", ".join(kept) or "(none: a key column is gone)",
    )


def _missing_keys(keys: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> list[str]:
    return [
        f"{WHERE}[{index}]: the key column {name!r} is empty"
        for index, row in enumerate(rows)
        for name in keys
        if row.get(name) is None
    ]


def _merge(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    dataset: Dataset,
    source: pa.Table,
    method: Method,
) -> RebuildResult:
    """Matched rows take the source's values in the columns the source has (the others
    keep theirs); with ``updateappend`` unmatched source rows are added."""
    keys = require_keys(dataset, method)
    names = source_names(source, WHERE)
    absent = [key for key in keys if key not in names]
    if absent and source.num_rows:
        raise ValidationFailed(
            f"{WHERE}: the key column {', '.join(map(repr, absent))} is not in the source"
        )
    columns = table_columns(dataset)
    rows = checked_rows(columns, plain_rows(source, names), WHERE)
    problems = _missing_keys(keys, rows)
    if problems:
        raise ValidationFailed(problems[:50])
    _unique_keys(keys, rows)
    present = [column for column in columns if column.name in names or column.name == REC_ID]
    table = place.table(dataset.id)
    with table.writing():
        _numbered(dataset, table, rows)  # ids are kept only by rows that are added
        metrics: dict[str, Any] = {}
        if rows:
            metrics = table.merge(
                arrow_rows(present, rows), keys, method == "updateappend", author_of(actor)
            )
        version = table.version()
        count = record_write(db, dataset, table, version)
    return RebuildResult(
        method,
        version,
        len(rows),
        rows_added=int(metrics.get("num_target_rows_inserted", 0)),
        rows_updated=int(metrics.get("num_target_rows_updated", 0)),
        row_count=count,
    )


def rebuild(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    method: str,
    source: pa.Table,
) -> RebuildResult:
    """Apply ``method`` to the data set with the rows of ``source``: all or nothing, one
    new version (none when an append, update or updateappend has no rows to apply)."""
    chosen = checked_method(method)
    if chosen == "append":
        rows = plain_rows(source, source_names(source, WHERE))
        written = append_rows(db, place, actor, key, rows, WHERE)
        return RebuildResult(
            "append", written.version, len(rows), written.rows_added, row_count=written.row_count
        )
    begin_write(db)
    dataset = writable_dataset(db, actor, key)
    if chosen == "reload":
        return _reload(db, place, actor, dataset, source)
    if chosen == "recreate":
        return _recreate(db, place, actor, dataset, source)
    return _merge(db, place, actor, dataset, source, chosen)
