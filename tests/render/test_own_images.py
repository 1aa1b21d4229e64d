"""gaugeboard's own static pictures are drawn in snapshots, read from its folder (never
fetched); pictures elsewhere, files out of the folder, other types and large files keep
their placeholder."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from PIL import Image

from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.render.own_images import MAX_OWN_IMAGE_BYTES, STATIC_DIR, own_images
from gaugeboard.render.snapshot import draw_outputs
from gaugeboard.web.asset_views import STATIC_DIR as SERVED_DIR
from tests.dashboards.api_helpers import create
from tests.render.helpers import FAVICON_BLUE, image_of, share_of

GREEN = (10, 200, 30)


def picture(url: str) -> dict[str, Any]:
    return {
        "id": "pic",
        "type": "image",
        "title": "Logo",
        "position": {"x": 0, "y": 0, "w": 6, "h": 4},
        "options": {"url": url, "alt": "our logo"},
    }


def test_static_folder_is_the_one_the_server_serves() -> None:
    assert STATIC_DIR.resolve() == SERVED_DIR.resolve()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_own_static_picture_is_drawn_in_the_snapshot(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    made = create(client, auth_headers, widgets=[picture("http://localhost/static/favicon.svg")])
    response = client.get(f"/api/dashboard/{made['id']}/snapshot", headers=auth_headers)
    assert response.status_code == 200
    assert share_of(image_of(response.data), FAVICON_BLUE) > 0.2


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_same_path_on_another_site_keeps_its_placeholder(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    made = create(
        client, auth_headers, widgets=[picture("https://elsewhere.example/static/favicon.svg")]
    )
    response = client.get(f"/api/dashboard/{made['id']}/snapshot", headers=auth_headers)
    assert share_of(image_of(response.data), FAVICON_BLUE) == 0
    svg = client.get(
        f"/api/dashboard/{made['id']}/snapshot?format=svg", headers=auth_headers
    ).get_data(as_text=True)
    assert "Image: our logo" in svg


def green_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), GREEN).save(out, format="PNG")
    return out.getvalue()


def drawn(folder: Path, url: str) -> Image.Image:
    document = DashboardDocument.model_validate(
        {"title": "t", "name": "t", "widgets": [picture(url)]}
    )
    output = {"ok": True, "kind": "image", "url": url, "alt": "a"}
    images = own_images(["https://gb.example/analytics"], static_dir=folder)
    return image_of(draw_outputs(document, {"pic": output}, images=images))


def test_png_from_the_static_folder_shows_its_pixels(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(green_png())
    image = drawn(tmp_path, "https://gb.example/analytics/static/img/logo.png")
    assert share_of(image, GREEN) > 0.2


def test_mount_prefix_and_origin_must_match(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(green_png())
    for url in (
        "https://gb.example/static/logo.png",  # without the mount prefix
        "http://gb.example/analytics/static/logo.png",  # another scheme
        "https://gb.example:8443/analytics/static/logo.png",  # another port
        "https://other.example/analytics/static/logo.png",
    ):
        assert share_of(drawn(tmp_path, url), GREEN) == 0, url


def test_urls_that_leave_the_folder_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "static"
    folder.mkdir()
    (tmp_path / "secret.png").write_bytes(green_png())
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    images = own_images(["https://gb.example"], static_dir=folder)
    for url in (
        "https://gb.example/static/../secret.png",
        "https://gb.example/static/%2e%2e/secret.png",
        "https://gb.example/static/..%2fsecret.png",
        "https://gb.example/static/link.png",
        "/static/%5c..%5csecret.png",
        "https://gb.example/static/",
    ):
        assert images.data_url(url) is None, url


def test_only_pictures_of_a_bounded_size_are_read(tmp_path: Path) -> None:
    (tmp_path / "page.js").write_text("alert(1)")
    (tmp_path / "fake.png").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "big.png").write_bytes(green_png() + b"\0" * MAX_OWN_IMAGE_BYTES)
    (tmp_path / "ok.gif").write_bytes(b"GIF89a" + b"\0" * 20)
    images = own_images(["https://gb.example"], static_dir=tmp_path)
    assert images.data_url("https://gb.example/static/page.js") is None
    assert images.data_url("https://gb.example/static/fake.png") is None
    assert images.data_url("https://gb.example/static/big.png") is None
    found = images.data_url("/static/ok.gif")
    assert found is not None and found.startswith("data:image/gif;base64,")
