"""The Vega bundle: precompressed, cached for a year under a versioned address, and built
before a user's first page asks for it."""

from __future__ import annotations

import gzip
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import brotli  # type: ignore[import-untyped]
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.web.vega_bundle import bundle_path, bundle_ready, bundle_version
from tests.conftest import state
from tests.live_server import running_server


def bundle_url() -> str:
    return f"/static/vendor/vega-embed-{bundle_version()}.js"


def plain_bundle(app: Flask) -> bytes:
    return bundle_path(state(app).data_dir / "cache").read_bytes()


def test_gzip_answer_is_the_precomputed_file(app: Flask, client: FlaskClient) -> None:
    response = client.get(bundle_url(), headers={"Accept-Encoding": "gzip"})
    on_disk = Path(str(bundle_path(state(app).data_dir / "cache")) + ".gz").read_bytes()
    assert (response.headers["Content-Encoding"], response.data) == ("gzip", on_disk)


def test_gzip_answer_unpacks_to_the_bundle(app: Flask, client: FlaskClient) -> None:
    response = client.get(bundle_url(), headers={"Accept-Encoding": "gzip, deflate"})
    assert gzip.decompress(response.data) == plain_bundle(app)


def test_brotli_is_preferred_when_accepted(app: Flask, client: FlaskClient) -> None:
    response = client.get(bundle_url(), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == plain_bundle(app)


def test_plain_bundle_without_accept_encoding(app: Flask, client: FlaskClient) -> None:
    response = client.get(bundle_url(), headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers and response.data == plain_bundle(app)


def test_bundle_is_immutable_and_varies_by_encoding(client: FlaskClient) -> None:
    response = client.get(bundle_url(), headers={"Accept-Encoding": "gzip"})
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "Accept-Encoding" in response.headers["Vary"]


def test_compressed_bundle_is_much_smaller(client: FlaskClient) -> None:
    plain = client.get(bundle_url(), headers={"Accept-Encoding": "identity"}).data
    packed = client.get(bundle_url(), headers={"Accept-Encoding": "br"}).data
    assert len(packed) * 3 < len(plain)


def test_other_version_is_not_found(client: FlaskClient) -> None:
    assert client.get("/static/vendor/vega-embed-0.0.1.js").status_code == 404


def test_first_page_starts_the_build_in_the_background(
    data_dir: Path, app_factory: Callable[..., Flask]
) -> None:
    shutil.rmtree(data_dir / "cache")
    app = app_factory()
    assert app.test_client().get("/login").status_code == 200
    builders = [t for t in threading.enumerate() if t.name == "gaugeboard-vega-bundle"]
    for thread in builders:
        thread.join(timeout=60)
    assert len(builders) == 1 and bundle_ready(data_dir / "cache")


def test_serve_builds_the_bundle_before_listening(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    shutil.rmtree(data_dir / "cache")
    with running_server(cli_env, tmp_path / "serve.log"):
        assert bundle_ready(data_dir / "cache")
