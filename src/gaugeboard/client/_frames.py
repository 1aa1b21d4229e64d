"""DataFrames in and out, with pandas imported only when a frame is asked for.

Going out, each column's dtype names the data set column type (``column_types``) and its
values become JSON: numbers and booleans as they are, datetimes as ISO 8601 in UTC (a
time without a zone is taken as UTC, as the server does), dates as ``YYYY-MM-DD``, every
missing value (``None``, ``NaN``, ``NaT``, ``pd.NA``) as null. Coming back, rows are typed
by the data set's columns: ``integer`` as ``Int64``, ``number`` as ``float64``,
``checkbox`` as ``boolean``, ``datetime`` as UTC datetimes, ``date`` as ``datetime.date``
objects, text as strings.
"""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

INSTALL_HINT = "pip install gaugeboard[client]"

ISO_UTC = "%Y-%m-%dT%H:%M:%S.%fZ"


def pandas() -> Any:
    """The pandas module, or an ImportError that says how to install it."""
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise ImportError(
            f'output="df" and DataFrames need pandas: {INSTALL_HINT} (or output="dict")'
        ) from exc


def is_frame(value: Any) -> bool:
    """Whether ``value`` is a pandas DataFrame (without importing pandas to find out)."""
    return type(value).__module__.startswith("pandas") and hasattr(value, "columns")


def frame(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> Any:
    """A DataFrame of ``rows`` (dicts), in ``columns`` order when given."""
    pd = pandas()
    if not rows and columns is None:
        return pd.DataFrame()
    return pd.DataFrame.from_records(list(rows), columns=list(columns) if columns else None)


def utc_times(column: Any) -> Any:
    """ISO 8601 texts (None for none) as a column of UTC datetimes."""
    pd = pandas()
    return pd.to_datetime(pd.Series(list(column), dtype=object), utc=True, format="ISO8601")


# --- out: a frame's columns and rows ------------------------------------------------------


def _object_type(values: Iterable[Any]) -> str:
    """The column type of an object column, from its non-missing values."""
    kinds = {_value_type(value) for value in values if not _missing(value)}
    if len(kinds) == 1:
        return kinds.pop()
    if kinds == {"integer", "number"}:
        return "number"
    return "text"


def _value_type(value: Any) -> str:
    if isinstance(value, bool):
        return "checkbox"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float | decimal.Decimal):
        return "number"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    return "text"


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and pd.NA are not equal to themselves
    except TypeError:  # pd.NA refuses bool()
        return True
    except ValueError:  # an array compares element by element: a value, not a gap
        return False


def column_type(series: Any) -> str:
    """The data set column type for a pandas Series' dtype (see the module docstring)."""
    types = pandas().api.types
    dtype = series.dtype
    if isinstance(dtype, pandas().CategoricalDtype):
        return "text"
    if types.is_bool_dtype(dtype):
        return "checkbox"
    if types.is_integer_dtype(dtype):
        return "integer"
    if types.is_float_dtype(dtype):
        return "number"
    if types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if types.is_object_dtype(dtype):
        return _object_type(series.tolist())
    return "text"


def column_types(df: Any) -> dict[str, str]:
    """Column name → data set type for every column of a DataFrame but ``rec_id``."""
    return {str(name): column_type(df[name]) for name in df.columns if str(name) != "rec_id"}


def _utc_texts(series: Any) -> list[Any]:
    """A datetime64 column (any unit, with a zone or without) as ISO 8601 UTC texts."""
    np = importlib.import_module("numpy")
    if getattr(series.dtype, "tz", None) is not None:
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    values = series.to_numpy().astype("datetime64[us]")
    texts = np.datetime_as_string(values, unit="us")
    missing = series.isna().to_numpy()
    return [None if gone else f"{text}Z" for text, gone in zip(texts, missing, strict=True)]


def json_value(value: Any) -> Any:
    """One value (of an object column, a filter, a dict row) as JSON can hold it."""
    if _missing(value):
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.strftime(ISO_UTC)
        return value.astimezone(dt.UTC).strftime(ISO_UTC)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bool | int | float | str | list | dict):
        return value
    item = getattr(value, "item", None)  # numpy scalars
    return item() if callable(item) else str(value)


def column_values(name: str, series: Any) -> list[Any]:
    """A column's values as JSON values, in row order."""
    types = pandas().api.types
    if types.is_datetime64_any_dtype(series.dtype):
        return _utc_texts(series)
    values: list[Any] = series.to_numpy(dtype=object, na_value=None).tolist()
    if types.is_float_dtype(series.dtype):
        if any(value is not None and math.isinf(value) for value in values):
            raise ValueError(f"{name}: infinite numbers cannot be sent (use NaN for none)")
        return values
    if types.is_bool_dtype(series.dtype) or types.is_integer_dtype(series.dtype):
        return values
    return [json_value(value) for value in values]


def frame_rows(df: Any, drop: Sequence[str] = ()) -> list[dict[str, Any]]:
    """A DataFrame's rows as JSON-ready dicts (its index is not sent)."""
    names = [str(name) for name in df.columns if str(name) not in drop]
    columns = [column_values(name, df[name]) for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def records(data: Any, drop: Sequence[str] = ()) -> list[dict[str, Any]]:
    """JSON-ready rows from a DataFrame or from a list of dicts (whose datetimes, dates
    and missing values are converted as a frame's are)."""
    if is_frame(data):
        return frame_rows(data, drop)
    return [
        {str(key): json_value(value) for key, value in row.items() if key not in drop}
        for row in data
    ]


# --- in: typed frames from rows -----------------------------------------------------------


def _dates(values: Iterable[Any]) -> list[dt.date | None]:
    return [None if value is None else dt.date.fromisoformat(str(value)[:10]) for value in values]


def typed_frame(rows: Sequence[Mapping[str, Any]], columns: Sequence[Mapping[str, Any]]) -> Any:
    """A DataFrame of data set rows typed by the data set's ``columns`` (each with ``name``
    and ``data_type``); columns the rows have that are not described keep pandas' guess.
    Each column is built from the values as they came (a frame built first would have
    turned whole numbers with a gap into floats, losing digits past 2**53)."""
    pd = pandas()
    kinds = {str(column["name"]): str(column["data_type"]) for column in columns}
    present = list(rows[0]) if rows else list(kinds)
    names = [name for name in kinds if name in present]
    names += [name for name in present if name not in kinds]
    built = {}
    for name in names:
        values = [row.get(name) for row in rows]
        built[name] = (
            _typed(pd, values, kinds[name]) if name in kinds else pd.Series(values, dtype=None)
        )
    return pd.DataFrame(built, columns=names)


def _typed(pd: Any, values: list[Any], kind: str) -> Any:
    if kind == "integer":
        return _integers(pd, values)
    if kind == "rec_id":
        return pd.Series(values, dtype="int64")
    if kind in ("number", "percentage"):
        return pd.Series(values, dtype="float64")
    if kind == "checkbox":
        return pd.Series(pd.array(values, dtype="boolean"))
    if kind == "datetime":
        return utc_times(values)
    if kind == "date":
        return pd.Series(_dates(values), dtype=object)
    return pd.Series(values, dtype="str")


def _integers(pd: Any, values: list[Any]) -> Any:
    """Whole numbers and None as an ``Int64`` array (built from a mask: pandas' own way
    goes through floats and fails past 2**53 when a value is missing)."""
    np = importlib.import_module("numpy")
    missing = np.array([value is None for value in values], dtype=bool)
    numbers = np.array([0 if value is None else value for value in values], dtype="int64")
    return pd.Series(pd.arrays.IntegerArray(numbers, missing))
