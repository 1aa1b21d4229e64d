"""``GET /events``: events newest first, filtered and paginated in DuckDB."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.errors import ValidationFailed
from gaugeboard.events.engine import open_event_view
from gaugeboard.paging import MAX_PAGE, whole_number
from gaugeboard.store.event_keys import list_event_keys

EPOCH_LIMIT = 1e11  # about the year 5138: beyond it, no stored event can match
DEFAULT_LIMIT = 25
MAX_LIMIT = 1000
PROPERTY_PREFIX = "properties."  # for property names that clash with a parameter, e.g. "page"
KNOWN_PARAMETERS = {"name", "person", "before", "after", "limit", "page", "key"}


@dataclass(frozen=True)
class ListQuery:
    name: str | None = None
    person: str | None = None
    before: float | None = None  # exclusive: time < before
    after: float | None = None  # exclusive: time > after
    limit: int = DEFAULT_LIMIT
    page: int = 1
    key: str | None = None
    properties: dict[str, str] = field(default_factory=dict)


def _number(name: str, raw: str, problems: list[str]) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not -EPOCH_LIMIT < value < EPOCH_LIMIT:
        problems.append(f"{name}: must be Unix epoch seconds (a number)")
        return None
    return value


def parse_list_query(args: dict[str, str]) -> ListQuery:
    """Validate the query string; every problem is reported at once."""
    problems: list[str] = []
    before = _number("before", args["before"], problems) if args.get("before") else None
    after = _number("after", args["after"], problems) if args.get("after") else None
    limit = whole_number("limit", args.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, problems)
    page = whole_number("page", args.get("page"), 1, 1, MAX_PAGE, problems)
    if problems:
        raise ValidationFailed(problems)
    properties = {
        k.removeprefix(PROPERTY_PREFIX): v
        for k, v in args.items()
        if k not in KNOWN_PARAMETERS and not k.startswith("_")
    }
    return ListQuery(
        name=args.get("name") or None,
        person=args.get("person") or None,
        before=before,
        after=after,
        limit=limit,
        page=page,
        key=args.get("key") or None,
        properties=properties,
    )


def list_events(db: Session, root: Path, query: ListQuery) -> tuple[list[dict[str, Any]], bool]:
    """The page of events and whether another page follows."""
    keys = {key.id: key.name for key in list_event_keys(db)}
    min_us = int(query.after * 1_000_000) if query.after is not None else None
    max_us = int(query.before * 1_000_000) + 1 if query.before is not None else None
    with open_event_view(db, root, min_us, max_us) as view:
        conditions: list[str] = ["TRUE"]
        parameters: list[str | int] = []
        for column, value in (("name", query.name), ("person", query.person)):
            if value is not None:
                conditions.append(f"{column} = ?")
                parameters.append(value)
        if query.after is not None:
            conditions.append("epoch_us(ts) > ?")
            parameters.append(int(query.after * 1_000_000))
        if query.before is not None:
            conditions.append("epoch_us(ts) < ?")
            parameters.append(int(query.before * 1_000_000))
        if query.key is not None:
            wanted = [key_id for key_id, name in keys.items() if name == query.key]
            conditions.append(f"key_id = {wanted[0]}" if wanted else "FALSE")
        for key, value in query.properties.items():
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
