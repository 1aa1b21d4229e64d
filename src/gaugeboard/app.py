"""``create_app(overrides)``: the one place the standalone gaugeboard server is assembled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from gaugeboard.api.tracking_fast_path import install_fast_path
from gaugeboard.errors import GaugeboardError
from gaugeboard.extension import Gaugeboard
from gaugeboard.http.error_pages import (
    handle_gaugeboard_error,
    handle_http_exception,
    handle_unexpected,
)
from gaugeboard.http.headers import add_security_headers
from gaugeboard.http.lazy_rules import LazyBuilderRule

STANDALONE_DATA_DIR = Path("instance")


def _headers_outside_blueprints(response: Response) -> Response:
    """Routing errors (unknown URL, wrong method) reach no blueprint; blueprint responses
    already got their headers from the blueprint's own hook."""
    return response if request.blueprints else add_security_headers(response)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """The standalone app, mounted at ``/``; raises ConfigurationError on bad settings."""
    app = Flask("gaugeboard", static_folder=None, template_folder=None)
    app.url_rule_class = LazyBuilderRule  # half the CPU of building the app (lazy_rules.py)
    extension = Gaugeboard(url_prefix="", overrides=overrides)
    extension.default_data_dir = STANDALONE_DATA_DIR
    extension.init_app(app)
    assert extension.state is not None
    app.secret_key = extension.state.secret_key
    # Routing errors (unknown URL, wrong method) happen before any blueprint is chosen.
    app.register_error_handler(GaugeboardError, handle_gaugeboard_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
    app.after_request(_headers_outside_blueprints)
    install_fast_path(app, extension.state)
    proxies = extension.state.settings["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
    return app
