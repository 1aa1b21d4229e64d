"""Serve a url source's path (``/api/sales``) through the Flask app itself, in-process.

The request is built from scratch, so it is anonymous: the viewer's cookies and
Authorization header are never passed on, and a path that needs a login (gaugeboard's own
``/api/…`` included) answers it as it would answer a stranger. It goes through
``app.wsgi_app`` with the app's middleware, like any request. A local request may not
start another local fetch (a host view rendering a dashboard whose source is a path…):
that is refused instead of recursing.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from flask import Flask, has_request_context, request
from werkzeug.test import EnvironBuilder

from gaugeboard.config import ENV_PREFIX
from gaugeboard.errors import SourceFailed
from gaugeboard.sources.resolve import LocalFetch

# Set in the WSGI environ of every local request, so the app (and a nested fetch) can tell.
LOCAL_FETCH_KEY = "gaugeboard.local_fetch"
NESTED = "url: a local source cannot fetch another local source"
DEFAULT_MAX_BYTES = 10_000_000
_fetching: ContextVar[bool] = ContextVar("gaugeboard_local_fetch", default=False)


def _in_local_request() -> bool:
    if _fetching.get():
        return True
    return has_request_context() and bool(request.environ.get(LOCAL_FETCH_KEY))


def _base_url(app: Flask) -> str:
    """The outer request's scheme, host and root (so host-bound routes and generated links
    match); outside a request, the app's SERVER_NAME or ``localhost``."""
    if has_request_context():
        return request.root_url
    scheme = app.config.get("PREFERRED_URL_SCHEME") or "http"
    server = app.config.get("SERVER_NAME") or "localhost"
    root = app.config.get("APPLICATION_ROOT") or "/"
    return f"{scheme}://{server}{root}"


def _environ(app: Flask, path: str) -> dict[str, Any]:
    """A GET of ``path`` with no cookies and no credentials, from the viewer's address."""
    base: dict[str, Any] = {}
    if has_request_context() and request.remote_addr:
        base["REMOTE_ADDR"] = request.remote_addr
    builder = EnvironBuilder(
        path=path,
        base_url=_base_url(app),
        method="GET",
        headers=[("Accept", "application/json")],
        environ_base=base,
    )
    try:
        environ: dict[str, Any] = builder.get_environ()
    finally:
        builder.close()
    environ[LOCAL_FETCH_KEY] = True
    return environ


def _read(body: Iterable[bytes], chunks: list[bytes], max_bytes: int) -> None:
    """Collect the body, stopping one byte past the limit (a stream may never end)."""
    size = sum(len(chunk) for chunk in chunks)
    try:
        for chunk in body:
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                return
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


def _call(app: Flask, environ: dict[str, Any], max_bytes: int) -> tuple[int, bytes, str]:
    sent: list[Any] = []
    chunks: list[bytes] = []

    def start_response(status: str, headers: list[tuple[str, str]], *_exc: Any) -> Any:
        sent[:] = [status, headers]
        return chunks.append

    _read(app.wsgi_app(environ, start_response), chunks, max_bytes)
    status, headers = sent
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    return int(status.split(" ", 1)[0]), b"".join(chunks), content_type


def local_fetch_for(app: Flask, max_bytes: int | None = None) -> LocalFetch:
    """A ``LocalFetch`` serving paths through ``app``: (status, body, content type).

    ``max_bytes`` (default: the app's GAUGEBOARD_URL_MAX_BYTES) bounds how much of the body
    is read; a longer body comes back cut just past it, so the url source reports it as
    too large. There is no time limit: the path runs the app's own code in this thread.
    """
    limit = max_bytes or int(app.config.get(ENV_PREFIX + "URL_MAX_BYTES", DEFAULT_MAX_BYTES))

    def fetch(path: str) -> tuple[int, bytes, str]:
        if _in_local_request():
            raise SourceFailed(NESTED)
        environ = _environ(app, path)
        token = _fetching.set(True)
        try:
            return _call(app, environ, limit)
        finally:
            _fetching.reset(token)

    return fetch
