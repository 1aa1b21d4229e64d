"""Rows appended from a CSV upload, read as a stream: whatever its size, memory holds one
batch. Each batch is converted to the columns' types (Arrow casts; a batch that has a
value they refuse is checked value by value with the JSON rules, so both ways accept the
same text and name each problem as ``rows[12].amount``) and staged in a Parquet file
beside the table. Only when every row passed are the staged rows appended, read back
batch by batch, in one Delta commit: a bad row anywhere writes nothing.

The first line names the columns (``rec_id``, as a download has it, is skipped: ids are
given on append; columns left out are empty). An empty cell is an empty value; a quoted
empty cell (``""``) is empty text in a ``text`` column (as PostgreSQL's ``COPY`` reads it,
so a DataFrame's ``""`` and ``None`` stay apart) and an empty value in any other. The
separator is a comma, or the semicolon or tab the header line uses instead."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor, require
from gaugeboard.datasets.columns import (
    MAX_PROBLEMS,
    REC_ID,
    Column,
    arrow_schema,
    coerce,
)
from gaugeboard.datasets.fast_values import fast_text
from gaugeboard.datasets.rows import WriteResult, append_numbered_batches
from gaugeboard.datasets.service import (
    DatasetPlace,
    find_dataset,
    may_write,
    refusal,
    table_columns,
)
from gaugeboard.errors import PayloadTooLarge, ValidationFailed

BLOCK_BYTES = 4 << 20  # CSV text parsed at a time (tens of thousands of rows)
BATCH_ROWS = 50_000  # rows per batch read back from the staged file
MAX_HEADER_BYTES = 1 << 20
SEPARATORS = (",", ";", "\t")


class _Body(io.RawIOBase):
    """The request body as a file, refusing to read past ``limit`` bytes; the header line
    is read first and the rest served after it."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.read_bytes = 0
        self.pending = b""

    def readable(self) -> bool:
        return True

    def _more(self, size: int) -> bytes:
        chunk = self.stream.read(size)
        self.read_bytes += len(chunk)
        if self.read_bytes > self.limit:
            raise PayloadTooLarge(f"body: larger than the limit of {self.limit} bytes")
        return chunk

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.pending or self._more(len(view))
        taken, self.pending = data[: len(view)], data[len(view) :]
        view[: len(taken)] = taken
        return len(taken)

    def header_line(self) -> bytes:
        """The first line (without its end); the bytes after it stay to be read."""
        found = b""
        while b"\n" not in found:
            chunk = self._more(64 * 1024)
            if not chunk:
                break
            found += chunk
            if len(found) > MAX_HEADER_BYTES:
                raise ValidationFailed("header: the first line is longer than 1 MB")
        line, _, self.pending = found.partition(b"\n")
        return line.rstrip(b"\r")


@dataclass(frozen=True)
class Header:
    names: list[str]
    separator: str


def read_header(line: bytes, columns: Sequence[Column]) -> Header:
    """The column names of the first line, each known to the data set (every problem)."""
    try:
        text = line.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ValidationFailed("header: the first line is not UTF-8 text") from None
    if not text.strip():
        raise ValidationFailed("header: the first line must name the columns")
    outside = "".join(text.split('"')[::2])  # marks inside quoted names do not count
    separator = max(SEPARATORS, key=lambda mark: (outside.count(mark), mark == ","))
    names = next(csv.reader([text], delimiter=separator))
    known = {column.name for column in columns}
    problems = [
        f"header[{index}]: no column named {name!r}"
        for index, name in enumerate(names)
        if name not in known
    ]
    doubled = sorted({name for name in names if names.count(name) > 1})
    problems += [f"header: the column {name!r} is named twice" for name in doubled]
    if problems:
        raise ValidationFailed(problems)
    return Header(names, separator)


def _slow(column: Column, text: pa.Array, first: int, problems: list[str]) -> pa.Array:
    """``text`` converted value by value, each problem named by its row."""
    values = []
    for index, raw in enumerate(text.to_pylist()):
        try:
            values.append(coerce(column, raw))
        except ValueError as exc:
            values.append(None)
            if len(problems) < MAX_PROBLEMS:
                problems.append(f"rows[{first + index}].{column.name}: {exc}")
    return pa.array(values, arrow_schema([column]).field(0).type)


def convert_batch(
    columns: Sequence[Column], batch: pa.RecordBatch, first: int, problems: list[str]
) -> pa.RecordBatch:
    """A batch of CSV text in the data set's schema, its rows numbered from ``first``."""
    arrays = []
    for column in columns:
        if column.name == REC_ID:
            arrays.append(pa.array(range(first, first + batch.num_rows), pa.int64()))
            continue
        index = batch.schema.get_field_index(column.name)
        if index < 0:
            arrays.append(pa.nulls(batch.num_rows, arrow_schema([column]).field(0).type))
            continue
        text = batch.column(index)
        if column.data_type != "text":  # a quoted "" is empty text in text columns only
            text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
        found = fast_text(column, text)
        arrays.append(found if found is not None else _slow(column, text, first, problems))
    return pa.RecordBatch.from_arrays(arrays, schema=arrow_schema(columns))


def _csv_batches(body: _Body, header: Header) -> Iterator[pa.RecordBatch]:
    try:
        reader = pacsv.open_csv(
            body,
            read_options=pacsv.ReadOptions(column_names=header.names, block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=header.separator, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header.names},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        if "Empty CSV file" in str(exc):  # the header line alone
            return
        raise
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        yield batch


def stage_csv(body: _Body, columns: Sequence[Column], staged: Path) -> tuple[int, list[str]]:
    """Every row of the body converted into the Parquet file ``staged``; the row count
    and every problem (stops reading at ``MAX_PROBLEMS``)."""
    header = read_header(body.header_line(), columns)
    problems: list[str] = []
    count = 0
    try:
        with pq.ParquetWriter(staged, arrow_schema(columns)) as writer:
            for batch in _csv_batches(body, header):
                converted = convert_batch(columns, batch, count, problems)
                count += batch.num_rows
                if len(problems) >= MAX_PROBLEMS:
                    problems.append("… and more problems; fix these first")
                    break
                if not problems:
                    writer.write_batch(converted)
    except pa.ArrowInvalid as exc:
        reason = str(exc).splitlines()[0][:300]
        problems.append(f"rows (after rows[{count - 1}]): {reason}" if count else f"rows: {reason}")
    return count, problems


def append_csv(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    stream: IO[bytes],
    limit_bytes: int,
) -> WriteResult:
    """Append the rows of a CSV body (see the module docstring); all or nothing."""
    dataset = find_dataset(db, actor, key)
    require(may_write(actor, dataset), refusal(actor, dataset))
    columns = table_columns(dataset)
    db.rollback()  # hold no catalog transaction while the upload arrives
    place.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".upload-", dir=place.root))
    try:
        staged = folder / "rows.parquet"
        count, problems = stage_csv(_Body(stream, limit_bytes), columns, staged)
        if problems:
            raise ValidationFailed(problems)
        return _append_staged(db, place, actor, key, columns, staged, count)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _append_staged(
    db: Session,
    place: DatasetPlace,
    actor: Actor | None,
    key: str | int,
    columns: Sequence[Column],
    staged: Path,
    count: int,
) -> WriteResult:
    with pq.ParquetFile(staged) as source:
        return append_numbered_batches(
            db,
            place,
            actor,
            key,
            [str(staged)] if count else [],
            source.iter_batches(batch_size=BATCH_ROWS),
            count,
            expected=columns,
        )
