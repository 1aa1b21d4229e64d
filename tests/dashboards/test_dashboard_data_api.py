"""The batched widget data request: per-widget errors, sharing, inputs, caching, ETags."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from gaugeboard.dashboards import widget_data
from tests.dashboards.api_helpers import create


def chart(widget_id: str, source: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": "vega-lite",
        "source": source,
        "spec": {"mark": "bar", "encoding": {"x": {"field": "k", "type": "nominal"}}},
        **extra,
    }


def inline(data: Any) -> dict[str, Any]:
    return {"type": "inline", "data": data}


def data_of(
    client: FlaskClient, headers: dict[str, str], dashboard: dict[str, Any], query: str = ""
) -> Any:
    return client.get(f"/api/dashboard/{dashboard['id']}/data{query}", headers=headers)


def test_every_widget_gets_its_data(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(
        client, auth_headers, widgets=[chart("a", inline([{"k": 1}])), chart("b", inline([]))]
    )
    widgets = data_of(client, auth_headers, dashboard).get_json()["widgets"]
    assert widgets["a"]["spec"]["data"] == {"values": [{"k": 1}]}


def test_failing_widget_has_its_own_error(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(
        client,
        auth_headers,
        widgets=[chart("ok", inline([{"k": 1}])), chart("bad", inline({"x": 1}), key="missing")],
    )
    widgets = data_of(client, auth_headers, dashboard).get_json()["widgets"]
    message = "key: the payload has no \"multicharts\" object to pick 'missing' from"
    assert widgets["ok"]["ok"] is True
    assert widgets["bad"] == {
        "ok": False,
        "status": 400,
        "code": "validation_failed",
        "error": message,
        "errors": [message],
    }


def test_widget_that_breaks_gets_the_error_body_without_details(
    client: FlaskClient, auth_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(widget_data, "render_widget", broken)
    dashboard = create(client, auth_headers, widgets=[chart("a", inline([{"k": 1}]))])
    widgets = data_of(client, auth_headers, dashboard).get_json()["widgets"]
    message = "Internal error drawing this widget."
    assert widgets["a"] == {
        "ok": False,
        "status": 500,
        "code": "internal_error",
        "error": message,
        "errors": [message],
    }


def test_multicharts_key_picks_the_shared_part(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    shared = inline({"multicharts": {"left": [{"k": "l"}], "right": [{"k": "r"}]}})
    dashboard = create(
        client,
        auth_headers,
        widgets=[chart("l", shared, key="left"), chart("r", shared, key="right")],
    )
    widgets = data_of(client, auth_headers, dashboard).get_json()["widgets"]
    assert widgets["r"]["spec"]["data"] == {"values": [{"k": "r"}]}


def test_widgets_with_the_same_source_share_one_fetch(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    shared = inline({"multicharts": {"left": [], "right": []}})
    dashboard = create(
        client,
        auth_headers,
        widgets=[chart("l", shared, key="left"), chart("r", shared, key="right")],
    )
    response = data_of(client, auth_headers, dashboard)
    assert response.headers["X-Gaugeboard-Sources"] == "fetched=1; cached=0"


def test_second_request_is_served_from_the_cache(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers, widgets=[chart("a", inline([{"k": 1}]))])
    data_of(client, auth_headers, dashboard)
    response = data_of(client, auth_headers, dashboard)
    assert response.headers["X-Gaugeboard-Sources"] == "fetched=0; cached=1"


def test_unchanged_data_answers_304_to_its_etag(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers, widgets=[chart("a", inline([{"k": 1}]))])
    etag = data_of(client, auth_headers, dashboard).headers["ETag"]
    response = client.get(
        f"/api/dashboard/{dashboard['id']}/data",
        headers={**auth_headers, "If-None-Match": etag},
    )
    assert response.status_code == 304


def test_widgets_parameter_limits_the_answer(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(
        client, auth_headers, widgets=[chart("a", inline([])), chart("b", inline([]))]
    )
    widgets = data_of(client, auth_headers, dashboard, "?widgets=b").get_json()["widgets"]
    assert list(widgets) == ["b"]


def test_variable_fills_the_source(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(
        client,
        auth_headers,
        variables=[{"name": "region", "type": "select", "options": ["n", "s"], "default": "n"}],
        widgets=[chart("a", inline([{"k": "{{region}}"}]))],
    )
    widgets = data_of(client, auth_headers, dashboard, "?var.region=s").get_json()["widgets"]
    assert widgets["a"]["spec"]["data"] == {"values": [{"k": "s"}]}


def test_input_value_fills_its_widget(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    inputs = {"options": [{"name": "limit", "type": "number", "validator_regex": "[0-9]+"}]}
    dashboard = create(
        client, auth_headers, widgets=[chart("a", inline([{"k": "{{limit}}"}]), inputs=inputs)]
    )
    widgets = data_of(client, auth_headers, dashboard, "?input.a.limit=7").get_json()["widgets"]
    assert widgets["a"]["spec"]["data"] == {"values": [{"k": "7"}]}


def test_bad_request_values_are_all_named(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    inputs = {"options": [{"name": "limit", "validator_regex": "[0-9]+"}]}
    dashboard = create(client, auth_headers, widgets=[chart("a", inline([]), inputs=inputs)])
    response = data_of(
        client, auth_headers, dashboard, "?input.a.limit=x&var.nope=1&range=forever&widgets=zz"
    )
    assert [e.split(":")[0] for e in response.get_json()["errors"]] == [
        "range",
        "var.nope",
        "input.a.limit",
        "widgets",
    ]


def test_undefined_placeholder_is_refused_at_save(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/dashboard",
        json={"title": "T", "name": "t", "widgets": [chart("a", inline([{"k": "{{who}}"}]))]},
        headers=auth_headers,
    )
    assert response.get_json()["errors"] == [
        "widgets[0].source: {{who}} names no variable or input"
    ]


def test_schema_is_published(client: FlaskClient) -> None:
    schema = client.get("/api/schema/dashboard.json").get_json()
    assert set(schema["required"]) == {"title", "name"}


def test_page_load_fills_the_cache_for_the_data_request(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers, widgets=[chart("a", inline([{"k": 1}]))])
    client.get(f"/dashboards/{dashboard['path']}", headers=auth_headers)
    response = data_of(client, auth_headers, dashboard)
    assert response.headers["X-Gaugeboard-Sources"] == "fetched=0; cached=1"
