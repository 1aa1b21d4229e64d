"""A real HTTP server on a free loopback port answering like flask_jsondash's example
endpoints: keyed C3 series, and with ``?override=1`` the C3 configuration; DataTables
options; an old Vega-Lite spec; HTML for ``custom`` widgets; a dead end."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

OLD_VEGA_LITE = {
    "$schema": "https://vega.github.io/schema/vega-lite/v2.json",
    "data": {"values": [{"a": "x", "b": 2, "c": "u"}, {"a": "x", "b": 6, "c": "v"}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "a", "type": "nominal"},
        "y": {"field": "b", "type": "quantitative", "aggregate": "sum"},
        "color": {"field": "c", "type": "nominal"},
    },
    "config": {"mark": {"stacked": "normalize"}, "cell": {"width": 300, "height": 200}},
}


def custom_inputs(query: dict[str, list[str]]) -> Any:
    """jsondash's /custom-inputs: ``entries`` series; a C3 configuration with override."""
    entries = int(query.get("entries", ["3"])[0])
    if "override" in query:
        return {
            "data": {
                "columns": [[f"item {i}", 10 + i, 20 + i, 30 + i] for i in range(entries)],
                "type": "bar",
            },
            "axis": {"x": {"label": "Week"}},
            "grid": {"y": {"show": True}},
        }
    return {str(i): [1 + i, 2 + i, 3 + i] for i in range(entries)}


def datatable(query: dict[str, list[str]]) -> Any:
    rows = [{"name": "Ada", "age": 36}, {"name": "Bob", "age": 41}]
    if "override" not in query:
        return rows
    return {
        "columns": [{"data": "name", "title": "Name"}, {"data": "age", "title": "Age"}],
        "data": rows,
        "searching": False,
        "order": [[1, "desc"]],
        "scrollY": "200px",
    }


ROUTES = {
    "/custom-inputs": custom_inputs,
    "/datatable": datatable,
    "/vegalite": lambda _query: OLD_VEGA_LITE,
}


class JsondashEndpoints:
    """``url(path)`` of each route; ``/custom.html`` answers HTML, ``/deadend`` 503."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,))

    def url(self, path: str) -> str:
        return self.origin + path

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                """Quiet."""

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 (the http.server API)
                parts = urlsplit(self.path)
                if parts.path == "/custom.html":
                    self._send(200, b"<h1>Remote custom</h1>", "text/html; charset=utf-8")
                    return
                route = ROUTES.get(parts.path)
                if route is None:
                    self._send(503, b"dead end", "text/plain")
                    return
                body = json.dumps(route(parse_qs(parts.query, keep_blank_values=True)))
                self._send(200, body.encode(), "application/json")

        return Handler

    def __enter__(self) -> JsondashEndpoints:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
