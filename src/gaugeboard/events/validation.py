"""Turn raw event objects (underscore keys, as the tracking API documents) into EventRecords.

Every problem is reported with the item's index and the field, and a batch with any bad
item is refused whole, so nothing is ever half-written.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from gaugeboard.errors import ValidationFailed
from gaugeboard.events.records import EventRecord

MAX_NAME_LENGTH = 255
MAX_PERSON_LENGTH = 255
MAX_PROPERTY_KEY_LENGTH = 255
MAX_PROPERTY_VALUE_BYTES = 8 * 1024
MAX_PROPERTIES = 200
MAX_EVENTS_PER_REQUEST = 1000
EARLIEST_TS = 946_684_800.0  # 2000-01-01T00:00:00Z
MAX_FUTURE_SECONDS = 24 * 3600
INSERT_ID_KEYS = ("_id", "insert_id")
RESERVED_KEYS = frozenset({"_n", "_p", "_t", "_k", "_d", "_id", "insert_id"})
NOT_UNICODE = "must be valid Unicode (no lone surrogates)"
# A surrogate code point in a str is never a character: Python's json module decodes a lone
# ``\ud800`` escape into one, and no UTF-8 writer (the tail's serialiser) can store it.
_find_surrogate = re.compile("[\ud800-\udfff]").search


def is_unicode(text: str) -> bool:
    """True unless ``text`` holds a surrogate. Most text answers in one fast C call: ASCII,
    or printable (a surrogate is not); only the rest is searched."""
    return text.isascii() or text.isprintable() or _find_surrogate(text) is None


def _name_problems(value: Any) -> list[str]:
    if value is None or value == "":
        return ["_n: is required"]
    if not isinstance(value, str):
        return ["_n: must be a string"]
    if len(value) > MAX_NAME_LENGTH:
        return [f"_n: must be at most {MAX_NAME_LENGTH} characters"]
    return [] if is_unicode(value) else [f"_n: {NOT_UNICODE}"]


def _person(value: Any) -> tuple[str, list[str]]:
    if value is None:
        return "", []
    if isinstance(value, bool) or not isinstance(value, str | int):
        return "", ["_p: must be a string"]
    text = str(value)
    if len(text) > MAX_PERSON_LENGTH:
        return "", [f"_p: must be at most {MAX_PERSON_LENGTH} characters"]
    return (text, []) if is_unicode(text) else ("", [f"_p: {NOT_UNICODE}"])


def _timestamp(value: Any, now: float) -> tuple[int, list[str]]:
    if value is None or value == "":
        return int(now * 1_000_000), []
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return 0, ["_t: must be Unix epoch seconds (a number)"]
    if isinstance(value, bool) or not math.isfinite(seconds):
        return 0, ["_t: must be Unix epoch seconds (a number)"]
    if seconds < EARLIEST_TS or seconds > now + MAX_FUTURE_SECONDS:
        return 0, ["_t: must be after 2000-01-01 and at most one day in the future"]
    return int(seconds * 1_000_000 + 0.5), []


def _insert_id(raw: Mapping[str, Any]) -> tuple[str | None, list[str]]:
    for key in INSERT_ID_KEYS:
        value = raw.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str | int) or isinstance(value, bool):
            return None, [f"{key}: must be a string"]
        text = str(value)
        if len(text) > 255:
            return None, [f"{key}: must be at most 255 characters"]
        if not is_unicode(text):
            return None, [f"{key}: {NOT_UNICODE}"]
        if "\x00" in text:  # stored in a text column, where PostgreSQL refuses NUL
            return None, [f"{key}: must not contain NUL characters"]
        return text, []
    return None, []


def _value_problem(key: str, value: Any) -> str | None:
    """Why a property value is refused, or None. Scalars take a fast path (no encoding)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if MIN_INT <= value <= MAX_INT else f"{key}: integers must fit in 64 bits"
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{key}: must be a JSON value (no NaN or infinity)"
    if isinstance(value, str):
        if not is_unicode(value):
            return f"{key}: {NOT_UNICODE}"
        # UTF-8 uses at most 4 bytes a character: only long strings need encoding to check.
        if (
            len(value) * 4 <= MAX_PROPERTY_VALUE_BYTES
            or len(value.encode()) <= MAX_PROPERTY_VALUE_BYTES
        ):
            return None
        return f"{key}: value is larger than 8 KiB"
    return _nested_value_problem(key, value)


def _nested_value_problem(key: str, value: Any) -> str | None:
    """An object or a list: measured as the JSON the tail will hold."""
    try:
        size = len(json.dumps(value, ensure_ascii=False, allow_nan=False).encode())
    except UnicodeEncodeError:  # a lone surrogate in a nested key or string
        return f"{key}: {NOT_UNICODE}"
    except (TypeError, ValueError, RecursionError):
        return f"{key}: must be a JSON value (no NaN or infinity, integers within 64 bits)"
    try:
        orjson.dumps(value)  # what the tail will store: refuses integers over 64 bits
    except orjson.JSONEncodeError:
        return f"{key}: must be a JSON value (no NaN or infinity, integers within 64 bits)"
    return f"{key}: value is larger than 8 KiB" if size > MAX_PROPERTY_VALUE_BYTES else None


def _key_problem(key: str) -> str | None:
    if not is_unicode(key):
        return NOT_UNICODE
    if "\x00" in key:  # a property name becomes a column name, which DuckDB cannot bind
        return "property names must not contain NUL characters"
    return None


