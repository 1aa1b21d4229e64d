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


def directive(policy: str, name: str) -> list[str]:
    """The sources of one CSP directive (empty when the directive is missing)."""
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return []


def test_scripts_come_only_from_gaugeboard(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "script-src") == ["'self'"]


def test_styles_come_only_from_gaugeboard(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "style-src") == ["'self'"]


def test_image_widgets_may_show_http_images(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "img-src") == [
        "'self'",
        "data:",
        "blob:",
        "http:",
        "https:",
    ]


def test_iframe_widgets_may_frame_http_pages(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "frame-src") == ["http:", "https:"]


def test_fetches_stay_on_the_same_origin(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "connect-src") == ["'self'"]


def test_plugins_are_refused(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "object-src") == ["'none'"]


def test_anything_not_named_is_refused(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "default-src") == ["'none'"]
