"""Turn raised errors into the JSON error body (APIs) or an HTML error page (pages)."""

from __future__ import annotations

import logging

from flask import Response, render_template, request
from werkzeug.exceptions import HTTPException

from gaugeboard.errors import (
    Conflict,
    Forbidden,
    GaugeboardError,
    InternalError,
    MalformedRequest,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    Unauthorized,
    UnsupportedMediaType,
)
from gaugeboard.http.page_context import page_context
from gaugeboard.http.responses import declared_error_style, json_response, wants_json

log = logging.getLogger(__name__)

_BY_STATUS: dict[int, type[GaugeboardError]] = {
    400: MalformedRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
}


HEADINGS = {
    400: "That request could not be read",
    401: "Please sign in",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That action is not allowed here",
    409: "That conflicts with what is already there",
    413: "That is too large",
    429: "Too many requests",
}


REFUSED_HEADER = "X-Gaugeboard-Refused"
MAX_REASON_CHARS = 300


def refusal_reason(error: GaugeboardError) -> str:
    """The error's messages on one header-safe line (ASCII, no line breaks, bounded)."""
    text = "; ".join(error.errors) or error.code
    safe = text.encode("ascii", "backslashreplace").decode("ascii")
    safe = " ".join(safe.split())
    return safe[:MAX_REASON_CHARS]


def note_refusal(error: GaugeboardError) -> str:
    """Log why a tracking call stored nothing (for the developer integrating it; the
    answer itself is only ``0``) and answer the reason for the refusal header."""
    reason = refusal_reason(error)
    log.info("%s %s stored nothing (%s): %s", request.method, request.path, error.status, reason)
    return reason


def render_error(error: GaugeboardError) -> Response:
    headers = error.headers()
    if declared_error_style() == "zero":
        # The tracking API's documented answer: text ``0`` when nothing was stored; the
        # reason goes in a header and the log.
        headers[REFUSED_HEADER] = note_refusal(error)
        return Response("0", status=error.status, headers=headers, mimetype="text/plain")
    if wants_json():
        return json_response(error.body(), error.status, headers)
    page = render_template(
        "gaugeboard/error.html",
        status=error.status,
        errors=error.errors,
        heading=HEADINGS.get(error.status, "Something went wrong"),
        **page_context(),
    )
    return Response(page, status=error.status, headers=headers, mimetype="text/html")


def handle_gaugeboard_error(error: GaugeboardError) -> Response:
    return render_error(error)


def from_http_exception(exc: HTTPException) -> GaugeboardError:
    """Map Werkzeug's errors (404, 405, 413, bad form data…) onto our classes."""
    status = exc.code or 500
    if status == 405:
        valid = getattr(exc, "valid_methods", None) or []
        return MethodNotAllowed(valid)
    if status == 429:
        return RateLimited(60)
    cls = _BY_STATUS.get(status)
    if cls is None:
        return MalformedRequest(exc.description) if 400 <= status < 500 else InternalError()
    return cls(exc.description) if cls is MalformedRequest else cls()


def handle_http_exception(exc: HTTPException) -> Response | HTTPException:
    if exc.code is not None and exc.code < 400:
        return exc  # redirects raised by routing (e.g. a missing trailing slash) pass through
    return render_error(from_http_exception(exc))


def handle_unexpected(exc: Exception) -> Response:
    """Log the traceback; the client hears only that something failed."""
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)  # type: ignore[return-value]
    log.exception("unhandled error while serving a gaugeboard request")
    return render_error(InternalError())
