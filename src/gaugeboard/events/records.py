"""One validated event, ready to be written to the tail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EventRecord:
    name: str
    person: str
    ts_us: int
    properties: dict[str, Any] = field(default_factory=dict)
    insert_id: str | None = None
