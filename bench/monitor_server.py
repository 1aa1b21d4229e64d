"""The trivial host app of ``bench/monitor.py`` (one route, ``/hello``), served exactly as
``gaugeboard serve`` serves gaugeboard (gunicorn, gthread, same workers and threads), in one
of three variants:

    python bench/monitor_server.py bare|gaugeboard|flask-monitoringdashboard PORT WORKERS DIR

``gaugeboard`` mounts gaugeboard with default settings (status recording on) and its data in
DIR; ``flask-monitoringdashboard`` binds Flask-MonitoringDashboard with its database in DIR.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, Response

from gaugeboard.server import GunicornServer, _fresh_connections_after_fork, server_options

PostFork = Callable[[Any, Any], None] | None


def host_app() -> Flask:
    app = Flask("host")

    @app.route("/hello")
    def hello() -> Response:
        return Response("hello", mimetype="text/plain")

    return app


def with_gaugeboard(data_dir: Path) -> tuple[Flask, PostFork]:
    from gaugeboard.extension import Gaugeboard

    app = host_app()
    Gaugeboard(app, url_prefix="/gaugeboard", overrides={"DATA_DIR": str(data_dir)})
    return app, _fresh_connections_after_fork(app)


def with_monitoring_dashboard(data_dir: Path) -> tuple[Flask, PostFork]:
    """Flask-MonitoringDashboard with its defaults, except where its SQLite file lives."""
    import flask_monitoringdashboard as dashboard

    data_dir.mkdir(parents=True, exist_ok=True)
    config = data_dir / "fmd.cfg"
    config.write_text(
        f"[dashboard]\nAPP_VERSION=1.0\n\n[database]\nDATABASE=sqlite:///{data_dir / 'fmd.db'}\n"
    )
    dashboard.config.init_from(file=str(config))
    app = host_app()
    app.secret_key = "bench-only"
    dashboard.bind(app)
    from flask_monitoringdashboard.database import engine

    def post_fork(_server: Any, _worker: Any) -> None:
        # the master opened connections while binding; a worker must not share them
        engine.dispose(close=False)

    return app, post_fork


VARIANTS: dict[str, Callable[[Path], tuple[Flask, PostFork]]] = {
    "bare": lambda _dir: (host_app(), None),
    "gaugeboard": with_gaugeboard,
    "flask-monitoringdashboard": with_monitoring_dashboard,
}


def main() -> None:
    variant, port, workers, data_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    app, post_fork = VARIANTS[variant](Path(data_dir))
    GunicornServer(app, server_options("127.0.0.1", port, workers, post_fork)).run()


if __name__ == "__main__":
    main()
