"""Our app behind a thin WSGI layer for the client's tests: it records each call that
reaches it, and can answer the next few calls with an error (as a proxy in front of a busy
server would) before letting the rest through to the app."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass
class Failure:
    times: int
    status: int
    method: str | None
    path: str | None
    headers: list[tuple[str, str]]

    def matches(self, method: str, path: str) -> bool:
        wanted_method = self.method is None or self.method == method
        return self.times > 0 and wanted_method and (self.path is None or path == self.path)


@dataclass
class Recorder:
    """``calls`` lists (method, path, query string) of every call, failed or passed on."""

    app: WsgiApp
    calls: list[tuple[str, str, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    # Called with (method, path) before a call reaches the app (a test ticks the jobs here).
    before: Callable[[str, str], None] | None = None
    # Mark where a chunked body ends, as gunicorn does (httpx's WSGI transport does not, so
    # by default the app refuses a streamed upload with 411, as a plain WSGI server would).
    terminated: bool = False
    # (method, path, body length, whether it came chunked) of each call that has a body.
    bodies: list[tuple[str, str, int, bool]] = field(default_factory=list)

    def fail(
        self,
        times: int = 1,
        status: int = 503,
        method: str | None = None,
        path: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next ``times`` calls (of ``method`` to ``path``, when given) with
        ``status`` and gaugeboard's error body, without reaching the app."""
        extra = list((headers or {}).items())
        self.failures.append(Failure(times, status, method, path, extra))

    def paths(self, method: str | None = None) -> list[str]:
        return [path for verb, path, _ in self.calls if method in (None, verb)]

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        self.calls.append((method, path, environ.get("QUERY_STRING", "")))
        size = len(environ["wsgi.input"].getvalue()) if "wsgi.input" in environ else 0
        chunked = environ.get("HTTP_TRANSFER_ENCODING", "") == "chunked"
        if size:
            self.bodies.append((method, path, size, chunked))
        if self.terminated:
            environ["wsgi.input_terminated"] = True
        for failure in self.failures:
            if failure.matches(method, path):
                failure.times -= 1
                return self._refuse(failure, start_response)
        if self.before is not None:
            self.before(method, path)
        return self.app(environ, start_response)

    @staticmethod
    def _refuse(failure: Failure, start_response: StartResponse) -> list[bytes]:
        message = f"busy ({failure.status})"
        body = {
            "ok": False,
            "status": failure.status,
            "code": "busy",
            "error": message,
            "errors": [message],
        }
        headers = [("Content-Type", "application/json"), *failure.headers]
        start_response(f"{failure.status} {REASONS.get(failure.status, 'Error')}", headers)
        return [json.dumps(body).encode()]
