"""What has been tracked: the event names with their counts, and the property keys of one
event, so pickers (the metrics explorer) offer real names instead of free text.

Names are counted over every stored event (tail and segments). Property keys come from a
sample of the event's most recent rows: a key seen only in older events may be missing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.events.engine import open_event_view

MAX_NAMES = 1000
PROPERTY_SAMPLE = 1000


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


def _utc_text(moment: datetime) -> str:
    """Stored times are naive UTC."""
    return moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def event_names(db: Session, root: Path) -> list[dict[str, Any]]:
    """``[{"name", "count", "last_seen"}]``, most frequent first (at most MAX_NAMES)."""
    with open_event_view(db, root) as view:
        rows = view.connection.execute(
            "SELECT name, count(*) AS n, max(ts) FROM events GROUP BY name"
            f" ORDER BY n DESC, name LIMIT {MAX_NAMES}"
        ).fetchall()
    return [
        {"name": name, "count": count, "last_seen": _utc_text(last)} for name, count, last in rows
    ]


@dataclass
class _Key:
    count: int = 0
    kinds: dict[str, None] = field(default_factory=dict)


def event_properties(db: Session, root: Path, name: str) -> dict[str, Any]:
    """The property keys of event ``name`` in its latest PROPERTY_SAMPLE rows, most used
    first, each with the kinds of value seen (``number``, ``string``, ``boolean``, ``object``)."""
    with open_event_view(db, root) as view:
        rows = view.connection.execute(
            f"SELECT props FROM events WHERE name = ? ORDER BY ts DESC LIMIT {PROPERTY_SAMPLE}",
            [name],
        ).fetchall()
    keys: dict[str, _Key] = {}
    for (raw,) in rows:
        for key, value in json.loads(raw or "{}").items():
            entry = keys.setdefault(key, _Key())
            entry.count += 1
            if value is not None:
                entry.kinds[_kind(value)] = None
    ordered = sorted(keys.items(), key=lambda item: (-item[1].count, item[0]))
    return {
        "name": name,
        "sampled": len(rows),
        "properties": [
            {"key": key, "count": entry.count, "types": sorted(entry.kinds)}
            for key, entry in ordered
        ],
    }


# Property values: the most frequent values of one property in recent events, for the
# filter value suggestions. Bounded three ways: the latest VALUE_SAMPLE rows only, at most
# MAX_VALUES answered, and values longer than MAX_VALUE_LENGTH left out (a cut value would
# not match as a filter, so it is not offered).
VALUE_SAMPLE = 5000
MAX_VALUES = 100
MAX_VALUE_LENGTH = 200
PROPERTIES_PREFIX = "properties."


def _value_text(value: Any) -> str | None:
    """A value as the filter field takes it; None for objects, lists and nulls."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return value
    return None


def _recent_props(db: Session, root: Path, name: str | None) -> list[str | None]:
    where, params = ("WHERE name = ? ", [name]) if name else ("", [])
    with open_event_view(db, root) as view:
        rows = view.connection.execute(
            f"SELECT props FROM events {where}ORDER BY ts DESC LIMIT {VALUE_SAMPLE}", params
        ).fetchall()
    return [raw for (raw,) in rows]


def property_values(
    db: Session, root: Path, name: str | None, key: str, contains: str = "", limit: int = 20
) -> dict[str, Any]:
    """The values of property ``key`` (``properties.x`` is ``x``, as in filters) in the
    latest VALUE_SAMPLE events named ``name`` (any event when None), most frequent first;
    ``contains`` keeps those holding it (case-insensitive); at most ``limit`` of them."""
    key = key.removeprefix(PROPERTIES_PREFIX)
    needle = contains.casefold()
    raws = _recent_props(db, root, name)
    counts: dict[str, int] = {}
    for raw in raws:
        text = _value_text(json.loads(raw or "{}").get(key))
        if text is None or len(text) > MAX_VALUE_LENGTH or needle not in text.casefold():
            continue
        counts[text] = counts.get(text, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {
        "name": name,
        "property": key,
        "sampled": len(raws),
        "values": [{"value": text, "count": n} for text, n in ordered[: min(limit, MAX_VALUES)]],
    }
