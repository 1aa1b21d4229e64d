"""``GET /api/dashboard/<id>/snapshot``: each format, the PNG at the asked size with each
widget drawn where the page puts it, the page's rights (roles, closed folders, embed
tokens, 404 for what the caller cannot see), and every bad parameter named."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.dashboards.api_helpers import bearer, create
from tests.render.helpers import bar, colours_in, every_kind, image_of

RED = (214, 39, 40)


@pytest.fixture
def dashboard(client: FlaskClient, auth_headers: dict[str, str]) -> dict[str, Any]:
    return create(client, auth_headers, widgets=every_kind())


def snapshot(
    client: FlaskClient, headers: dict[str, str], dashboard: dict[str, Any], query: str = ""
) -> Any:
    return client.get(f"/api/dashboard/{dashboard['id']}/snapshot{query}", headers=headers)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_png_has_the_asked_size_times_the_scale(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    response = snapshot(client, auth_headers, dashboard, "?width=800&scale=2")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "image/png"
    assert image_of(response.data).width == 1600


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_png_draws_each_widget_in_its_own_place(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    image = image_of(snapshot(client, auth_headers, dashboard).data)
    left, right = colours_in(image, (40, 120, 560, 330)), colours_in(image, (640, 120, 1160, 200))
    assert RED in left  # the red bars of the chart on the left half
    assert RED not in right
    assert len(left) > 20 and len(right) > 5  # drawn, not blank


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_png_changes_with_the_data(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    one = create(client, auth_headers, name="one", widgets=[bar("a", 0, 0, "#d62728", [1, 9])])
    two = create(client, auth_headers, name="two", widgets=[bar("a", 0, 0, "#d62728", [9, 1])])
    first = image_of(snapshot(client, auth_headers, one).data)
    second = image_of(snapshot(client, auth_headers, two).data)
    assert first.size == second.size
    assert first.tobytes() != second.tobytes()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_svg_escapes_user_text(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    response = snapshot(client, auth_headers, dashboard, "?format=svg")
    assert response.mimetype == "image/svg+xml"
    text = response.get_data(as_text=True)
    assert text.startswith("<svg") and "<script" not in text
    assert "&lt;script&gt;" in text and "Heading" in text and "Embedded page" in text


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_pdf(client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]) -> None:
    response = snapshot(client, auth_headers, dashboard, "?format=pdf")
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_base64_is_the_png(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    response = snapshot(client, auth_headers, dashboard, "?format=base64&width=400")
    assert response.mimetype == "text/plain"
    assert image_of(base64.b64decode(response.data)).width == 400


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_dark_theme_draws_a_dark_page(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dark = create(client, auth_headers, theme="dark", widgets=[])
    image = image_of(snapshot(client, auth_headers, dark, "?width=300").data)
    assert image.getpixel((2, 2)) == (0x14, 0x17, 0x1D)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_variables_fill_the_widgets(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    widget = {
        "id": "t",
        "type": "markdown",
        "source": {"type": "inline", "data": "region {{region}}"},
    }
    region = {"name": "region", "type": "select", "options": ["north", "south"], "default": "north"}
    made = create(client, auth_headers, variables=[region], widgets=[widget])
    text = snapshot(client, auth_headers, made, "?format=svg&var.region=south").get_data(True)
    assert "region south" in text


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_bad_parameters_are_named(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    response = snapshot(client, auth_headers, dashboard, "?format=gif&width=10&scale=9")
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert [error.split(":")[0] for error in errors] == ["format", "width", "scale"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_bad_variable_is_named(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    response = snapshot(client, auth_headers, dashboard, "?var.nope=1")
    assert response.status_code == 400
    assert response.get_json()["errors"] == ["var.nope: the dashboard has no such variable"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_anonymous_caller_is_refused(client: FlaskClient, dashboard: dict[str, Any]) -> None:
    assert snapshot(client, {}, dashboard).status_code == 401


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_unknown_dashboard_is_404(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    assert snapshot(client, auth_headers, {"id": 999}).status_code == 404


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_closed_folder_is_404_for_a_viewer_outside_it(
    client: FlaskClient,
    auth_headers: dict[str, str],
    dashboard: dict[str, Any],
    make_token: Callable[..., str],
) -> None:
    client.post("/api/team", json={"name": "insiders"}, headers=auth_headers)
    grants = {"grants": [{"team": "insiders", "role": "viewer"}]}
    client.put("/api/permission?folder=team", json=grants, headers=auth_headers)
    for path in ("snapshot", "thumbnail"):
        response = client.get(
            f"/api/dashboard/{dashboard['id']}/{path}", headers=bearer(make_token("editor"))
        )
        assert response.status_code == 404, path


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_embed_token_opens_its_dashboard_only(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    other = create(client, auth_headers, name="other", widgets=[])
    made = client.post(
        f"/api/dashboard/{dashboard['id']}/embed", json={"label": "wall"}, headers=auth_headers
    ).get_json()
    secret = made["secret"]
    own = client.get(f"/api/dashboard/{dashboard['id']}/snapshot?embed_token={secret}&width=300")
    assert own.status_code == 200 and own.mimetype == "image/png"
    thumb = client.get(f"/api/dashboard/{dashboard['id']}/thumbnail?embed_token={secret}")
    assert thumb.status_code == 200
    elsewhere = client.get(f"/api/dashboard/{other['id']}/snapshot?embed_token={secret}")
    assert elsewhere.status_code == 403
