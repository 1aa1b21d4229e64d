"""Read events out of tracking requests: query/form parameters, ``_d`` (base64 JSON), JSON bodies.

Parameters of the request act as defaults for each event found in ``_d`` or a JSON body,
so ``/e?_k=KEY&_p=bob`` with ``_d`` holding a list gives every event the person ``bob``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

import orjson

from gaugeboard.errors import MalformedRequest


def decode_data_parameter(encoded: str) -> list[Any]:
    """``_d``: base64 (standard or URL-safe, padding optional) of a JSON object or list."""
    text = encoded.strip().replace(" ", "+")
    padded = text + "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(
            padded, altchars=b"-_" if ("-" in text or "_" in text) else None, validate=True
        )
        decoded = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise MalformedRequest("_d: must be base64 of a JSON object or list") from None
    return as_event_list(decoded, "_d")


def as_event_list(decoded: Any, field: str) -> list[Any]:
    if isinstance(decoded, dict):
        return [decoded]
    if isinstance(decoded, list):
        return decoded
    raise MalformedRequest(f"{field}: must be a JSON object or a list of objects")


def merge_defaults(defaults: Mapping[str, Any], events: list[Any]) -> list[Any]:
    """Each event's own keys win over the request-level parameters."""
    if not defaults:
        return events
    return [{**defaults, **event} if isinstance(event, dict) else event for event in events]


def events_from_parameters(parameters: Mapping[str, str]) -> list[Any]:
    """Events of a GET or form POST: one from the parameters, or those in ``_d``."""
    defaults = {key: value for key, value in parameters.items() if key not in {"_d", "_k"}}
    encoded = parameters.get("_d")
    if encoded:
        return merge_defaults(defaults, decode_data_parameter(encoded))
    return [defaults]


def events_from_json_body(body: bytes, parameters: Mapping[str, str]) -> list[Any]:
    try:
        decoded = orjson.loads(body or b"null")
    except orjson.JSONDecodeError:
        raise MalformedRequest("body: not valid JSON") from None
    defaults = {key: value for key, value in parameters.items() if key not in {"_d", "_k"}}
    return merge_defaults(defaults, as_event_list(decoded, "body"))
