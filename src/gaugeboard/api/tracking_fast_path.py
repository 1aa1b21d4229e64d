"""A short way through for the hottest request, ``GET /e`` with a known key: a WSGI
wrapper that stores the event and answers ``1`` without Flask's dispatch.

Only the plain success case goes this way, and only when it is provably the same as the
Flask view: the key is live in this process's key cache, the events parse, and the
response headers are a copy of those Flask gave a successful ``GET /e`` in this process
(security and CORS headers included). Anything else (an unknown or revoked key, a bad
event, a body, another method, the first request of a process) is handed to Flask,
before anything is stored, so errors keep their one code path. A failure while storing
answers ``0`` with status 500, as the view does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.routing import Rule
from werkzeug.wrappers import Request

from gaugeboard.events.decoding import events_from_parameters
from gaugeboard.events.validation import parse_events
from gaugeboard.state import GaugeboardState

log = logging.getLogger(__name__)

TRACK_ENDPOINT = "gaugeboard.track.track"
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
NoteRule = Callable[[dict[str, Any], Rule], None]
FAILED_STATUS = "500 INTERNAL SERVER ERROR"


class TrackingFastPath:
    """Wraps the Flask ``wsgi_app`` (inside the status recorder, so ``/e`` is still counted)."""

    def __init__(
        self, wrapped: WsgiApp, state: GaugeboardState, rule: Rule, note_rule: NoteRule | None
    ) -> None:
        self.wrapped = wrapped
        self.state = state
        self.rule = rule
        self.path = rule.rule
        self.note_rule = note_rule
        self.headers: list[tuple[str, str]] | None = None
        self.answered = 0  # requests this process answered the short way

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self._is_plain_track(environ):
            return self.wrapped(environ, start_response)
        if self.headers is None:
            return self.wrapped(environ, self._learning(start_response))
        parameters = Request(environ).args.to_dict()
        key = self.state.key_cache.peek(parameters.get("_k"))
        if key is None:
            return self.wrapped(environ, start_response)
        try:
            records = parse_events(events_from_parameters(parameters))
        except Exception:  # nothing is stored yet: the view refuses it in its own words
            return self.wrapped(environ, start_response)
        return self._store(environ, start_response, key.id, records)

    def _is_plain_track(self, environ: dict[str, Any]) -> bool:
        return (
            environ.get("PATH_INFO") == self.path
            and environ.get("REQUEST_METHOD") == "GET"
            and environ.get("CONTENT_LENGTH") in (None, "", "0")
        )

    def _store(
        self, environ: dict[str, Any], start_response: StartResponse, key_id: int, records: Any
    ) -> Iterable[bytes]:
        if self.note_rule is not None:
            self.note_rule(environ, self.rule)
        runner = self.state.jobs
        if runner is not None:
            runner.start()
        assert self.headers is not None and self.state.committer is not None
        try:
            self.state.committer.submit(key_id, records)
        except Exception:
            log.exception("GET /e: storing an event failed")
            start_response(FAILED_STATUS, list(self.headers))  # CORS and all, as the view
            return [b"0"]
        self.answered += 1
        start_response("200 OK", list(self.headers))
        return [b"1"]

    def _learning(self, start_response: StartResponse) -> StartResponse:
        """Keep the headers of the first successful ``GET /e`` Flask answers."""

        def capture(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            if self.headers is None and status.startswith("200") and _is_track_answer(headers):
                self.headers = list(headers)
            return start_response(status, headers, *exc_info)

        return capture


def _is_track_answer(headers: list[tuple[str, str]]) -> bool:
    found = {name.lower(): value for name, value in headers}
    return (
        found.get("content-length") == "1"
        and found.get("content-type", "").startswith("text/plain")
        and "set-cookie" not in found
    )


def install_fast_path(app: Flask, state: GaugeboardState) -> None:
    """Put the fast path under the status recorder (or on the app when there is none).
    Only for the standalone app: a host app's own hooks could not be honoured here."""
    rule = next((r for r in app.url_map.iter_rules() if r.endpoint == TRACK_ENDPOINT), None)
    if rule is None:
        return
    recorder = state.monitor.recorder if state.monitor is not None else None
    if recorder is not None:
        recorder.wrapped = TrackingFastPath(recorder.wrapped, state, rule, recorder.note_rule)
    else:
        fast = TrackingFastPath(app.wsgi_app, state, rule, None)
        app.wsgi_app = fast  # type: ignore[method-assign]
