"""A DataFrame as a CSV request body, made piece by piece while it is sent: one upload, one
version on the server, and neither side ever holds the whole text.

Each piece is ``PIECE_ROWS`` rows converted column by column into Arrow arrays and written
by pyarrow's CSV writer (several times faster than ``DataFrame.to_csv``). The cells are
what the server's CSV upload reads back as the same values: datetimes in UTC
(``2026-01-02 03:04:05.000000Z``; a time without a zone is taken as UTC, as the server
does), dates ``YYYY-MM-DD``, check boxes ``true``/``false``, numbers in their shortest
exact form, every missing value (``None``, ``NaN``, ``NaT``, ``pd.NA``) an empty cell, and
an empty text a quoted ``""``. Row ``n`` of the frame (by position) is ``rows[n]`` in the
server's errors.
"""

from __future__ import annotations

import importlib
import io
import json
import math
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from gaugeboard.client._frames import json_value, pandas

PIECE_ROWS = 65_536
REC_ID = "rec_id"
SPOOL_MEMORY = 16 << 20  # a body spooled for a server that wants its length: RAM, then disk
READ_BYTES = 1 << 20


def _pa() -> Any:
    """pyarrow (a dependency of gaugeboard), imported only when a frame is sent."""
    return importlib.import_module("pyarrow")


def _datetimes(series: Any, kind: str | None) -> Any:
    """Times in UTC; for a ``date`` column, their day in UTC (what the server takes from
    a time given to a date column), so that the server's fast way reads them."""
    pa = _pa()
    if getattr(series.dtype, "tz", None) is not None:
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    naive = pa.array(series.astype("datetime64[us]"), from_pandas=True)
    return naive.cast(pa.date32() if kind == "date" else pa.timestamp("us", tz="UTC"))


def check_numbers(df: Any) -> None:
    """ValueError naming the first float column holding an infinite number (checked before
    anything is sent, so a refused frame opens no request)."""
    types = pandas().api.types
    for index, name in enumerate(df.columns):
        series = df.iloc[:, index]
        if types.is_float_dtype(series.dtype) and not isinstance(
            series.dtype, pandas().CategoricalDtype
        ):
            found = [series.min(), series.max()]
            if any(math.isinf(value) for value in found if value == value):
                raise ValueError(f"{name}: infinite numbers cannot be sent (use NaN for none)")


def _cell(value: Any) -> str | None:
    """One value of an object column as the text of its cell."""
    found = json_value(value)
    if found is None or isinstance(found, str):
        return found
    if isinstance(found, bool):
        return "true" if found else "false"
    if isinstance(found, float):
        if math.isinf(found):
            raise ValueError("infinite numbers cannot be sent (use NaN for none)")
        return repr(found)
    if isinstance(found, list | dict):
        return json.dumps(found, ensure_ascii=False)
    return str(found)


def _objects(name: str, series: Any) -> Any:
    pa = _pa()
    try:
        return pa.array([_cell(value) for value in series.tolist()], pa.string())
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


def column_array(name: str, series: Any, kind: str | None = None) -> Any:
    """A column of a frame as the Arrow array whose CSV cells the server reads back into
    the same values (``kind``: the data set column's type, when known)."""
    pa = _pa()
    types = pandas().api.types
    dtype = series.dtype
    if isinstance(dtype, pandas().CategoricalDtype):
        return _objects(name, series.astype(object))
    if types.is_datetime64_any_dtype(dtype):
        return _datetimes(series, kind)
    if types.is_bool_dtype(dtype):
        return pa.array(series, from_pandas=True, type=pa.bool_())
    if types.is_integer_dtype(dtype):
        return pa.array(series, from_pandas=True, type=pa.int64())
    if types.is_float_dtype(dtype):
        return pa.array(series, from_pandas=True, type=pa.float64())
    if types.is_string_dtype(dtype) and not types.is_object_dtype(dtype):
        return pa.array(series, from_pandas=True, type=pa.string())
    return _objects(name, series.astype(object))


def csv_pieces(df: Any, kinds: Mapping[str, str] | None = None) -> Iterator[tuple[bytes, int]]:
    """The CSV text of ``df`` (its index and any ``rec_id`` column left out) in pieces, a
    header line first, each with the number of rows it holds; ``kinds`` gives the data set
    column types by name, when known."""
    kinds = kinds or {}
    drop = (REC_ID,)
    pa = _pa()
    names = [str(name) for name in df.columns if str(name) not in drop]
    positions = [i for i, name in enumerate(df.columns) if str(name) not in drop]
    # An empty rec_id first (the server numbers rows and skips it, as in a download), so
    # no line is blank even when every value of a row is missing: CSV readers skip those.
    header = [REC_ID, *names]
    yield _written(pa.table({name: pa.array([], pa.string()) for name in header}), True), 0
    for start in range(0, len(df.index), PIECE_ROWS):
        piece = df.iloc[start : start + PIECE_ROWS, positions]
        arrays = [
            column_array(name, piece.iloc[:, i], kinds.get(name)) for i, name in enumerate(names)
        ]
        ids = pa.nulls(len(piece.index), pa.string())
        table = pa.Table.from_arrays([ids, *arrays], names=header)
        yield _written(table, False), table.num_rows


def _written(table: Any, header: bool) -> bytes:
    pacsv = importlib.import_module("pyarrow.csv")
    out = io.BytesIO()
    pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=header))
    return out.getvalue()


@contextmanager
def spooled(pieces: Iterable[bytes]) -> Iterator[tuple[Callable[[], Iterator[bytes]], int]]:
    """``pieces`` written out first (in memory, then on disk past ``SPOOL_MEMORY``), for a
    server that cannot read a streamed body: a function reading them back, and their size
    in bytes (the ``Content-Length``)."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY) as file:
        for piece in pieces:
            file.write(piece)
        size = file.tell()

        def read_back() -> Iterator[bytes]:
            file.seek(0)
            while chunk := file.read(READ_BYTES):
                yield chunk

        yield read_back, size
