"""HTTP calls of the Python client; every server error becomes a ClientError with its list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import httpx


class ClientError(Exception):
    """The server refused a call; ``errors`` lists each problem as the server named it."""

    def __init__(self, status: int, code: str, errors: list[str]) -> None:
        self.status = status
        self.code = code
        self.errors = errors
        super().__init__(f"{status} {code}: {'; '.join(errors)}")


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
    """A gaugeboard server: ``token`` for reading and querying, ``event_key`` for sending."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        event_key: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.event_key = event_key
        self.http = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _json(self, response: httpx.Response) -> Any:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code >= 400:
            errors = body.get("errors") if isinstance(body, dict) else None
            code = body.get("code", "error") if isinstance(body, dict) else "error"
            raise ClientError(
                response.status_code, str(code), list(errors or [response.text[:200]])
            )
        return body

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
        """Send up to 1,000 events in one all-or-nothing request."""
        if not self.event_key:
            raise ValueError("event_key is required to send events")
        body = {"key": self.event_key, "events": list(events)}
        stored = self._json(self.http.post("/api/event", json=body))["stored"]
        return int(stored)

    def query(self, query: Mapping[str, Any]) -> dict[str, Any]:
        """Run a metric, funnel or retention query (see docs/events.md)."""
        result = self._json(self.http.post("/api/metric/query", json=dict(query)))
        assert isinstance(result, dict)
        return result

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """One page of ``GET /events`` (newest first) with its filters."""
        items = self._json(self.http.get("/events", params=filters))["items"]
        assert isinstance(items, list)
        return items


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
