from __future__ import annotations

import logging
from typing import Any

import pytest
from flask.testing import FlaskClient

import gaugeboard.api.user_api


def test_api_error_has_the_json_error_body(client: FlaskClient) -> None:
    response = client.get("/api/user/me")
    assert response.get_json() == {
        "ok": False,
        "status": 401,
        "code": "unauthorized",
        "error": "Authentication required.",
        "errors": ["Authentication required."],
    }


def test_unknown_api_path_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/api/no-such-thing")
    assert (response.status_code, response.get_json()["code"]) == (404, "not_found")


def test_unknown_seed_api_path_is_a_json_404(client: FlaskClient) -> None:
    assert client.get("/_api/nothing").get_json()["status"] == 404


def test_unknown_page_is_an_html_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_wrong_method_is_405_with_allow_header(client: FlaskClient) -> None:
    response = client.delete("/api/settings")
    assert (response.status_code, response.headers["Allow"]) == (405, "GET, HEAD, OPTIONS")


def test_server_error_hides_the_exception_text(
    client: FlaskClient, auth_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: Any) -> Any:
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(gaugeboard.api.user_api, "list_users", explode)
    response = client.get("/api/user", headers=auth_headers)
    assert response.status_code == 500 and "hunter2" not in response.get_data(as_text=True)


def test_server_error_logs_the_traceback(
    client: FlaskClient,
    auth_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def explode(*_args: Any) -> Any:
        raise RuntimeError("boom for the log")

    monkeypatch.setattr(gaugeboard.api.user_api, "list_users", explode)
    with caplog.at_level(logging.ERROR, logger="gaugeboard"):
        client.get("/api/user", headers=auth_headers)
    assert any(
        record.exc_info and "boom for the log" in str(record.exc_info[1])
        for record in caplog.records
    )


def test_malformed_json_is_400_and_names_the_body(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/user", data="{not json", content_type="application/json", headers=auth_headers
    )
    body = response.get_json()
    assert (response.status_code, body["code"]) == (400, "malformed_request")
    assert body["error"].startswith("body: not valid JSON")


def test_wrong_content_type_is_415(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = client.post("/api/user", data="name=x", headers=auth_headers)
    assert (response.status_code, response.get_json()["code"]) == (415, "unsupported_media_type")


def test_every_validation_problem_is_listed(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/user", json={"name": "", "password": "short", "role": "boss"}, headers=auth_headers
    )
    assert [problem.split(":")[0] for problem in response.get_json()["errors"]] == [
        "name",
        "password",
        "role",
    ]


def test_a_json_body_nested_too_deeply_is_a_400(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    body = "[" * 100_000 + "]" * 100_000
    headers = {**auth_headers, "Content-Type": "application/json"}
    answer = client.post("/api/dashboard", data=body, headers=headers)
    assert (answer.status_code, answer.get_json()["error"]) == (400, "body: nested too deeply")
