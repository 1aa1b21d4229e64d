"""The JSON API's event format: the tracking keys (``_n``…) or named fields, one or many.

Named form: ``{"name", "person", "time", "properties": {…}, "insert_id"}``, where ``time``
is epoch seconds or an ISO 8601 string. A body may be one event, a list, or
``{"key": "...", "events": [...]}``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from gaugeboard.errors import MalformedRequest, ValidationFailed
from gaugeboard.events.validation import NOT_UNICODE, is_unicode

NAMED_FIELDS = {"name", "person", "time", "properties", "insert_id"}


def _epoch(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return value  # validation names the field
    return value


def _named_problems(event: dict[str, Any]) -> list[str]:
    problems = [
        f"{field if is_unicode(field) else repr(field)}: unknown field"
        for field in sorted(set(event) - NAMED_FIELDS)
    ]
    if not isinstance(event.get("properties") or {}, dict):
        problems.append("properties: must be an object")
    return problems


def to_tracking_keys(event: Any) -> Any:
    """Named fields → underscore keys; other shapes pass through unchanged."""
    if not isinstance(event, dict) or "_n" in event or "name" not in event:
        return event
    converted: dict[str, Any] = {**(event.get("properties") or {}), "_n": event.get("name")}
    for source, target in (("person", "_p"), ("insert_id", "insert_id")):
        if event.get(source) is not None:
            converted[target] = event[source]
    if event.get("time") is not None:
        converted["_t"] = _epoch(event["time"])
    return converted


def events_from_api_body(body: bytes) -> tuple[list[Any], str | None]:
    """The events of a body and the key it names, or every shape problem at once."""
    try:
        decoded = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MalformedRequest("body: not valid JSON") from None
    key = None
    if isinstance(decoded, dict) and "events" in decoded:
        key = decoded.get("key") if isinstance(decoded.get("key"), str) else None
        if key is not None and not is_unicode(key):
            raise ValidationFailed(f"key: {NOT_UNICODE}")
        decoded = decoded["events"]
    if isinstance(decoded, dict):
        decoded = [decoded]
    if not isinstance(decoded, list):
        raise MalformedRequest('body: must be an event object, a list, or {"events": [...]}')
    problems: list[str] = []
    for index, event in enumerate(decoded):
        if isinstance(event, dict) and "_n" not in event and "name" in event:
            prefix = f"events[{index}]." if len(decoded) > 1 else ""
            problems.extend(prefix + problem for problem in _named_problems(event))
    if problems:
        raise ValidationFailed(problems)
    return [to_tracking_keys(event) for event in decoded], key
