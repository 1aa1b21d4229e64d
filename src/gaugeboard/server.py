"""Run the standalone app under gunicorn, a production WSGI server (never Flask's dev server).

The app is built once in the master process, so a bad setting stops ``serve`` before any
worker starts; each worker then drops the connections it inherited and opens its own.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from gaugeboard.state import EXTENSION_KEY, GaugeboardState

# Gunicorn 23+ opens a control socket at a fixed path in $HOME; two instances would
# collide there and gaugeboard does not use it.
OPTIONAL_SETTINGS = {"control_socket_disable"}


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn driven from code with an app object instead of a module path."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in OPTIONAL_SETTINGS and key not in self.cfg.settings:
                continue  # an older gunicorn without this setting
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def _fresh_connections_after_fork(app: Flask) -> Any:
    def post_fork(_server: Any, _worker: Any) -> None:
        state = app.extensions[EXTENSION_KEY]
        assert isinstance(state, GaugeboardState)
        state.database.engine.dispose(close=False)

    return post_fork


def server_options(
    host: str, port: int, workers: int, post_fork: Any, threads: int = 4
) -> dict[str, Any]:
    """The gunicorn settings of ``gaugeboard serve`` (the benchmarks reuse them)."""
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": True,
        "accesslog": None,
        "errorlog": "-",
        "timeout": 60,
        "graceful_timeout": 10,
        "control_socket_disable": True,
    }
    if post_fork is not None:
        options["post_fork"] = post_fork
    return options


def serve(app: Flask, host: str, port: int, workers: int, threads: int = 4) -> None:
    options = server_options(host, port, workers, _fresh_connections_after_fork(app), threads)
    GunicornServer(app, options).run()
