"""A small host Flask app with gaugeboard mounted under /gaugeboard.

Run it with ``flask --app examples/host_app.py run`` (after ``pip install gaugeboard``).
The host keeps its own templates, static files, 404 page and JSON provider; gaugeboard
brings its pages, API and login under the prefix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, jsonify, render_template
from flask.json.provider import DefaultJSONProvider

from gaugeboard import Gaugeboard

HERE = Path(__file__).resolve().parent


class SortedCompactJSON(DefaultJSONProvider):
    """The host's own JSON style: gaugeboard must leave it alone."""

    sort_keys = True
    compact = True


def create_host_app(gaugeboard_settings: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(HERE / "host_templates"),
        static_folder=str(HERE / "host_static"),
        static_url_path="/static",
    )
    app.json = SortedCompactJSON(app)

    @app.route("/")
    def index() -> str:
        return render_template("index.html")

    @app.route("/api/sales")
    def sales() -> Any:
        return jsonify({"total": 1200, "by_region": {"north": 700, "south": 500}})

    @app.errorhandler(404)
    def not_found(_error: Exception) -> tuple[str, int]:
        return "host: nothing here", 404

    Gaugeboard(app, url_prefix="/gaugeboard", overrides=gaugeboard_settings)
    return app


if __name__ == "__main__":
    create_host_app().run(port=5000)
