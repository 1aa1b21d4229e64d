"""Previewing unsaved documents and listing widget types with their options schemas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from tests.dashboards.api_helpers import bearer
from tests.dashboards.factories import chart_document


def preview(client: FlaskClient, headers: dict[str, str], body: Any) -> Any:
    return client.post("/api/dashboard/preview", json=body, headers=headers)


def number_widget(widget_id: str, data: Any) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": "number",
        "position": {"x": 0, "y": 0, "w": 3, "h": 2},
        "source": {"type": "inline", "data": data},
    }


def test_preview_draws_a_draft_without_saving_it(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    document = chart_document(widgets=[number_widget("n", {"data": 7})])
    preview(client, auth_headers, {"document": document})
    listing = client.get("/api/dashboard?recursive=1", headers=auth_headers).get_json()
    assert listing["total"] == 0


def test_preview_returns_each_widgets_output(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    document = chart_document(widgets=[number_widget("n", {"data": 7})])
    body = preview(client, auth_headers, {"document": document}).get_json()
    assert (body["widgets"]["n"]["ok"], body["widgets"]["n"]["kind"]) == (True, "number")


def test_preview_needs_no_name(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    document = chart_document(widgets=[number_widget("n", {"data": 7})])
    del document["name"]
    assert preview(client, auth_headers, {"document": document}).status_code == 200


def test_preview_reports_problems_at_their_paths(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    widget = {**number_widget("n", 1), "options": {"decimals": 99}}
    response = preview(client, auth_headers, {"document": chart_document(widgets=[widget])})
    assert (response.status_code, response.get_json()["errors"][0][:27]) == (
        400,
        "widgets[0].options.decimals",
    )


def test_preview_refuses_a_missing_document(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = preview(client, auth_headers, {"widgets": ["n"]})
    assert response.get_json()["errors"] == [
        "document: must be a JSON object (a dashboard document)"
    ]


def test_preview_only_draws_the_widgets_asked_for(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    widgets = [number_widget("a", 1), number_widget("b", 2)]
    body = {"document": chart_document(widgets=widgets), "widgets": ["b"]}
    assert list(preview(client, auth_headers, body).get_json()["widgets"]) == ["b"]


def test_preview_checks_the_data_request_fields(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    body = {"document": chart_document(widgets=[number_widget("a", 1)]), "range": "someday"}
    assert (
        preview(client, auth_headers, body)
        .get_json()["errors"][0]
        .startswith("range: must be one of")
    )


def test_preview_of_html_leaves_the_html_out(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    widget = {**number_widget("h", "<b>hi</b>"), "type": "html"}
    output = preview(client, auth_headers, {"document": chart_document(widgets=[widget])})
    drawn = output.get_json()["widgets"]["h"]
    assert ("html" in drawn, drawn["note"]) == (
        False,
        "HTML widgets are shown after the dashboard is saved.",
    )


def test_viewer_may_not_preview_url_sources(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    widget = {**number_widget("u", 1), "source": {"type": "url", "url": "/api/status"}}
    body = {"document": chart_document(widgets=[widget])}
    assert preview(client, bearer(make_token("viewer")), body).status_code == 403


def test_viewer_may_preview_inline_sources(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    body = {"document": chart_document(widgets=[number_widget("n", 3)])}
    assert preview(client, bearer(make_token("viewer")), body).status_code == 200


def test_anonymous_callers_may_not_preview(client: FlaskClient) -> None:
    body = {"document": chart_document(widgets=[number_widget("n", 3)])}
    assert client.post("/api/dashboard/preview", json=body).status_code == 401


def test_widget_types_cover_the_catalog(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    types = client.get("/api/widget/types", headers=auth_headers).get_json()["types"]
    assert [t["type"] for t in types][:3] == ["line", "area", "bar"]


def test_widget_types_flatten_optional_options(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    types = client.get("/api/widget/types", headers=auth_headers).get_json()["types"]
    number = next(t for t in types if t["type"] == "number")
    decimals = number["options_schema"]["properties"]["decimals"]
    assert (decimals["type"], decimals["nullable"], decimals["maximum"]) == ("integer", True, 10)


def test_preview_refuses_a_list_as_a_variable_value(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    variables = [{"name": "n", "type": "number", "default": 1}]
    document = chart_document(widgets=[number_widget("a", 1)], variables=variables)
    body = {"document": document, "variables": {"n": [1]}}
    assert preview(client, auth_headers, body).get_json()["errors"] == [
        "var.n: must be a string or a number"
    ]
