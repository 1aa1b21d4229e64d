"""What the client raises, in one tree, so a script catches as widely or as narrowly as it
needs::

    GaugeboardError            anything the server refused, or that never reached it
    ├── BadRequest             400: the request was wrong; ``errors`` names every problem
    ├── Unauthorized           401: no credentials, or they are wrong or expired
    ├── Forbidden              403: the credentials may not do this
    ├── NotFound               404: no such thing (or not visible to this caller)
    ├── Conflict               409: a name taken, a key stored already, a stale version
    ├── RateLimited            429: too many calls; ``retry_after`` says how long to wait
    ├── ServerError            5xx: the server failed; retried first when that is safe
    └── TransportFailed        no answer at all: connection refused, timed out

Each carries the server's JSON error body as it came (``status``, ``code``, ``errors``,
``message`` and the whole ``body``), so nothing the server said is lost.
"""

from __future__ import annotations

from typing import Any

import httpx


class GaugeboardError(Exception):
    """The server refused a call (or never answered); ``errors`` lists each problem as the
    server named it, ``code`` is its machine-readable kind."""

    def __init__(
        self,
        status: int,
        code: str,
        errors: list[str],
        message: str | None = None,
        body: Any = None,
    ) -> None:
        self.status = status
        self.code = code
        self.errors = errors
        self.message = message if message is not None else "; ".join(errors)
        self.body = body
        super().__init__(f"{status} {code}: {self.message}")


class BadRequest(GaugeboardError):
    """400: the server named what is wrong with the request in ``errors``."""


class Unauthorized(GaugeboardError):
    """401: no credentials, or wrong or expired ones."""


class Forbidden(GaugeboardError):
    """403: the caller may not do this."""


class NotFound(GaugeboardError):
    """404: no such resource, or one the caller may not see."""


class Conflict(GaugeboardError):
    """409: the request clashes with what is stored (a name, a key, a version)."""


class RateLimited(GaugeboardError):
    """429: too many calls; ``retry_after`` is the seconds the server asked to wait."""

    retry_after: float | None = None


class ServerError(GaugeboardError):
    """5xx: the server failed (it never says why in the body: read its log)."""


class TransportFailed(GaugeboardError):
    """The call got no answer: the connection failed or timed out (status 0)."""


# The name the client's errors had before the hierarchy; still exported.
ClientError = GaugeboardError

_BY_STATUS: dict[int, type[GaugeboardError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def error_class(status: int) -> type[GaugeboardError]:
    """The exception class for an HTTP error status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, GaugeboardError)


def retry_after(response: httpx.Response) -> float | None:
    """The ``Retry-After`` header in seconds (only the seconds form; dates are ignored)."""
    raw = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(raw)) if raw else None
    except ValueError:
        return None


def error_from(response: httpx.Response) -> GaugeboardError:
    """The typed exception for an error answer, carrying its JSON body's fields (or, for a
    body that is not gaugeboard's error JSON, the start of its text)."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    fields = body if isinstance(body, dict) else {}
    status = response.status_code
    phrase = httpx.codes.get_reason_phrase(status).lower().replace(" ", "_")
    code = str(fields.get("code") or phrase or "error")
    errors = fields.get("errors")
    if not isinstance(errors, list) or not errors:
        text = fields.get("error") or response.text[:200] or code
        errors = [str(text)]
    # The token endpoint answers in RFC 6749's shape: ``error`` is a code there, and the
    # words are in ``error_description``.
    message = fields.get("error_description") or fields.get("error")
    error = error_class(status)(
        status, code, [str(item) for item in errors], str(message) if message else None, body
    )
    if isinstance(error, RateLimited):
        error.retry_after = retry_after(response)
    return error
