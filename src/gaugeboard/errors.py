"""The error hierarchy: each class carries its HTTP status and a stable machine code.

Views and services raise these; one handler turns them into the JSON error body
``{"ok": false, "status", "code", "error", "errors"}`` under ``/api/`` and ``/_api/``
and into an HTML error page elsewhere, so no view builds an error response by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class GaugeboardError(Exception):
    """Base class: a problem the client should hear about, with status and code."""

    status: int = 500
    code: str = "internal_error"
    default_message: str = "Internal server error."

    def __init__(self, errors: str | Iterable[str] | None = None) -> None:
        if errors is None:
            messages = [self.default_message]
        elif isinstance(errors, str):
            messages = [errors]
        else:
            messages = list(errors) or [self.default_message]
        self.errors: list[str] = messages
        super().__init__("; ".join(messages))

    @property
    def message(self) -> str:
        return "; ".join(self.errors)

    def headers(self) -> dict[str, str]:
        return {}

    def body(self) -> dict[str, Any]:
        return {
            "ok": False,
            "status": self.status,
            "code": self.code,
            "error": self.message,
            "errors": self.errors,
        }


class ValidationFailed(GaugeboardError):
    status = 400
    code = "validation_failed"
    default_message = "The request is not valid."


class MalformedRequest(GaugeboardError):
    status = 400
    code = "malformed_request"
    default_message = "The request body could not be read."


class Unauthorized(GaugeboardError):
    status = 401
    code = "unauthorized"
    default_message = "Authentication required."


class Forbidden(GaugeboardError):
    status = 403
    code = "forbidden"
    default_message = "You do not have permission to do this."


class CsrfFailed(Forbidden):
    code = "csrf_failed"
    default_message = "Missing or wrong CSRF token; reload the page and try again."


class NotFound(GaugeboardError):
    status = 404
    code = "not_found"
    default_message = "Not found."


class MethodNotAllowed(GaugeboardError):
    status = 405
    code = "method_not_allowed"
    default_message = "This method is not allowed here."

    def __init__(self, allowed: Iterable[str] = (), errors: str | None = None) -> None:
        self.allowed = sorted(allowed)
        super().__init__(errors)

    def headers(self) -> dict[str, str]:
        return {"Allow": ", ".join(self.allowed)} if self.allowed else {}


class Conflict(GaugeboardError):
    status = 409
    code = "conflict"
    default_message = "The resource changed or already exists."


class LengthRequired(GaugeboardError):
    status = 411
    code = "length_required"
    default_message = "Send the body with a Content-Length."


class PayloadTooLarge(GaugeboardError):
    status = 413
    code = "payload_too_large"
    default_message = "The request body is too large."


class UnsupportedMediaType(GaugeboardError):
    status = 415
    code = "unsupported_media_type"
    default_message = "Unsupported content type."


class RateLimited(GaugeboardError):
    status = 429
    code = "rate_limited"
    default_message = "Too many attempts; try again later."

    def __init__(self, retry_after_seconds: int, errors: str | None = None) -> None:
        self.retry_after_seconds = max(1, retry_after_seconds)
        super().__init__(errors)

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class InternalError(GaugeboardError):
    """Stands in for any unexpected exception: the text shown never includes its details."""


class ConfigurationError(Exception):
    """A setting or the environment makes it impossible to start; lists every problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class SourceFailed(GaugeboardError):
    """A widget's data source could not deliver: the remote answer, its size or time, or the
    server's rules for outgoing requests. 502 because the problem is upstream of the view."""

    status = 502
    code = "source_failed"
    default_message = "The widget's data source could not be read."


class OAuthError(GaugeboardError):
    """An answer of the OAuth token endpoint in RFC 6749 §5.2's shape: ``error`` is the RFC's
    code (``invalid_request``…) and ``error_description`` the words, beside the house fields
    (``ok``, ``status``, ``code`` — the same RFC code — and ``errors``, one per problem)."""

    status = 400
    code = "invalid_request"
    default_message = "The token request is not valid."

    def __init__(self, errors: str | Iterable[str] | None = None, challenge: bool = False) -> None:
        self.challenge = challenge
        super().__init__(errors)

    def headers(self) -> dict[str, str]:
        found = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if self.challenge:
            found["WWW-Authenticate"] = 'Basic realm="gaugeboard"'
        return found

    def body(self) -> dict[str, Any]:
        return {**super().body(), "error": self.code, "error_description": self.message}


class InvalidRequest(OAuthError):
    """RFC 6749 ``invalid_request``: a parameter missing, repeated or malformed."""


class UnsupportedGrantType(OAuthError):
    code = "unsupported_grant_type"
    default_message = "grant_type: only client_credentials is supported."


class InvalidClient(OAuthError):
    """RFC 6749 ``invalid_client``: unknown client, wrong secret, revoked client. With
    ``challenge`` (the client authenticated with HTTP Basic) the answer names the scheme."""

    status = 401
    code = "invalid_client"
    default_message = "Invalid client credentials."