def _properties(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    properties = {key: value for key, value in raw.items() if key not in RESERVED_KEYS}
    problems = []
    if len(properties) > MAX_PROPERTIES:
        problems.append(f"properties: at most {MAX_PROPERTIES} per event")
    for key, value in properties.items():
        if not key or len(key) > MAX_PROPERTY_KEY_LENGTH:
            problems.append(f"{key[:40]!r}: property names must be 1-255 characters")
            continue
        problem = _key_problem(key)
        if problem:  # named by its repr: a surrogate cannot be sent back as text
            problems.append(f"{key[:40]!r}: {problem}")
            continue
        problem = _value_problem(key, value)
        if problem:
            problems.append(problem)
    return properties, problems


MIN_INT, MAX_INT = -(2**63), 2**64 - 1  # what orjson (and the tail) can store
_LONGEST_SAFE_STRING = MAX_PROPERTY_VALUE_BYTES // 4  # UTF-8: at most 4 bytes a character
_INFINITIES = (math.inf, -math.inf)


def _plain_value(value: Any) -> bool:
    """A short string, a finite float, a 64-bit integer, a bool or null."""
    kind = type(value)
    if kind is str:
        return len(value) <= _LONGEST_SAFE_STRING and (
            value.isascii() or value.isprintable() or _find_surrogate(value) is None
        )
    if kind is float:
        return bool(value == value and value not in _INFINITIES)
    if kind is int:
        return bool(MIN_INT <= value <= MAX_INT)
    return kind is bool or value is None


def _fast_properties(raw: dict[str, Any]) -> dict[str, Any] | None:
    """Properties when every value is plain; else None (the slow path names the problem)."""
    properties: dict[str, Any] = {}
    for key, value in raw.items():
        if key in RESERVED_KEYS:
            continue
        if not _plain_value(value) or not 0 < len(key) <= MAX_PROPERTY_KEY_LENGTH:
            return None
        if not key.isprintable():  # a surrogate or NUL is not: the slow path names it
            return None
        properties[key] = value
    return properties if len(properties) <= MAX_PROPERTIES else None


def _fast_event(raw: dict[str, Any], now: float) -> EventRecord | None:
    """The common well-formed event, checked with few branches; None means take the slow
    path, which finds and names every problem."""
    name = raw.get("_n")
    person = raw.get("_p", "")
    moment = raw.get("_t", now)
    if type(name) is not str or not 0 < len(name) <= MAX_NAME_LENGTH:
        return None
    if type(person) is not str or len(person) > MAX_PERSON_LENGTH:
        return None
    if not (name.isascii() or is_unicode(name)) or not (person.isascii() or is_unicode(person)):
        return None
    kind = type(moment)
    if (
        kind is not float and kind is not int
    ) or not EARLIEST_TS <= moment <= now + MAX_FUTURE_SECONDS:
        return None
    if "_id" in raw or "insert_id" in raw:
        return None
    properties = _fast_properties(raw)
    if properties is None:
        return None
    return EventRecord(name, person, int(moment * 1_000_000 + 0.5), properties, None)


def parse_event(raw: Any, now: float) -> tuple[EventRecord | None, list[str]]:
    """Validate one raw event; return it, or None and every problem found."""
    if not isinstance(raw, Mapping):
        return None, [": must be a JSON object"]
    problems = _name_problems(raw.get("_n"))
    person, person_problems = _person(raw.get("_p"))
    ts_us, time_problems = _timestamp(raw.get("_t"), now)
    insert_id, id_problems = _insert_id(raw)
    properties, property_problems = _properties(raw)
    problems += person_problems + time_problems + id_problems + property_problems
    if problems:
        return None, problems
    record = EventRecord(str(raw["_n"]), person, ts_us, properties, insert_id)
    return record, []


def _located(index: int, count: int, problem: str) -> str:
    """``_n: is required`` → ``events[3]._n: is required`` (kept short for a single event)."""
    field, _, reason = problem.partition(": ")
    if count == 1:
        return f"{field or 'event'}: {reason}"
    return f"events[{index}].{field}: {reason}" if field else f"events[{index}]: {reason}"


def parse_events(raws: Sequence[Any], now: float | None = None) -> list[EventRecord]:
    """Validate a batch; raise ValidationFailed listing every bad item as ``events[i].field``."""
    if not raws:
        raise ValidationFailed("events: at least one event is required")
    if len(raws) > MAX_EVENTS_PER_REQUEST:
        raise ValidationFailed(f"events: at most {MAX_EVENTS_PER_REQUEST} events per request")
    moment = time.time() if now is None else now
    records: list[EventRecord] = []
    fast = _fast_event
    for raw in raws:
        record = fast(raw, moment) if type(raw) is dict else None
        if record is None:
            break
        records.append(record)
    else:
        return records
    return _parse_slowly(raws, moment)


def _parse_slowly(raws: Sequence[Any], moment: float) -> list[EventRecord]:
    """Full validation that names every problem of every item."""
    records: list[EventRecord] = []
    problems: list[str] = []
    for index, raw in enumerate(raws):
        record, item_problems = parse_event(raw, moment)
        problems.extend(_located(index, len(raws), problem) for problem in item_problems)
        if record is not None:
            records.append(record)
    if problems:
        raise ValidationFailed(problems)
    return records
