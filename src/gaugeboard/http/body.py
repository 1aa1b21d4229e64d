"""Reading request bodies: wrong type → 415, unreadable → 400, never a half-read.

Every view reads its JSON body and its form text here, so every route refuses, with the
field's path and the reason, what Python's reader or the database would fail on later
(over-long numbers, deep nesting, lone surrogates, NUL characters).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from flask import request

from gaugeboard.errors import (
    LengthRequired,
    MalformedRequest,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
)
from gaugeboard.json_text import UnreadableJson, load_json, text_problem, value_problems
from gaugeboard.state import current_state
from gaugeboard.view_marks import F, mark_of, marker

BODY_LIMIT = "MAX_REQUEST_BYTES"


def streamed_body(setting: str) -> Callable[[F], F]:
    """Declare a view that reads a large body as a stream (a CSV upload), up to the bytes
    of ``setting`` instead of MAX_REQUEST_BYTES; bodies it reads whole keep that limit."""
    return marker("body_limit", setting)


def upload_stream() -> IO[bytes]:
    """The body of a streamed view as a stream. A chunked body (no Content-Length) can be
    read only when the WSGI server marks where it ends (``wsgi.input_terminated``, as
    gunicorn and Werkzeug do); elsewhere it would read as empty, so it is refused with 411
    and the sender may send it again with its length."""
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if chunked and not request.environ.get("wsgi.input_terminated"):
        raise LengthRequired(
            "body: this server cannot read a chunked body; send it with a Content-Length"
        )
    return request.stream


def body_limit_setting(view: Callable[..., Any] | None) -> str:
    """The setting that bounds the body of ``view``."""
    found = mark_of(view, "body_limit")
    return found if isinstance(found, str) else BODY_LIMIT


def request_body() -> bytes:
    """The whole body, or 413 when it reaches the limit (chunked bodies are cut off at the
    limit by the server rather than refused, so a body of exactly the limit is refused)."""
    limit = current_state().settings[BODY_LIMIT]
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"body: larger than the limit of {limit} bytes")
    request.max_content_length = limit  # a chunked body on a streamed view is cut off here
    body = request.get_data(cache=True)
    if len(body) >= limit:
        raise PayloadTooLarge(f"body: larger than the limit of {limit} bytes")
    return body


def json_object() -> dict[str, Any]:
    """The JSON object of the body; 415 unless it is sent as JSON."""
    if not request.is_json:
        raise UnsupportedMediaType("Content-Type: must be application/json")
    body = _parsed_body()
    if not isinstance(body, dict):
        raise MalformedRequest("body: must be a JSON object")
    return body


def _parsed_body() -> Any:
    """The body parsed as JSON, with every string and the nesting checked."""
    try:
        body = load_json(request_body() or b"null")
    except UnreadableJson as exc:
        raise MalformedRequest(f"body: {exc}") from None
    problems = value_problems(body, "body")
    if problems:
        raise ValidationFailed(problems)
    return body


def form_text(name: str) -> str:
    """A form field's text ("" when absent). Werkzeug replaces invalid UTF-8, but a NUL
    character gets through and PostgreSQL refuses it in text."""
    value = request.form.get(name, "")
    reason = text_problem(value)
    if reason is not None:
        raise ValidationFailed(f"{name}: {reason}")
    return value


def text_field(body: dict[str, Any], name: str, required: bool = True, default: str = "") -> str:
    value = body.get(name)
    if value is None:
        if required:
            raise ValidationFailed(f"{name}: is required")
        return default
    if not isinstance(value, str):
        raise ValidationFailed(f"{name}: must be a string")
    return value
