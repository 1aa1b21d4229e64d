"""Local url sources served in-process by a host Flask app with gaugeboard mounted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, Response, jsonify, request

from gaugeboard.errors import SourceFailed
from gaugeboard.extension import Gaugeboard
from gaugeboard.http.local_fetch import LOCAL_FETCH_KEY, NESTED, local_fetch_for
from gaugeboard.sources.definitions import UrlSource
from gaugeboard.sources.url_fetch import UrlPolicy
from gaugeboard.sources.url_source import url_payload
from tests.conftest import shutdown

SALES = {"north": 700, "south": 500}


def add_host_routes(app: Flask) -> None:
    @app.route("/api/sales")
    def sales() -> Any:
        region = request.args.get("region")
        return jsonify({region: SALES[region]} if region else SALES)

    @app.route("/api/whoami")
    def whoami() -> Any:
        return jsonify(
            {
                "authorization": request.headers.get("Authorization"),
                "cookie": request.headers.get("Cookie"),
                "remote_addr": request.remote_addr,
                "local": request.environ.get(LOCAL_FETCH_KEY, False),
            }
        )

    @app.route("/api/nested")
    def nested() -> Any:
        try:
            local_fetch_for(app)("/api/sales")
        except SourceFailed as exc:
            return jsonify({"error": exc.message})
        return jsonify({"error": None})

    @app.route("/outer")
    def outer() -> Response:
        _status, body, content_type = local_fetch_for(app)("/api/whoami")
        return Response(body, content_type=content_type)

    @app.route("/api/endless")
    def endless() -> Response:
        def forever() -> Iterator[bytes]:
            while True:
                yield b" " * 1000

        return Response(forever(), content_type="application/json")


@pytest.fixture
def host(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    app = Flask(__name__)
    add_host_routes(app)
    Gaugeboard(app, url_prefix="/gaugeboard", overrides=settings_overrides)
    yield app
    shutdown(app)


def test_host_route_is_served_in_process(host: Flask) -> None:
    status, body, content_type = local_fetch_for(host)("/api/sales")
    assert (status, body, content_type) == (
        200,
        b'{"north":700,"south":500}\n',
        "application/json",
    )


def test_url_source_reads_a_host_path_with_its_inputs(host: Flask) -> None:
    source = UrlSource(type="url", url="/api/sales")
    payload = url_payload(source, {"region": "south"}, UrlPolicy(), local_fetch_for(host))
    assert payload == {"south": 500}


def test_local_request_carries_none_of_the_viewers_credentials(host: Flask) -> None:
    response = host.test_client().get(
        "/outer", headers={"Authorization": "Bearer secret", "Cookie": "session=abc"}
    )
    body = response.get_json()
    assert (body["authorization"], body["cookie"]) == (None, None)


def test_local_request_comes_from_the_viewers_address(host: Flask) -> None:
    response = host.test_client().get("/outer", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert response.get_json()["remote_addr"] == "203.0.113.7"


def test_local_request_is_marked_in_the_environ(host: Flask) -> None:
    _status, body, _type = local_fetch_for(host)("/api/whoami")
    assert b'"local":true' in body


def test_local_fetch_inside_a_local_request_is_refused(host: Flask) -> None:
    _status, body, _type = local_fetch_for(host)("/api/nested")
    assert body == b'{"error":"' + NESTED.encode() + b'"}\n'


def test_gaugeboard_api_answers_a_local_request_anonymously(host: Flask) -> None:
    status, _body, _type = local_fetch_for(host)("/gaugeboard/api/dashboard")
    assert status == 401


def test_missing_host_path_is_named_with_its_status(host: Flask) -> None:
    source = UrlSource(type="url", url="/api/nothing")
    with pytest.raises(SourceFailed) as caught:
        url_payload(source, {}, UrlPolicy(), local_fetch_for(host))
    assert caught.value.message == "url: /api/nothing answered HTTP 404"


def test_endless_body_is_cut_past_the_limit(host: Flask) -> None:
    _status, body, _type = local_fetch_for(host, max_bytes=5000)("/api/endless")
    assert 5000 < len(body) <= 6000


def test_limit_defaults_to_the_url_max_bytes_setting(host: Flask) -> None:
    host.config["GAUGEBOARD_URL_MAX_BYTES"] = 2000
    _status, body, _type = local_fetch_for(host)("/api/endless")
    assert len(body) == 3000
