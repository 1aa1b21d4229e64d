"""Static files of gaugeboard itself and the chart libraries (Vega, Plotly), served with long
caching; the Vega bundle precompressed (brotli or gzip, as the browser accepts)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, request, send_file, send_from_directory

from gaugeboard.auth.access import Access, access
from gaugeboard.errors import NotFound
from gaugeboard.state import current_state
from gaugeboard.web.plotly_bundle import plotly_bundle_path, plotly_version
from gaugeboard.web.vega_bundle import (
    IDENTITY,
    available_encodings,
    bundle_version,
    load_bundle,
    warm_in_background,
)

STATIC_DIR = Path(__file__).with_name("static")
ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/static/<path:filename>", view_func=static_file)
    bp.add_url_rule("/static/vendor/vega-embed-<version>.js", view_func=vega_bundle)
    bp.add_url_rule("/static/vendor/plotly.js", view_func=plotly_bundle)
    bp.add_url_rule("/favicon.ico", view_func=favicon)
    bp.before_request(warm_chart_bundle)


def warm_chart_bundle() -> None:
    """Before a page: start building the Vega bundle in the background if this instance has
    none yet (a host app's first request), so a user's first chart does not wait for it."""
    warm_in_background(current_state().data_dir / "cache")


def _chosen_encoding(cache_dir: Path) -> str:
    accepted = request.accept_encodings
    for encoding in available_encodings(cache_dir):
        if accepted[encoding] > 0:
            return encoding
    return IDENTITY


@access(Access.PUBLIC)
def static_file(filename: str) -> Response:
    response = send_from_directory(STATIC_DIR, filename, max_age=3600)
    return response


@access(Access.PUBLIC)
def vega_bundle(version: str) -> Response:
    if version != bundle_version():
        raise NotFound("No chart library of that version is installed.")
    cache_dir = current_state().data_dir / "cache"
    load_bundle(cache_dir)  # builds it (and its encodings) if the warm-up has not yet
    encoding = _chosen_encoding(cache_dir)
    response = Response(load_bundle(cache_dir, encoding), mimetype="text/javascript")
    if encoding != IDENTITY:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


@access(Access.PUBLIC)
def plotly_bundle() -> Response:
    """plotly.js from the ``plotly`` package; revalidated by its version (the address has
    none, so the page's module can name it)."""
    path = plotly_bundle_path()
    if path is None:
        raise NotFound("The Plotly library is not installed.")
    etag = f"plotly-{plotly_version()}"
    if request.if_none_match.contains(etag):
        # Answered before the file is opened (a 304 made by send_file leaves it open).
        response = Response(status=304)
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = ONE_DAY
        return response
    return send_file(
        path, mimetype="text/javascript", max_age=ONE_DAY, conditional=False, etag=etag
    )


@access(Access.PUBLIC)
def favicon() -> Response:
    return send_from_directory(
        STATIC_DIR, "favicon.svg", mimetype="image/svg+xml", max_age=ONE_YEAR
    )
