from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.dashboards.service import create_dashboard
from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.folder_grants import insert_team, replace_grants
from tests.conftest import login, state
from tests.dashboards.factories import chart_document


@pytest.fixture
def viewer_client(app: Flask, client: FlaskClient, make_user: Callable[..., Any]) -> FlaskClient:
    make_user("viv", role="viewer")
    login(client, "viv")
    return client


def store(app: Flask, **overrides: Any) -> None:
    with state(app).database.sessions() as session:
        create_dashboard(session, chart_document(**overrides), None)
        session.commit()


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_root_listing_shows_top_folders(app: Flask, viewer_client: FlaskClient) -> None:
    store(app)
    assert 'href="/dashboards/team/"' in page(viewer_client, "/dashboards/")


def test_folder_listing_shows_its_dashboards(app: Flask, viewer_client: FlaskClient) -> None:
    store(app)
    assert 'href="/dashboards/team/reports/sales"' in page(
        viewer_client, "/dashboards/team/reports/"
    )


def test_dashboard_page_carries_the_chart_spec(app: Flask, viewer_client: FlaskClient) -> None:
    store(app)
    html = page(viewer_client, "/dashboards/team/reports/sales")
    specs = json.loads(
        re.search(
            r'<script type="application/json" id="gb-specs">(.*?)</script>', html, re.S
        ).group(1)
    )  # type: ignore[union-attr]
    assert specs["by-region"]["spec"]["mark"] == "bar"


def test_dashboard_page_loads_the_chart_library_locally(
    app: Flask, viewer_client: FlaskClient
) -> None:
    store(app)
    html = page(viewer_client, "/dashboards/team/reports/sales")
    assert re.search(r'<script src="/static/vendor/vega-embed-[^"]+\.js">', html)


def test_page_escapes_user_text(app: Flask, viewer_client: FlaskClient) -> None:
    store(app, title="<script>alert(1)</script>")
    html = page(viewer_client, "/dashboards/team/reports/sales")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_script_data_block_cannot_be_closed_by_user_data(
    app: Flask, viewer_client: FlaskClient
) -> None:
    document = chart_document()
    document["widgets"][0]["source"]["data"] = [
        {"region": "</script><script>alert(1)//", "total": 1}
    ]
    with state(app).database.sessions() as session:
        create_dashboard(session, document, None)
        session.commit()
    assert "</script><script>alert" not in page(viewer_client, "/dashboards/team/reports/sales")


def test_plain_view_has_no_site_header(app: Flask, viewer_client: FlaskClient) -> None:
    store(app)
    assert "gb-header" not in page(viewer_client, "/dashboards-plain/team/reports/sales")


def test_folder_with_an_index_dashboard_shows_it(app: Flask, viewer_client: FlaskClient) -> None:
    store(app, name="index", title="Team home")
    assert "<h1>Team home</h1>" in page(viewer_client, "/dashboards/team/reports/")


def test_unknown_path_is_404(viewer_client: FlaskClient) -> None:
    assert viewer_client.get("/dashboards/nothing/here").status_code == 404


def test_traversal_path_is_404(viewer_client: FlaskClient) -> None:
    assert viewer_client.get("/dashboards/..%2f..%2fetc/passwd").status_code == 404


def test_home_page_links_to_the_listing(viewer_client: FlaskClient) -> None:
    assert 'href="/dashboards/"' in viewer_client.get("/").get_data(as_text=True)


def test_chart_library_is_served_from_the_python_package(viewer_client: FlaskClient) -> None:
    from gaugeboard.web.vega_bundle import bundle_version

    with viewer_client.get(f"/static/vendor/vega-embed-{bundle_version()}.js") as response:
        body = response.get_data(as_text=True)
    assert body.startswith("(function () {") and "window.vegaEmbed" in body


def test_public_dashboards_need_no_login(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(DASHBOARD_ACCESS="public")
    store(app)
    assert app.test_client().get("/dashboards/team/reports/sales").status_code == 200


def test_closed_folder_page_is_not_found_for_others(app: Flask, viewer_client: FlaskClient) -> None:
    store(app)
    with state(app).database.sessions() as session:
        team = insert_team(session, "insiders")
        replace_grants(
            session, "team", [FolderGrant(folder="team", team_id=team.id, role="viewer")]
        )
        session.commit()
    response = viewer_client.get("/dashboards/team/reports/sales")
    assert response.status_code == 404


def metric_widget(query: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": "visits",
        "type": "number",
        "position": {"x": 6, "y": 0, "w": 3, "h": 2},
        "source": {"type": "metric", "query": query},
        **extra,
    }


def test_no_time_controls_where_nothing_depends_on_time(
    app: Flask, viewer_client: FlaskClient
) -> None:
    store(app)
    assert 'id="gb-range"' not in page(viewer_client, "/dashboards/team/reports/sales")


def test_time_controls_shown_for_a_metric_that_takes_the_page_range(
    app: Flask, viewer_client: FlaskClient
) -> None:
    document = chart_document()
    store(app, widgets=[*document["widgets"], metric_widget({"metric": "count"})])
    html = page(viewer_client, "/dashboards/team/reports/sales")
    assert re.search(r'class="gb-control gb-control-range">', html)


def test_range_hidden_when_every_metric_names_its_own(
    app: Flask, viewer_client: FlaskClient
) -> None:
    document = chart_document()
    own = metric_widget({"metric": "count", "range": "last_7_days"})
    variable = {"name": "region", "type": "text", "default": "north"}
    store(app, widgets=[*document["widgets"], own], variables=[variable])
    html = page(viewer_client, "/dashboards/team/reports/sales")
    assert 'class="gb-control gb-control-range" hidden' in html and 'id="gb-var-region"' in html
