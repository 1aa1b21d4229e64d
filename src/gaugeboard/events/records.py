"""One validated event, ready to be written to the tail."""

from __future__ import annotations

from typing import Any, NamedTuple


class EventRecord(NamedTuple):
    """A tuple, not a dataclass: a batch of 1,000 is built per request, so creation cost counts."""

    name: str
    person: str
    ts_us: int
    properties: dict[str, Any]
    insert_id: str | None = None
