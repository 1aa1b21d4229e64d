"""Notebook dashboards as pages: ``/dashboards/…`` and ``/dashboards-plain/…``, folder
listings with their kind, a folder's index notebook, the files of a bundle (safe types,
``nosniff``, never the notebook) and the frames and pictures of outputs."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.notebooks.builders import (
    PANDAS_HTML,
    SVG_WITH_SCRIPT,
    code,
    display,
    ipynb,
    markdown,
    notebook,
    png,
    zip_bundle,
)
from tests.notebooks.helpers import Upload, plain_notebook, token_header


@pytest.fixture
def viewer(make_token: Callable[..., str]) -> dict[str, str]:
    return token_header(make_token("viewer"))


def fetch(client: FlaskClient, path: str, headers: dict[str, str]) -> Any:
    """The answer to a GET, read whole and closed (files are streamed)."""
    with client.get(path, headers=headers) as response:
        response.get_data()
        return response


def specs(page: Any) -> dict[str, Any]:
    html = page.get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="gb-specs">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_notebook_page_is_shown(
    upload: Upload, client: FlaskClient, viewer: dict[str, str]
) -> None:
    upload("team/weekly", plain_notebook("# Weekly numbers"))
    page = client.get("/dashboards/team/weekly", headers=viewer)
    assert page.status_code == 200 and "gb-notebook" in page.get_data(as_text=True)


def test_notebook_page_draws_its_cells(
    upload: Upload, client: FlaskClient, viewer: dict[str, str]
) -> None:
    upload("team/weekly", plain_notebook("# Weekly numbers"))
    output = specs(client.get("/dashboards/team/weekly", headers=viewer))["cell-0"]
    assert output["kind"] == "markdown" and output["nodes"][0]["tag"] == "h1"


def test_plain_page_has_no_site_header(
    upload: Upload, client: FlaskClient, viewer: dict[str, str]
) -> None:
    upload("team/weekly")
    html = client.get("/dashboards-plain/team/weekly", headers=viewer).get_data(as_text=True)
    assert "gb-plain" in html and 'class="gb-header"' not in html


def test_notebook_page_needs_a_reader(upload: Upload, client: FlaskClient) -> None:
    upload("team/weekly")
    assert client.get("/dashboards/team/weekly", headers={"Accept": "text/html"}).status_code == 302


def test_folder_listing_shows_notebooks_with_their_kind(
    upload: Upload, client: FlaskClient, viewer: dict[str, str], auth_headers: dict[str, str]
) -> None:
    upload("team/weekly")
    document = {"name": "board", "folder": "team", "title": "Board"}
    client.post("/api/dashboard", json=document, headers=auth_headers)
    html = client.get("/dashboards/team/", headers=viewer).get_data(as_text=True)
    rows = re.findall(r'<tr class="gb-(\w+)">', html)
    assert rows == ["dashboard", "notebook"]


def test_a_folder_holding_only_notebooks_is_listed(
    upload: Upload, client: FlaskClient, viewer: dict[str, str]
) -> None:
    upload("reports/q1/sales")
    html = client.get("/dashboards/", headers=viewer).get_data(as_text=True)
    assert 'href="/dashboards/reports/"' in html
    assert client.get("/dashboards/reports/q1/", headers=viewer).status_code == 200


def test_search_finds_notebooks(
    upload: Upload, client: FlaskClient, viewer: dict[str, str]
) -> None:
    upload("team/weekly-revenue")
    html = client.get("/dashboards/?search=revenue", headers=viewer).get_data(as_text=True)
    assert "/dashboards/team/weekly-revenue" in html


def test_an_index_notebook_stands_for_its_folder(
    upload: Upload, client: FlaskClient, viewer: dict[str, str]
) -> None:
    upload("team/index", plain_notebook("# Team home"))
    html = client.get("/dashboards/team/", headers=viewer).get_data(as_text=True)
    assert "gb-notebook" in html and "Team home" in html


def test_notebook_title_comes_from_its_metadata(
    upload: Upload, client: FlaskClient, viewer: dict[str, str]
) -> None:
    upload("team/weekly", ipynb(notebook(markdown("x"), title="Weekly KPIs")))
    html = client.get("/dashboards/team/weekly", headers=viewer).get_data(as_text=True)
    assert "<h1>Weekly KPIs</h1>" in html


# The files of a bundle


@pytest.fixture
def bundle(upload: Upload) -> None:
    made = notebook(markdown("![Logo](img/logo.png) and [the data](data.csv)"))
    files = {
        "index.ipynb": ipynb(made),
        "img/logo.png": png(),
        "data.csv": b"a,b\n1,2\n",
        "page.html": b"<script>alert(1)</script>",
        "drawing.svg": SVG_WITH_SCRIPT.encode(),
        "other.ipynb": plain_notebook(),
    }
    assert upload("team/bundle", zip_bundle(files), "bundle.zip").status_code == 201


@pytest.mark.usefixtures("bundle")
def test_bundle_file_is_served_relative_to_its_dashboard(
    client: FlaskClient, viewer: dict[str, str]
) -> None:
    response = fetch(client, "/dashboards/team/bundle/img/logo.png", viewer)
    assert (response.status_code, response.mimetype, response.data) == (200, "image/png", png())


@pytest.mark.usefixtures("bundle")
def test_bundle_files_are_not_sniffed_and_cannot_run(
    client: FlaskClient, viewer: dict[str, str]
) -> None:
    response = fetch(client, "/dashboards/team/bundle/data.csv", viewer)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("sandbox;")


@pytest.mark.usefixtures("bundle")
def test_a_bundle_html_file_is_a_download(client: FlaskClient, viewer: dict[str, str]) -> None:
    response = fetch(client, "/dashboards/team/bundle/page.html", viewer)
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.usefixtures("bundle")
def test_a_bundle_svg_is_an_image_in_a_sandbox(client: FlaskClient, viewer: dict[str, str]) -> None:
    response = fetch(client, "/dashboards/team/bundle/drawing.svg", viewer)
    assert response.mimetype == "image/svg+xml"
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.usefixtures("bundle")
@pytest.mark.parametrize(
    "name", ["index.ipynb", "other.ipynb", "img", "nothing.png", "img/../data.csv"]
)
def test_notebooks_folders_and_escapes_are_not_served(
    client: FlaskClient, viewer: dict[str, str], name: str
) -> None:
    assert client.get(f"/dashboards/team/bundle/{name}", headers=viewer).status_code == 404


@pytest.mark.usefixtures("bundle")
def test_markdown_pictures_and_links_name_bundle_files(
    client: FlaskClient, viewer: dict[str, str]
) -> None:
    paragraph = specs(client.get("/dashboards/team/bundle", headers=viewer))["cell-0"]["nodes"][0]
    picture, _text, link = paragraph["children"]
    assert picture == {
        "tag": "img",
        "src": "http://localhost/dashboards/team/bundle/img/logo.png",
        "alt": "Logo",
    }
    assert link["href"] == "/dashboards/team/bundle/data.csv"


@pytest.mark.usefixtures("bundle")
def test_bundle_files_need_a_reader(client: FlaskClient) -> None:
    response = client.get("/dashboards/team/bundle/data.csv", headers={"Accept": "text/html"})
    assert response.status_code == 302


# Frames and pictures of outputs


@pytest.fixture
def framed(upload: Upload) -> None:
    made = notebook(
        code("df", [display({"text/html": PANDAS_HTML})]),
        code("svg", [display({"image/svg+xml": SVG_WITH_SCRIPT})]),
    )
    upload("team/framed", ipynb(made))


@pytest.mark.usefixtures("framed")
def test_html_output_is_a_sandboxed_frame(client: FlaskClient, viewer: dict[str, str]) -> None:
    output = specs(client.get("/dashboards/team/framed", headers=viewer))["cell-0"]
    assert output["src"] == "/notebook-outputs/1/1/c0-0.html" and "html" not in output
    frame = client.get(output["src"], headers=viewer)
    policy = frame.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "script-src" not in policy
    assert "<table" in frame.get_data(as_text=True)


@pytest.mark.usefixtures("framed")
def test_svg_output_is_a_sanitised_picture(client: FlaskClient, viewer: dict[str, str]) -> None:
    output = specs(client.get("/dashboards/team/framed", headers=viewer))["cell-1"]
    assert (output["kind"], output["url"]) == (
        "image",
        "http://localhost/notebook-outputs/1/1/c1-0.svg",
    )
    picture = client.get("/notebook-outputs/1/1/c1-0.svg", headers=viewer)
    text = picture.get_data(as_text=True)
    assert "<rect" in text and "script" not in text and "onload" not in text
    assert picture.headers["Content-Security-Policy"].startswith("sandbox;")


@pytest.mark.usefixtures("framed")
@pytest.mark.parametrize(
    "path",
    [
        "/notebook-outputs/1/1/c9-0.html",
        "/notebook-outputs/1/7/c0-0.html",
        "/notebook-outputs/5/1/c0-0.html",
        "/notebook-outputs/1/1/c0-0.svg",
    ],
)
def test_unknown_outputs_are_404(client: FlaskClient, viewer: dict[str, str], path: str) -> None:
    assert client.get(path, headers=viewer).status_code == 404


@pytest.mark.usefixtures("framed")
def test_outputs_of_a_notebook_one_cannot_see_are_404(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    viewer: dict[str, str],
) -> None:
    owner = make_user(role="editor")
    grants = {"grants": [{"user": owner.name, "role": "viewer"}]}
    client.put("/api/permission?folder=team", json=grants, headers=auth_headers)
    assert client.get("/notebook-outputs/1/1/c0-0.html", headers=viewer).status_code == 404
    assert client.get("/dashboards/team/framed", headers=viewer).status_code == 404


def test_plotly_library_is_served_from_the_python_package(client: FlaskClient) -> None:
    response = fetch(client, "/static/vendor/plotly.js", {})
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert b"window.Plotly" in response.data
    again = client.get(
        "/static/vendor/plotly.js", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_mounted_in_a_host_app_every_address_has_the_prefix(
    settings_overrides: dict[str, Any], make_token: Callable[..., str]
) -> None:
    from flask import Flask

    from gaugeboard.extension import Gaugeboard
    from tests.conftest import shutdown

    host = Flask("notebook_host")
    Gaugeboard(host, url_prefix="/gb", overrides=settings_overrides)
    try:
        client = host.test_client()
        made = notebook(code("df", [display({"text/html": PANDAS_HTML})]))
        editor = token_header(make_token("editor"))
        response = client.post(
            "/gb/_api/notebooks/team/framed",
            data={"file": (io.BytesIO(ipynb(made)), "f.ipynb")},
            headers=editor,
        )
        assert response.get_json()["link"] == "http://localhost/gb/dashboards/team/framed"
        output = specs(client.get("/gb/dashboards/team/framed", headers=editor))["cell-0"]
        assert output["src"] == "/gb/notebook-outputs/1/1/c0-0.html"
        assert fetch(client, output["src"], editor).status_code == 200
    finally:
        shutdown(host)
