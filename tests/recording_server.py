"""A real HTTP server on a free 127.0.0.x port that answers 204 to anything and notes every
request it receives (any method, proxy requests included): where an attacker would want
data to arrive, a test proves that nothing does."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class RecordingServer:
    """Notes each request's method, target, Host header and body in ``requests``."""

    def __init__(self, address: str = "127.0.0.1", port: int = 0) -> None:
        self.requests: list[dict[str, Any]] = []
        self.httpd = ThreadingHTTPServer((address, port), self._handler())
        self.port = self.httpd.server_address[1]
        self.origin = f"http://{address}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,))

    @property
    def targets(self) -> list[str]:
        return [request["target"] for request in self.requests]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                """Quiet: the tests read ``server.requests``."""

            def _note(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                server.requests.append(
                    {
                        "method": self.command,
                        "target": self.path,
                        "host": self.headers.get("Host"),
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(204)
                self.end_headers()

            do_GET = do_POST = do_CONNECT = _note  # noqa: N815 (the http.server API)

        return Handler

    def __enter__(self) -> RecordingServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
