"""A data set's rows as CSV, streamed: DuckDB hands the rows over in batches and each
batch is written out as it comes, so a download of every row never holds them all. The
header row names the columns; times are ISO 8601 in UTC, check boxes ``true``/``false``,
empty values empty cells (an upload reads the file back as it was)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.columns import Column
from gaugeboard.datasets.query import RowQuery, build_sql, connected, plain, time_limit
from gaugeboard.datasets.row_scope import RowScope
from gaugeboard.datasets.rows import version_to_read
from gaugeboard.datasets.service import DatasetPlace

BATCH_ROWS = 10_000


def rows_csv(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    query: RowQuery,
    version: int | None = None,
    paged: bool = True,
) -> Iterator[str]:
    """The rows of ``query`` as CSV text in pieces (every row it matches when not
    ``paged``). The caller, the version and the query are checked before the first piece."""
    found = version_to_read(db, place, actor, key, version)
    params: list[Any] = []
    sql = build_sql(found.columns, query, params, paged)
    seconds = place.query_timeout_seconds
    return _pieces(found.files, found.columns, found.scope, sql, params, seconds)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return plain(value)


def _pieces(
    files: Sequence[str],
    columns: Sequence[Column],
    scope: RowScope | None,
    sql: str,
    params: list[Any],
    seconds: float,
) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    with connected(files, columns, scope) as connection:
        with time_limit(connection, seconds):  # until the rows start to flow
            relation = connection.sql(sql, params=params)
            writer.writerow(relation.columns)
            reader = relation.to_arrow_reader(BATCH_ROWS)
        for batch in reader:
            names = batch.schema.names
            writer.writerows([_cell(row[name]) for name in names] for row in batch.to_pylist())
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
