"""A host app with many kinds of routes, monitored by gaugeboard (also served by gunicorn
in the multi-process test: ``gunicorn 'tests.monitor.monitored_app:from_environment()'``)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, render_template_string

from gaugeboard.extension import Gaugeboard

STATIC_DIR = Path(__file__).with_name("static")


def build_monitored_app(overrides: dict[str, Any], **options: Any) -> Flask:
    app = Flask("monitored", static_folder=str(STATIC_DIR))
    add_working_routes(app)
    add_failing_routes(app)

    @app.errorhandler(404)
    def not_found(_error: Exception) -> tuple[str, int]:
        return "host: nothing here", 404

    Gaugeboard(app, url_prefix="/gaugeboard", overrides=overrides, **options)
    return app


def add_working_routes(app: Flask) -> None:
    @app.route("/")
    def index() -> str:
        """
        # Home page
        The shop's front page.
        """
        return render_template_string("<h1>{{ title }}</h1>", title="Shop")

    @app.route("/user/<int:user_id>")
    def user(user_id: int) -> str:
        return f"user {user_id}"

    @app.route("/pid")
    def pid() -> str:
        return str(os.getpid())

    @app.route("/items", methods=["GET", "POST"])
    def items() -> Response:
        return Response("x" * 1000, mimetype="text/plain")

    @app.route("/slow")
    def slow() -> str:
        time.sleep(0.06)
        return "slow"

    @app.route("/stream")
    def stream() -> Response:
        def chunks() -> Iterator[str]:
            yield "a" * 10
            yield "b" * 20

        return Response(chunks(), mimetype="text/plain")


def add_failing_routes(app: Flask) -> None:
    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("the view failed")

    @app.route("/missing")
    def missing() -> str:
        abort(404)

    @app.route("/unavailable")
    def unavailable() -> tuple[str, int]:
        return "down", 503


def from_environment() -> Flask:
    """For gunicorn: settings come from GAUGEBOARD_* variables."""
    return build_monitored_app({"DATA_DIR": os.environ["MONITORED_DATA_DIR"]})
