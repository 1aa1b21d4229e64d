"""Column headers a reader understands, from the query an events result carries:
"Day" rather than ``time``, "Country" rather than ``series``, "Signup" (what is counted)
rather than ``total``. The old names stay accepted where a document names columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_MEASURES = {
    "unique_persons": "Unique persons",
    "sum": "Sum of {}",
    "avg": "Average {}",
    "min": "Smallest {}",
    "max": "Largest {}",
}


def words(name: str) -> str:
    """A name as words with a capital: ``sign_up`` → "Sign up", ``properties.plan`` → "Plan"."""
    text = name.removeprefix("properties.").replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:] if text else name


def _query(result: Mapping[str, Any]) -> Mapping[str, Any]:
    query = result.get("query")
    return query if isinstance(query, Mapping) else {}


def time_header(result: Mapping[str, Any]) -> str:
    """The time column: the bucket's name ("Day", "Hour"…)."""
    bucket = _query(result).get("bucket")
    return words(bucket) if isinstance(bucket, str) else "Time"


def grain(result: Mapping[str, Any]) -> str | None:
    """The bucket of the result's times (how the browser spells them), if known."""
    bucket = _query(result).get("bucket")
    return bucket if isinstance(bucket, str) else None


def split_header(result: Mapping[str, Any]) -> str:
    """What splits the rows: the breakdown property, else "Series"."""
    breakdown = _query(result).get("breakdown")
    return words(breakdown) if isinstance(breakdown, str) else "Series"


def measure_header(result: Mapping[str, Any]) -> str:
    """What a value is: "Signup" (a count of that event), "Unique persons", "Sum of amount"."""
    query = _query(result)
    metric = query.get("metric", "count")
    event = query.get("event")
    if metric == "count" or metric not in _MEASURES:
        return words(event) if isinstance(event, str) and event else "Events"
    return _MEASURES[metric].format(query.get("property") or "value")
