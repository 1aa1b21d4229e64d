"""A bare Flask view returning ``1``, served exactly as ``gaugeboard serve`` serves gaugeboard
(same gunicorn worker class, workers and threads): the baseline for ``/e`` throughput."""

from __future__ import annotations

import sys

from flask import Flask, Response

from gaugeboard.server import GunicornServer, server_options


def bare_app() -> Flask:
    app = Flask("bare")

    @app.route("/e")
    def track() -> Response:
        return Response("1", mimetype="text/plain")

    return app


if __name__ == "__main__":
    port, workers = int(sys.argv[1]), int(sys.argv[2])
    GunicornServer(bare_app(), server_options("127.0.0.1", port, workers, post_fork=None)).run()
