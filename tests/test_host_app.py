"""gaugeboard mounted in the example host app: same pages under the prefix, host untouched."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import DEFAULT_PASSWORD, state

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "host_app.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("host_app_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def host(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    app: Flask = load_example().create_host_app(settings_overrides)
    yield app
    state(app).database.dispose()


@pytest.fixture
def host_client(host: Flask) -> FlaskClient:
    return host.test_client()


def make_admin(host: Flask) -> None:
    from gaugeboard.auth.users import create_user

    with state(host).database.sessions() as session:
        create_user(session, "root", DEFAULT_PASSWORD, "admin")
        session.commit()


def test_host_index_uses_the_host_template(host_client: FlaskClient) -> None:
    assert "<h1>Host shop</h1>" in host_client.get("/").get_data(as_text=True)


def test_host_static_files_are_served(host_client: FlaskClient) -> None:
    with host_client.get("/static/host.css") as response:
        assert response.get_data(as_text=True).startswith("body")


def test_host_json_provider_is_untouched(host_client: FlaskClient) -> None:
    body = host_client.get("/api/sales").get_data(as_text=True)
    assert body.strip() == '{"by_region":{"north":700,"south":500},"total":1200}'


def test_host_404_handler_still_answers_outside_the_prefix(host_client: FlaskClient) -> None:
    assert host_client.get("/missing").get_data(as_text=True) == "host: nothing here"


def test_host_responses_get_no_gaugeboard_headers(host_client: FlaskClient) -> None:
    assert "Content-Security-Policy" not in host_client.get("/").headers


def test_gaugeboard_login_page_is_under_the_prefix(host_client: FlaskClient) -> None:
    assert 'action="/gaugeboard/login"' in host_client.get("/gaugeboard/login").get_data(
        as_text=True
    )


def test_gaugeboard_pages_redirect_to_the_prefixed_login(host_client: FlaskClient) -> None:
    response = host_client.get("/gaugeboard/dashboards/", headers={"Accept": "text/html"})
    assert response.headers["Location"] == "/gaugeboard/login?next=/gaugeboard/dashboards/"


def test_gaugeboard_api_under_the_prefix_uses_its_error_body(host_client: FlaskClient) -> None:
    assert host_client.get("/gaugeboard/api/user/me").get_json()["code"] == "unauthorized"


def test_unknown_path_under_the_prefix_gets_the_gaugeboard_404(host_client: FlaskClient) -> None:
    response = host_client.get("/gaugeboard/api/nothing-here")
    assert response.get_json()["status"] == 404


def test_login_cookie_is_scoped_to_the_prefix_without_a_status_page(
    settings_overrides: dict[str, Any],
) -> None:
    app: Flask = load_example().create_host_app({**settings_overrides, "STATUS_ENABLED": False})
    try:
        make_admin(app)
        response = app.test_client().post(
            "/gaugeboard/login", json={"username": "root", "password": DEFAULT_PASSWORD}
        )
        assert "Path=/gaugeboard" in response.headers["Set-Cookie"]
    finally:
        state(app).database.dispose()


def test_login_cookie_covers_a_status_page_outside_the_prefix(
    host: Flask, host_client: FlaskClient
) -> None:
    make_admin(host)
    response = host_client.post(
        "/gaugeboard/login", json={"username": "root", "password": DEFAULT_PASSWORD}
    )
    assert "Path=/;" in response.headers["Set-Cookie"]


def test_logged_in_user_sees_the_listing_under_the_prefix(
    host: Flask, host_client: FlaskClient
) -> None:
    make_admin(host)
    host_client.post("/gaugeboard/login", data={"username": "root", "password": DEFAULT_PASSWORD})
    assert "Dashboards" in host_client.get("/gaugeboard/dashboards/").get_data(as_text=True)


def test_default_data_dir_is_inside_the_host_instance_folder(tmp_path: Path) -> None:
    from gaugeboard.extension import Gaugeboard

    app = Flask("host_for_data_dir", instance_path=str(tmp_path / "instance"))
    extension = Gaugeboard(app)
    assert extension.state is not None
    assert extension.state.data_dir == (tmp_path / "instance" / "gaugeboard").resolve()
    extension.state.database.dispose()
