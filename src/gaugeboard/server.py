"""Run the standalone app under gunicorn, a production WSGI server (never Flask's dev server).

The app is built once in the master process, so a bad setting stops ``serve`` before any
worker starts; each worker then drops the connections it inherited and opens its own.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from gaugeboard.state import EXTENSION_KEY, GaugeboardState


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn driven from code with an app object instead of a module path."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def _fresh_connections_after_fork(app: Flask) -> Any:
    def post_fork(_server: Any, _worker: Any) -> None:
        state = app.extensions[EXTENSION_KEY]
        assert isinstance(state, GaugeboardState)
        state.database.engine.dispose(close=False)

    return post_fork


def serve(app: Flask, host: str, port: int, workers: int, threads: int = 4) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": True,
        "accesslog": "-",
        "errorlog": "-",
        "timeout": 60,
        "graceful_timeout": 10,
        "post_fork": _fresh_connections_after_fork(app),
    }
    GunicornServer(app, options).run()
