"""A jsondash-format dashboard of the kind its users keep, imported into a host app and fed
by jsondash-style endpoints on a real local HTTP server: every widget draws, or fails
alone with its reason."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, Response

from gaugeboard.extension import Gaugeboard
from tests.conftest import state
from tests.dashboards.api_helpers import bearer
from tests.dashboards.jsondash_endpoints import JsondashEndpoints

INLINE_CHART = "<html><body><p>inline chart</p></body></html>"
HOST_CUSTOM = "<div><b>Host custom</b></div>"


def module(index: int, jsondash_type: str, data_source: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": f"{jsondash_type} {index}",
        "guid": f"0ea095dd-463e-856b-9a88-d5fa99d842{index:02d}",
        "type": jsondash_type,
        "family": extra.pop("family", "C3"),
        "width": "col-6",
        "height": 300,
        "row": index // 2 + 1,
        "dataSource": data_source,
        **extra,
    }


def kitchen_sink(endpoints: JsondashEndpoints) -> dict[str, Any]:
    url = endpoints.url
    modules = [
        module(0, "bar", url("/custom-inputs?entries=2"), classes=["text-danger"]),
        module(1, "line", url("/custom-inputs?override=1"), override=True),
        module(2, "datatable", url("/datatable?override=1"), family="DataTable", override=True),
        module(3, "vega-lite", url("/vegalite"), family="Vega"),
        module(4, "iframe", "/examples/inline-chart.html", family="Basic"),
        module(5, "custom", "/examples/custom.html", family="Basic"),
        module(6, "custom", url("/custom.html"), family="Basic"),
        module(7, "sunburst", url("/custom-inputs"), family="D3"),
        module(8, "line", url("/deadend")),
        module(9, "iframe", "//evil.example/page", family="Basic"),
    ]
    return {
        "name": "Kitchen sink",
        "id": "a16401b0-1c4e-11e6-b9a3-a0999b0aebbf",
        "date": "2017-05-15 21:25:18.949961",
        "layout": "grid",
        "category": "uncategorized",
        "modules": modules,
    }


@pytest.fixture
def endpoints() -> Iterator[JsondashEndpoints]:
    with JsondashEndpoints() as server:
        yield server


@pytest.fixture
def host(settings_overrides: dict[str, Any], app: Flask) -> Iterator[Flask]:
    """A host app with its own example pages, gaugeboard mounted at /gb."""
    host_app = Flask("jsondash_kitchen")

    @host_app.get("/examples/inline-chart.html")
    def inline_chart() -> Response:
        return Response(INLINE_CHART, mimetype="text/html")

    @host_app.get("/examples/custom.html")
    def custom() -> Response:
        return Response(HOST_CUSTOM, mimetype="text/html")

    Gaugeboard(
        host_app, url_prefix="/gb", overrides={**settings_overrides, "URL_ALLOW_PRIVATE": True}
    )
    yield host_app
    state(host_app).database.dispose()


@pytest.fixture
def outputs(
    host: Flask, endpoints: JsondashEndpoints, make_token: Callable[..., str]
) -> dict[str, dict[str, Any]]:
    client = host.test_client()
    admin = bearer(make_token("admin"))
    sent = {"files": [{"name": "kitchen.json", "document": kitchen_sink(endpoints)}]}
    imported = client.post("/gb/api/dashboard/import", json=sent, headers=admin)
    assert imported.status_code == 200, imported.get_json()
    found = client.get("/gb/api/dashboard/kitchen-sink", headers=admin).get_json()
    data = client.get(f"/gb/api/dashboard/{found['dashboard']['id']}/data", headers=admin)
    assert data.status_code == 200, data.get_json()
    widgets: dict[str, dict[str, Any]] = data.get_json()["widgets"]
    return {key[-2:]: value for key, value in widgets.items()}


def test_keyed_series_draw_as_bars(outputs: dict[str, dict[str, Any]]) -> None:
    rows = outputs["00"]["spec"]["data"]["values"]
    assert (outputs["00"]["ok"], {row["series"] for row in rows}) == (True, {"0", "1"})


def test_c3_override_configuration_draws_with_its_type_and_notes(
    outputs: dict[str, dict[str, Any]],
) -> None:
    output = outputs["01"]
    assert (output["spec"]["mark"]["type"], output["spec"]["encoding"]["x"]["title"]) == (
        "bar",
        "Week",
    )
    assert output["notes"] == [
        "drawn as a bar chart, as C3 data.type says",
        "C3 grid dropped (no equivalent here)",
    ]


def test_datatables_override_draws_a_titled_table(outputs: dict[str, dict[str, Any]]) -> None:
    output = outputs["02"]
    assert (output["kind"], [c["name"] for c in output["columns"]], output["rows"][0]) == (
        "table",
        ["Name", "Age"],
        ["Bob", 41],
    )
    assert output["notes"] == ["DataTables scrollY dropped (no equivalent here)"]


def test_old_vega_lite_spec_draws_upgraded(outputs: dict[str, dict[str, Any]]) -> None:
    output = outputs["03"]
    assert (output["ok"], output["spec"]["encoding"]["y"]["stack"]) == (True, "normalize")


def test_relative_iframe_address_is_the_host_page(outputs: dict[str, dict[str, Any]]) -> None:
    assert (outputs["04"]["kind"], outputs["04"]["url"]) == (
        "iframe",
        "/examples/inline-chart.html",
    )


def test_relative_custom_address_fetches_the_host_page(outputs: dict[str, dict[str, Any]]) -> None:
    assert (outputs["05"]["kind"], outputs["05"]["html"]) == ("html", HOST_CUSTOM)


def test_remote_custom_html_is_shown(outputs: dict[str, dict[str, Any]]) -> None:
    assert outputs["06"]["html"] == "<h1>Remote custom</h1>"


def test_unknown_family_fails_alone_with_its_reason(outputs: dict[str, dict[str, Any]]) -> None:
    assert outputs["07"]["ok"] is False
    assert outputs["07"]["error"].startswith("modules[7].type: unknown type 'sunburst'")


def test_dead_endpoint_fails_alone(outputs: dict[str, dict[str, Any]]) -> None:
    assert (outputs["08"]["ok"], outputs["08"]["status"]) == (False, 502)


def test_address_of_another_site_without_scheme_fails_alone(
    outputs: dict[str, dict[str, Any]],
) -> None:
    assert outputs["09"]["error"].startswith("modules[9].dataSource: must not start with '//'")


def test_classes_give_the_widget_its_emphasis_on_the_page(
    host: Flask, outputs: dict[str, dict[str, Any]], make_user: Callable[..., Any]
) -> None:
    client = host.test_client()
    make_user("viewer1", role="viewer")
    client.post("/gb/login", json={"username": "viewer1", "password": "correct horse battery"})
    html = client.get("/gb/dashboards/kitchen-sink").get_data(as_text=True)
    widget_id = "0ea095dd-463e-856b-9a88-d5fa99d84200"
    assert f'data-widget-id="{widget_id}" data-type="bar" data-emphasis="danger"' in html
