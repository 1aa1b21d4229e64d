"""Names are checked against the whole text: ``^…$`` with ``re.match`` lets a trailing
newline through, so ``secret\\n`` became a folder beside the closed ``secret``, outside its
grants, and ``viewer1\\n`` a second user that could sign in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from gaugeboard.dashboards.jsondash_import import convert_jsondash
from tests.conftest import DEFAULT_PASSWORD
from tests.dashboards.factories import chart_document


def first_error_field(response: Any) -> tuple[int, str]:
    return response.status_code, response.get_json()["errors"][0].split(":")[0]


def test_folder_with_a_trailing_newline_is_refused_at_save(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    document = chart_document(folder="secret\n")
    response = client.post("/api/dashboard", json=document, headers=auth_headers)
    assert first_error_field(response) == (400, "folder")


def test_inner_folder_segment_with_a_trailing_newline_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    document = chart_document(folder="secret\n/reports")
    response = client.post("/api/dashboard", json=document, headers=auth_headers)
    assert first_error_field(response) == (400, "folder")


def test_dashboard_name_with_a_trailing_newline_is_refused_at_save(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    document = chart_document(name="sales\n")
    response = client.post("/api/dashboard", json=document, headers=auth_headers)
    assert first_error_field(response) == (400, "name")


def test_folder_permissions_refuse_a_trailing_newline(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.put(
        "/api/permission?folder=secret%0A",
        json={"grants": []},
        headers=auth_headers,
    )
    assert first_error_field(response) == (400, "folder")


def test_user_name_with_a_trailing_newline_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    body = {"name": "viewer1\n", "password": DEFAULT_PASSWORD, "role": "viewer"}
    response = client.post("/api/user", json=body, headers=auth_headers)
    assert first_error_field(response) == (400, "name")


def test_user_named_me_is_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    """/api/user/me always answers the caller, so "me" would be a user without an address."""
    body = {"name": "me", "password": DEFAULT_PASSWORD, "role": "viewer"}
    response = client.post("/api/user", json=body, headers=auth_headers)
    assert first_error_field(response) == (400, "name")


def test_signing_in_with_a_trailing_newline_fails(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("viewer1")
    response = client.post("/login", json={"username": "viewer1\n", "password": DEFAULT_PASSWORD})
    assert response.status_code == 401


def test_event_key_name_with_a_trailing_newline_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post("/api/event/key", json={"name": "site\n"}, headers=auth_headers)
    assert first_error_field(response) == (400, "name")


def test_team_name_with_a_trailing_newline_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post("/api/team", json={"name": "ops\n"}, headers=auth_headers)
    assert first_error_field(response) == (400, "name")


def jsondash_module(**overrides: Any) -> dict[str, Any]:
    module = {
        "name": "C",
        "family": "C3",
        "type": "line",
        "width": "col-6",
        "height": 400,
        "row": 1,
    }
    module.update(dataSource="http://127.0.0.1:5004/line", **overrides)
    return {"name": "D", "layout": "grid", "modules": [module]}


def test_jsondash_guid_with_a_trailing_newline_is_not_kept_as_the_widget_id() -> None:
    converted = convert_jsondash(jsondash_module(guid="chart1\n"))
    assert converted["widgets"][0]["id"] == "w1"
