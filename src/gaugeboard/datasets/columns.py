"""Column types of a data set, their Arrow types, and the checking of incoming values.

Values are checked before anything is written, every problem reported with its position
(``data[3].amount: …``), so a write is all or nothing. The types are ClicData's: ``text``,
``number``, ``integer``, ``datetime``, ``date``, ``percentage``, ``checkbox`` and ``dropdown``
(with its allowed values); ``rec_id`` is the row id gaugeboard adds."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa

from gaugeboard.errors import ValidationFailed

REC_ID = "rec_id"
ARROW_TYPES: dict[str, pa.DataType] = {
    "text": pa.string(),
    "number": pa.float64(),
    "integer": pa.int64(),
    "datetime": pa.timestamp("us", tz="UTC"),
    "date": pa.date32(),
    "percentage": pa.float64(),
    "checkbox": pa.bool_(),
    "dropdown": pa.string(),
    REC_ID: pa.int64(),
}
DATA_TYPES = tuple(name for name in ARROW_TYPES if name != REC_ID)
MAX_TEXT = 100_000
MAX_PROBLEMS = 50
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
TRUE_WORDS = {"true", "1", "yes", "y", "on"}
FALSE_WORDS = {"false", "0", "no", "n", "off", ""}


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    values: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"name": self.name, "data_type": self.data_type}
        if self.data_type == "dropdown":
            found["values"] = list(self.values)
        return found


def columns_of(stored: Sequence[Mapping[str, Any]]) -> list[Column]:
    return [
        Column(item["name"], item["data_type"], tuple(item.get("values") or ())) for item in stored
    ]


def arrow_schema(columns: Sequence[Column]) -> pa.Schema:
    return pa.schema([pa.field(column.name, ARROW_TYPES[column.data_type]) for column in columns])


def _number(raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError("expected a number, not true/false")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip().replace(",", "")) if raw.strip() else math.nan
        except ValueError:
            raise ValueError(f"{raw[:40]!r} is not a number") from None
    else:
        raise ValueError("expected a number")
    if math.isinf(value):
        raise ValueError("expected a finite number")
    return value


def _integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("expected a whole number, not true/false")
    if isinstance(raw, int):
        value = raw
    else:
        number = _number(raw)
        if math.isnan(number) or not number.is_integer():
            raise ValueError("expected a whole number")
        value = int(number)
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueError("out of range for a whole number (64 bits)")
    return value


def _datetime(raw: Any) -> datetime:
    if isinstance(raw, datetime):
        moment = raw
    elif isinstance(raw, date):
        moment = datetime(raw.year, raw.month, raw.day)
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            moment = datetime.fromtimestamp(float(raw), UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"{raw!r} is not a time in seconds since 1970") from None
    elif isinstance(raw, str):
        try:
            moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{raw[:40]!r} is not an ISO 8601 date and time") from None
    else:
        raise ValueError("expected an ISO 8601 date and time")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            if len(text) <= 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            raise ValueError(f"{raw[:40]!r} is not a date such as 2026-12-31") from None
    raise ValueError("expected a date such as 2026-12-31")


def _checkbox(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return raw.strip().lower() in TRUE_WORDS
    raise ValueError("expected true or false")


def _text(raw: Any) -> str:
    if isinstance(raw, dict | list):
        raise ValueError("expected text, not an object or a list")
    text = raw if isinstance(raw, str) else str(raw)
    if len(text) > MAX_TEXT:
        raise ValueError(f"at most {MAX_TEXT} characters")
    if "\x00" in text:
        raise ValueError("text may not hold a NUL character")
    return text


def coerce(column: Column, raw: Any) -> Any:
    """``raw`` as a value of ``column``'s type (None stays None); ValueError saying why."""
    if raw is None:
        return None
    kind = column.data_type
    if kind in ("number", "percentage"):
        value = _number(raw)
        return None if math.isnan(value) else value
    if kind in ("integer", REC_ID):
        return _integer(raw)
    if kind == "datetime":
        return _datetime(raw)
    if kind == "date":
        return _date(raw)
    if kind == "checkbox":
        return _checkbox(raw)
    text = _text(raw)
    if kind == "dropdown" and text not in column.values:
        raise ValueError(f"{text!r} is not one of the allowed values ({', '.join(column.values)})")
    return text


def checked_rows(
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, Any]],
    where: str = "data",
    start: int = 0,
) -> list[dict[str, Any]]:
    """Every row converted to the columns' types; ValidationFailed lists each problem with
    its position (at most ``MAX_PROBLEMS`` of them) and nothing is kept."""
    by_name = {column.name: column for column in columns if column.name != REC_ID}
    problems: list[str] = []
    converted: list[dict[str, Any]] = []
    for index, row in enumerate(rows, start):
        if not isinstance(row, Mapping):
            problems.append(f"{where}[{index}]: expected an object of column values")
            continue
        converted.append(_checked_values(by_name, row, f"{where}[{index}]", problems))
        if len(problems) >= MAX_PROBLEMS:
            problems.append("… and more problems; fix these first")
            break
    if problems:
        raise ValidationFailed(problems)
    return converted


def checked_values(
    columns: Sequence[Column], values: Mapping[str, Any], where: str
) -> dict[str, Any]:
    """One row's values converted (``set.amount: …`` for a problem); ValidationFailed."""
    by_name = {column.name: column for column in columns if column.name != REC_ID}
    problems: list[str] = []
    converted = _checked_values(by_name, values, where, problems)
    if problems:
        raise ValidationFailed(problems)
    return converted


def _checked_values(
    by_name: Mapping[str, Column], row: Mapping[str, Any], where: str, problems: list[str]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in row.items():
        column = by_name.get(name)
        if column is None:
            reason = "row ids are given by gaugeboard" if name == REC_ID else "no such column"
            problems.append(f"{where}.{name}: {reason}")
            continue
        try:
            out[name] = coerce(column, raw)
        except ValueError as exc:
            problems.append(f"{where}.{name}: {exc}")
    return out
