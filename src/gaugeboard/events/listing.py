"""``GET /events``: events newest first, filtered and paginated in DuckDB; the query
string is checked and described by ``EventListQuery``."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from sqlalchemy.orm import Session

from gaugeboard.events.engine import open_event_view
from gaugeboard.paging import PAGE_NUMBER, WholeNumber
from gaugeboard.store.event_keys import list_event_keys

EPOCH_LIMIT = 1e11  # about the year 5138: beyond it, no stored event can match
DEFAULT_LIMIT = 25
MAX_LIMIT = 1000
PROPERTY_PREFIX = "properties."  # for property names that clash with a parameter, e.g. "page"


def _epoch(value: Any) -> Any:
    """Unix epoch seconds within what can be stored; blank is no bound."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if (
        isinstance(value, bool)
        or not math.isfinite(number)
        or not -EPOCH_LIMIT < number < EPOCH_LIMIT
    ):
        raise ValueError("must be Unix epoch seconds (a number)")
    return number


Epoch = Annotated[float | None, BeforeValidator(_epoch)]


class EventListQuery(BaseModel):
    """Filters; any other parameter (or ``properties.<name>``) matches a property."""

    model_config = ConfigDict(extra="allow")
    name: str = ""
    person: str = ""
    key: str = Field("", description="An event key's name")
    before: Epoch = Field(None, description="Epoch seconds, exclusive")
    after: Epoch = Field(None, description="Epoch seconds, exclusive")
    limit: Annotated[int, WholeNumber(1, MAX_LIMIT)] = DEFAULT_LIMIT
    page: Annotated[int, PAGE_NUMBER] = 1

    def properties(self) -> dict[str, str]:
        """The property filters: every other parameter but the reserved ``_…`` ones."""
        return {
            name.removeprefix(PROPERTY_PREFIX): str(value)
            for name, value in (self.model_extra or {}).items()
            if not name.startswith("_")
        }


def list_events(
    db: Session, root: Path, query: EventListQuery
) -> tuple[list[dict[str, Any]], bool]:
    """The page of events and whether another page follows."""
    keys = {key.id: key.name for key in list_event_keys(db)}
    min_us = int(query.after * 1_000_000) if query.after is not None else None
    max_us = int(query.before * 1_000_000) + 1 if query.before is not None else None
    with open_event_view(db, root, min_us, max_us) as view:
        conditions: list[str] = ["TRUE"]
        parameters: list[str | int] = []
        for column, value in (("name", query.name), ("person", query.person)):
            if value:
                conditions.append(f"{column} = ?")
                parameters.append(value)
        if query.after is not None:
            conditions.append("epoch_us(ts) > ?")
            parameters.append(int(query.after * 1_000_000))
        if query.before is not None:
            conditions.append("epoch_us(ts) < ?")
            parameters.append(int(query.before * 1_000_000))
        if query.key:
            wanted = [key_id for key_id, name in keys.items() if name == query.key]
            conditions.append(f"key_id = {wanted[0]}" if wanted else "FALSE")
        for key, value in query.properties().items():
            conditions.append(f"{view.text_property(key)} = ?")
            parameters.append(value)
        offset = (query.page - 1) * query.limit
        sql = (
            "SELECT key_id, name, person, epoch_us(ts), props FROM events WHERE "
            + " AND ".join(conditions)
            # ts alone ties for every event of one request: break ties on every column so
            # pages neither skip nor repeat rows.
            + " ORDER BY ts DESC, name, person, props, key_id"
            + f" LIMIT {query.limit + 1} OFFSET {offset}"
        )
        rows = view.connection.execute(sql, parameters).fetchall()
    items = [
        {
            "key": keys.get(key_id),
            "name": name,
            "person": person or None,
            "time": ts_us / 1_000_000,
            "timestamp": datetime.fromtimestamp(ts_us / 1_000_000, UTC)
            .isoformat()
            .replace("+00:00", "Z"),
            "properties": json.loads(props),
        }
        for key_id, name, person, ts_us, props in rows[: query.limit]
    ]
    return items, len(rows) > query.limit
