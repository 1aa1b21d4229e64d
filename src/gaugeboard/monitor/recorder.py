"""Record every response of the app: a WSGI wrapper around ``app.wsgi_app``.

The wrapper times the call and reads the status and Content-Length from
``start_response``; a teardown hook notes the matched route rule in the WSGI environ
while the request context still exists. A request whose exception escapes the app counts
as a 500. Streamed bodies without a length are counted as they are sent and recorded
when the server closes them. Requests that match no route (routing 404/405) have no rule
and are not recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Flask, request

from gaugeboard.monitor.counters import RequestCounters
from gaugeboard.monitor.routes import RouteSelection

RULE_KEY = "gaugeboard.monitor.rule"
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class RequestRecorder:
    """Wraps one app's ``wsgi_app``; counts go to ``counters`` (per process)."""

    def __init__(
        self,
        app: Flask,
        selection: RouteSelection,
        counters_of_process: Callable[[], RequestCounters],
    ) -> None:
        self.selection = selection
        self.counters_of_process = counters_of_process
        self.wrapped: WsgiApp = app.wsgi_app
        app.wsgi_app = self  # type: ignore[method-assign]
        app.teardown_request(self._note_rule)

    def _note_rule(self, _exc: BaseException | None = None) -> None:
        rule = request.url_rule
        if rule is not None:
            recorded = self.selection.recorded_rule(rule)
            if recorded is not None:
                request.environ[RULE_KEY] = recorded

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        sent: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            sent[:] = [status, headers]
            return start_response(status, headers, *exc_info)

        try:
            body = self.wrapped(environ, capture)
        except BaseException:
            self.record(environ, 500, started, 0)
            raise
        if not sent:  # the app returned an iterable that calls start_response lazily
            return _CountedBody(body, self, environ, started, sent)
        status = int(sent[0][:3])
        length = _content_length(sent[1])
        if length is None:
            return _CountedBody(body, self, environ, started, sent)
        self.record(environ, status, started, length)
        return body

    def record(self, environ: dict[str, Any], status: int, started: float, size: int) -> None:
        rule = environ.get(RULE_KEY)
        if rule is None:
            return
        now = time.time()
        duration_ms = (time.perf_counter() - started) * 1000.0
        method = environ.get("REQUEST_METHOD", "GET")
        self.counters_of_process().record(rule, method, status, duration_ms, size, now)


def _content_length(headers: list[tuple[str, str]]) -> int | None:
    for name, value in headers:
        if name.lower() == "content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class _CountedBody:
    """A response body counted as it is sent; recorded when the server closes it."""

    def __init__(
        self,
        body: Iterable[bytes],
        recorder: RequestRecorder,
        environ: dict[str, Any],
        started: float,
        sent: list[Any],
    ) -> None:
        self.body = body
        self.recorder = recorder
        self.environ = environ
        self.started = started
        self.sent = sent
        self.size = 0
        self.failed = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            for chunk in self.body:
                self.size += len(chunk)
                yield chunk
        except BaseException:
            self.failed = True
            raise

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            status = 500 if self.failed or not self.sent else int(self.sent[0][:3])
            self.recorder.record(self.environ, status, self.started, self.size)
