from __future__ import annotations

from flask.testing import FlaskClient


def csp(client: FlaskClient, path: str) -> str:
    return client.get(path).headers["Content-Security-Policy"]


def test_pages_forbid_inline_and_external_scripts(client: FlaskClient) -> None:
    assert "script-src 'self';" in csp(client, "/login")


def test_pages_allow_no_eval(client: FlaskClient) -> None:
    assert "unsafe-eval" not in csp(client, "/login")


def test_pages_cannot_be_framed_by_default(client: FlaskClient) -> None:
    assert csp(client, "/login").endswith("frame-ancestors 'none'")


def test_api_errors_carry_the_headers_too(client: FlaskClient) -> None:
    response = client.get("/api/user/me")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_routing_404_carries_the_headers(client: FlaskClient) -> None:
    assert "Content-Security-Policy" in client.get("/nowhere").headers
