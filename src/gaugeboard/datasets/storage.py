"""The rows of one data set: a Delta Lake table in ``<instance>/datasets/<id>/``.

Delta Lake gives what a data set needs without building it on SQL rows: each write is
one atomic commit and a new version, every past version stays readable until vacuumed,
and DuckDB reads any version from the Parquet files the version lists (``files``). Not
through an Arrow dataset: the files a merge or delete rewrites hold ``string_view``
columns, and Arrow then fails on every text filter DuckDB pushes down into the dataset.
Writers of one data set queue on a file lock (``<id>.lock``), opened afresh for each write
so it holds across threads, processes and forks; readers never wait."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from deltalake import CommitProperties, DeltaTable, write_deltalake

from gaugeboard.datasets.columns import REC_ID

if TYPE_CHECKING:
    # Only for the annotation: importing pyarrow.dataset loads pandas (about a third of
    # the app's import time), which nothing on a server's start needs.
    import pyarrow.dataset as pads

AUTHOR_KEY = "gaugeboard.author"
# How long the Delta log keeps entries of old versions (read by ``cleanup_metadata``).
LOG_RETENTION = "delta.logRetentionDuration"
# Commits of the vacuum itself: they change no row, so they are not versions to a reader.
MAINTENANCE_OPERATIONS = frozenset({"VACUUM START", "VACUUM END", "SET TBLPROPERTIES"})
SYSTEM_AUTHOR = "gaugeboard"


def _by(author: str) -> CommitProperties:
    """The commit's author, kept in the version's own metadata."""
    return CommitProperties(custom_metadata={AUTHOR_KEY: author[:120]})


@dataclass(frozen=True)
class VersionInfo:
    version: int
    at: datetime
    author: str
    operation: str
    rows_added: int
    rows_removed: int
    rows_updated: int


def _metric(metrics: dict[str, Any], *names: str) -> int:
    for name in names:
        value = metrics.get(name)
        if isinstance(value, int):
            return value
    return 0


class DatasetTable:
    """One data set's table; every method that writes holds the data set's lock."""

    def __init__(self, root: Path, dataset_id: int) -> None:
        self.root = root
        self.path = root / str(dataset_id)
        self.lock_path = root / f"{dataset_id}.lock"

    @contextmanager
    def writing(self) -> Iterator[None]:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def create(self, schema: pa.Schema, author: str) -> int:
        if self.path.exists():  # left by a create that crashed before its catalog commit
            shutil.rmtree(self.path)
        write_deltalake(
            str(self.path), schema.empty_table(), mode="error", commit_properties=_by(author)
        )
        return 0

    def _table(self, version: int | None = None) -> DeltaTable:
        return DeltaTable(str(self.path), version=version)

    def version(self) -> int:
        return int(self._table().version())

    def files(self, version: int | None = None) -> list[str]:
        """The Parquet files holding the rows of ``version`` (the latest when None)."""
        return list(self._table(version).file_uris())

    def schema_fields(self, version: int | None = None) -> list[tuple[str, str]]:
        """``(name, Delta type)`` of each column at ``version``."""
        return [(field.name, str(field.type)) for field in self._table(version).schema().fields]

    def append(self, rows: pa.Table | pa.RecordBatchReader, author: str) -> int:
        """Add rows in one commit; a RecordBatchReader is written as it is read."""
        write_deltalake(str(self.path), rows, mode="append", commit_properties=_by(author))
        return self.version()

    def append_batches(
        self, schema: pa.Schema, batches: Iterable[pa.RecordBatch], author: str
    ) -> int:
        """Add every batch in one commit, reading them one at a time."""
        return self.append(pa.RecordBatchReader.from_batches(schema, batches), author)

    def replace(self, rows: pa.Table, author: str, new_schema: bool = False) -> int:
        """Every row replaced (reload), or the schema too (recreate)."""
        write_deltalake(
            str(self.path),
            rows,
            mode="overwrite",
            schema_mode="overwrite" if new_schema else None,
            commit_properties=_by(author),
        )
        return self.version()

    def restore(self, version: int, author: str) -> int:
        """The table as it was at ``version``, committed as a new version. Delta's restore
        lists that version's files again: nothing is copied or read."""
        self._table().restore(version, commit_properties=_by(author))
        return self.version()

    def delete_ids(self, rec_ids: Sequence[int], author: str) -> int:
        """Delete rows by id in one commit (the ids are joined as a table, so a delete of a
        million rows builds no million-term predicate)."""
        if rec_ids:
            ids = pa.table({REC_ID: pa.array(rec_ids, pa.int64())})
            self._table().merge(
                source=ids,
                predicate=f'target."{REC_ID}" = source."{REC_ID}"',
                source_alias="source",
                target_alias="target",
                commit_properties=_by(author),
            ).when_matched_delete().execute()
        return self.version()

    def merge(
        self,
        source: pa.Table,
        keys: Sequence[str],
        insert_missing: bool,
        author: str,
        update_columns: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """Rows of ``source`` matching on ``keys`` take its values of ``update_columns``
        (every column when None; their ``rec_id`` kept); with ``insert_missing`` the others
        are added whole. One commit."""
        condition = " AND ".join(f'target."{key}" = source."{key}"' for key in keys)
        names = source.column_names if update_columns is None else update_columns
        updates = {f'"{name}"': f'source."{name}"' for name in names if name != REC_ID}
        merger = self._table().merge(
            source=source,
            predicate=condition,
            source_alias="source",
            target_alias="target",
            commit_properties=_by(author),
        )
        merger = merger.when_matched_update(updates=updates)
        if insert_missing:
            merger = merger.when_not_matched_insert_all()
        return dict(merger.execute())

    def dataset(self, version: int | None = None) -> pads.Dataset:
        """The whole table as an Arrow dataset, for reading it whole: never push a filter
        into it (see the module docstring); filtered reads go through ``query.py``."""
        return self._table(version).to_pyarrow_dataset()

    def history(self) -> list[VersionInfo]:
        """The versions still in the log, newest first: each write's commit. The vacuum's
        own commits (its start and end, the log retention it sets) change no row and are
        left out."""
        found = []
        for entry in self._table().history():
            if entry.get("operation") in MAINTENANCE_OPERATIONS:
                continue
            metrics = entry.get("operationMetrics") or {}
            found.append(
                VersionInfo(
                    version=int(entry.get("version", 0)),
                    at=datetime.fromtimestamp(int(entry.get("timestamp", 0)) / 1000, UTC),
                    author=str(entry.get(AUTHOR_KEY, "")),
                    operation=str(entry.get("operation", "")),
                    rows_added=_metric(
                        metrics, "num_added_rows", "num_target_rows_inserted", "num_output_rows"
                    ),
                    rows_removed=_metric(metrics, "num_deleted_rows", "num_target_rows_deleted"),
                    rows_updated=_metric(metrics, "num_updated_rows", "num_target_rows_updated"),
                )
            )
        return found

    def vacuum(self, keep_days: int) -> int:
        """Delete what only versions older than ``keep_days`` need (0: all but the current
        version): their data files, then their log entries behind a new checkpoint. Also
        deletes files no version refers to (left by a write that crashed) once that old.
        Returns how many files were deleted; callers hold the lock.

        Deleting files is a Delta commit (two: its start and its end), and so is changing
        the log's retention to ``keep_days``; both happen only when there is work."""
        table = self._table()
        retention = f"interval {int(keep_days)} days"
        if table.metadata().configuration.get(LOG_RETENTION) != retention:
            table.alter.set_table_properties(
                {LOG_RETENTION: retention}, commit_properties=_by(SYSTEM_AUTHOR)
            )
            table = self._table()
        options: dict[str, Any] = {
            "retention_hours": int(keep_days) * 24,
            "enforce_retention_duration": False,
            "full": True,
        }
        stale = table.vacuum(dry_run=True, **options)
        if stale:
            table.vacuum(dry_run=False, commit_properties=_by(SYSTEM_AUTHOR), **options)
            table = self._table()
        table.create_checkpoint()
        table.cleanup_metadata()
        return len(stale)

    def size_bytes(self) -> int:
        total = 0
        for folder, _dirs, files in os.walk(self.path):
            total += sum(os.path.getsize(os.path.join(folder, name)) for name in files)
        return total

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self.lock_path.unlink(missing_ok=True)
