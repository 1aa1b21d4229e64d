"""Reading JSON request bodies: wrong type → 415, unreadable → 400, never a half-read."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from gaugeboard.errors import MalformedRequest, UnsupportedMediaType, ValidationFailed
from gaugeboard.web.guard import request_body


def json_object() -> dict[str, Any]:
    if not request.is_json:
        raise UnsupportedMediaType("Content-Type: must be application/json")
    raw = request_body()
    try:
        body = json.loads(raw or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedRequest(f"body: not valid JSON ({exc})") from None
    except RecursionError:
        raise MalformedRequest("body: nested too deeply") from None
    if not isinstance(body, dict):
        raise MalformedRequest("body: must be a JSON object")
    return body


def text_field(body: dict[str, Any], name: str, required: bool = True, default: str = "") -> str:
    value = body.get(name)
    if value is None:
        if required:
            raise ValidationFailed(f"{name}: is required")
        return default
    if not isinstance(value, str):
        raise ValidationFailed(f"{name}: must be a string")
    return value
