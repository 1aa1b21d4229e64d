"""Record every response of the app: a WSGI wrapper around ``app.wsgi_app``.

The wrapper times the call and reads the status and Content-Length from
``start_response``, and the matched route rule from Flask's request object, which is
still in the WSGI environ at that moment (no Flask hook is added: a teardown function
alone costs Flask about 3 µs per request). A request whose exception escapes the app counts
as a 500. Streamed bodies without a length are counted as they are sent and recorded
when the server closes them. Requests that match no route (routing 404/405) have no rule
and are not recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from gaugeboard.monitor.counters import RequestCounters
from gaugeboard.monitor.routes import RouteSelection

RULE_KEY = "gaugeboard.monitor.rule"
REQUEST_KEY = "werkzeug.request"
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
        self.app = app
        self.selection = selection
        self.counters_of_process = counters_of_process
        self.wrapped: WsgiApp = app.wsgi_app
        app.wsgi_app = self  # type: ignore[method-assign]

    def _note_rule(self, environ: dict[str, Any]) -> None:
        """While Flask calls ``start_response`` its request object is still in the environ
        (it is cleared when the request context pops): read the matched rule there."""
        if RULE_KEY in environ:
            return
        live = environ.get(REQUEST_KEY)
        rule = getattr(live, "url_rule", None)
        if rule is not None:
            environ[RULE_KEY] = self.selection.recorded_rule(rule)

    def note_rule(self, environ: dict[str, Any], rule: Rule) -> None:
        """For a request answered without Flask's dispatch: record it under ``rule``."""
        environ[RULE_KEY] = self.selection.recorded_rule(rule)

    def _rule_after_failure(self, environ: dict[str, Any]) -> None:
        """An exception escaped before any response: match the URL again (rare path)."""
        if RULE_KEY in environ:
            return
        try:
            rule, _args = self.app.url_map.bind_to_environ(environ).match(return_rule=True)
        except HTTPException:
            return
        environ[RULE_KEY] = self.selection.recorded_rule(rule)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        sent: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            sent[:] = [status, headers]
            self._note_rule(environ)
            return start_response(status, headers, *exc_info)

        try:
            body = self.wrapped(environ, capture)
        except BaseException:
            self._rule_after_failure(environ)
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
