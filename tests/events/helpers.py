"""Small helpers for the event tests."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from gaugeboard.events.ingest import store_events
from gaugeboard.events.segments import seal_tail
from gaugeboard.events.validation import parse_events

# Two days of a closed month, for the sealing tests; events are stored as received 30
# days later, so both days are closed.
DAY1 = datetime(2026, 3, 1, 12, tzinfo=UTC).timestamp()
DAY2 = DAY1 + 86400


def encode_d(value: Any) -> str:
    return base64.b64encode(json.dumps(value).encode()).decode()


def listed(client: FlaskClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = client.get("/events", query_string=params, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    items = response.get_json()["items"]
    assert isinstance(items, list)
    return items


def ingest(db: Session, *events: dict[str, Any]) -> None:
    """Store the events into the tail as one batch of key 1."""
    store_events(db, 1, parse_events(list(events), now=DAY2 + 86400 * 30))


def post_events(
    client: FlaskClient, event_key: str, events: list[dict[str, Any]], batch: int = 500
) -> None:
    """Send ``events`` through ``POST /e`` in batches, each acknowledged."""
    for start in range(0, len(events), batch):
        assert client.post(f"/e?_k={event_key}", json=events[start : start + batch]).data == b"1"


def seal_first(app: Flask, rows: int) -> None:
    """Seal the tail's first ``rows`` events into Parquet segments; the rest stay in the tail."""
    from tests.conftest import state

    with state(app).database.sessions() as session:
        seal_tail(session, state(app).segments_dir, max_rows=rows)
