"""``Client``: send events and run events queries, over a ``Session`` (so with its retries,
timeouts and typed errors); results come as dicts, or as DataFrames with ``output="df"``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import httpx

from gaugeboard.client._frames import frame, utc_times
from gaugeboard.client._resource import check_output
from gaugeboard.client._results import result_rows
from gaugeboard.client._session import Session


def _event(
    name: str,
    person: str | None,
    properties: Mapping[str, Any] | None,
    time: datetime | float | None,
    insert_id: str | None,
) -> dict[str, Any]:
    event: dict[str, Any] = {"name": name, "properties": dict(properties or {})}
    if person is not None:
        event["person"] = person
    if isinstance(time, datetime):
        event["time"] = time.isoformat()
    elif time is not None:
        event["time"] = float(time)
    if insert_id is not None:
        event["insert_id"] = insert_id
    return event


class Client:
    """A gaugeboard server: ``token`` for reading and querying, ``event_key`` for sending
    (or ``session=`` an open ``Session``, with ``event_key``)."""

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        event_key: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        *,
        session: Session | None = None,
    ) -> None:
        if session is None:
            if base_url is None:
                raise ValueError("give the server's base_url (or session=)")
            session = Session(base_url, token, timeout=timeout, transport=transport)
        self.session = session
        self.event_key = event_key

    @property
    def http(self) -> httpx.Client:
        """The underlying httpx client."""
        return self.session.http

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def track(
        self,
        name: str,
        person: str | None = None,
        properties: Mapping[str, Any] | None = None,
        time: datetime | float | None = None,
        insert_id: str | None = None,
    ) -> int:
        """Send one event; returns how many were stored (0 for a retried ``insert_id``)."""
        return self.track_many([_event(name, person, properties, time, insert_id)])

    def track_many(self, events: Iterable[Mapping[str, Any]]) -> int:
        """Send up to 1,000 events in one all-or-nothing request (never sent twice: give
        each an ``insert_id`` to make sending again safe)."""
        if not self.event_key:
            raise ValueError("event_key is required to send events")
        body = {"key": self.event_key, "events": [dict(event) for event in events]}
        return int(self.session.send("POST", "api/event", body)["stored"])

    def query(self, query: Mapping[str, Any], output: str = "dict") -> Any:
        """Run a metric, funnel or retention query (see docs/events.md): the result as the
        server answers it, or (``output="df"``) its rows as a DataFrame, one per value."""
        check_output(output)
        result = self.session.send("POST", "api/metric/query", dict(query), idempotent=True)
        assert isinstance(result, dict)
        if output == "dict":
            return result
        df = frame(result_rows(result))
        if "t" in df.columns:
            df["t"] = utc_times(df["t"])
        return df

    def events(self, output: str = "dict", **filters: Any) -> Any:
        """One page of ``GET /events`` (newest first) with its filters, as dicts or (with
        ``output="df"``) a DataFrame."""
        check_output(output)
        items = self.session.get("events", **filters)["items"]
        assert isinstance(items, list)
        return items if output == "dict" else frame(items)


def track(
    base_url: str,
    event_key: str,
    name: str,
    person: str | None = None,
    properties: Mapping[str, Any] | None = None,
    **options: Any,
) -> int:
    """Send one event without keeping a client around."""
    with Client(base_url, event_key=event_key, **options) as client:
        return client.track(name, person=person, properties=properties)
