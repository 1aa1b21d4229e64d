"""A real HTTP(S) server on a free 127.0.0.1 port, answering the URL source tests: JSON,
redirects, huge and slow bodies, plain text and failures."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

CHUNK = b" " * 65536
HUGE_BYTES = 64 * 1024 * 1024


class JsonServer:
    """Serves the routes below; remembers each request's path and Host header."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.requests: list[dict[str, Any]] = []
        self.aborted = threading.Event()
        self.release = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.scheme = "http"
        if tls is not None:
            self.scheme = "https"
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> JsonServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"


def _handler_for(server: JsonServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read ``server.requests`` instead."""

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            server.requests.append(
                {"path": parts.path, "query": query, "host": self.headers.get("Host")}
            )
            route = ROUTES.get(parts.path, _not_found)
            try:
                route(self, server, query)
            except (BrokenPipeError, ConnectionResetError):
                server.aborted.set()

        def send_json(self, status: int, value: Any) -> None:
            self.send_body(status, json.dumps(value).encode(), "application/json")

        def send_body(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


Route = Callable[[Any, JsonServer, dict[str, str]], None]


def _not_found(handler: Any, _server: JsonServer, _query: dict[str, str]) -> None:
    handler.send_json(404, {"error": "no such path"})


def _json(handler: Any, _server: JsonServer, _query: dict[str, str]) -> None:
    handler.send_json(200, {"hello": "world"})


def _echo(handler: Any, _server: JsonServer, query: dict[str, str]) -> None:
    handler.send_json(200, {"query": query, "host": handler.headers.get("Host")})


def _redirect(handler: Any, _server: JsonServer, query: dict[str, str]) -> None:
    handler.send_response(302)
    handler.send_header("Location", query["to"])
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def _chain(handler: Any, _server: JsonServer, query: dict[str, str]) -> None:
    left = int(query["n"])
    if left == 0:
        handler.send_json(200, {"arrived": True})
        return
    handler.send_response(301)
    handler.send_header("Location", f"/chain?n={left - 1}")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def _huge(handler: Any, server: JsonServer, _query: dict[str, str]) -> None:
    """64 MiB with no Content-Length: only reading the stream can find out."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.end_headers()
    handler.wfile.write(b"[")
    for _ in range(HUGE_BYTES // len(CHUNK)):
        handler.wfile.write(CHUNK)
    handler.wfile.write(b"]")


def _declared_huge(handler: Any, _server: JsonServer, _query: dict[str, str]) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(HUGE_BYTES))
    handler.end_headers()
    handler.wfile.write(b"[1]")


def _slow(handler: Any, server: JsonServer, _query: dict[str, str]) -> None:
    server.release.wait(5)
    handler.send_json(200, {"late": True})


def _drip(handler: Any, server: JsonServer, _query: dict[str, str]) -> None:
    """A byte every 50 ms: each read is quick, the whole body takes seconds."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.end_headers()
    for _ in range(100):
        if server.release.is_set():
            return
        handler.wfile.write(b" ")
        time.sleep(0.05)
    handler.wfile.write(b"{}")


def _multi(handler: Any, _server: JsonServer, _query: dict[str, str]) -> None:
    """jsondash's shared payload: one response for several widgets, each with a key."""
    handler.send_json(
        200,
        {
            "multicharts": {
                "north": [{"region": "north", "total": 7}],
                "south": [{"region": "south", "total": 5}],
            }
        },
    )


def _text(handler: Any, _server: JsonServer, _query: dict[str, str]) -> None:
    handler.send_body(200, b"<html>hello</html>", "text/html")


def _bytes(handler: Any, _server: JsonServer, _query: dict[str, str]) -> None:
    handler.send_body(200, b"\x00\x01 not json", "application/octet-stream")


def _fail(handler: Any, _server: JsonServer, _query: dict[str, str]) -> None:
    handler.send_json(500, {"error": "boom"})


ROUTES: dict[str, Route] = {
    "/json": _json,
    "/echo": _echo,
    "/redirect": _redirect,
    "/chain": _chain,
    "/huge": _huge,
    "/declared-huge": _declared_huge,
    "/slow": _slow,
    "/drip": _drip,
    "/multi": _multi,
    "/text": _text,
    "/bytes": _bytes,
    "/fail": _fail,
}
