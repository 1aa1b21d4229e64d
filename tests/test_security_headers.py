from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.dashboards.api_helpers import create


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


def test_pages_show_no_images_from_other_sites(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "img-src") == ["'self'", "data:", "blob:"]


def test_pages_frame_no_other_sites(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "frame-src") == ["'self'"]


def test_fetches_stay_on_the_same_origin(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "connect-src") == ["'self'"]


def test_plugins_are_refused(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "object-src") == ["'none'"]


def test_anything_not_named_is_refused(client: FlaskClient) -> None:
    assert directive(csp(client, "/login"), "default-src") == ["'none'"]


BARS = {"mark": "bar", "encoding": {"x": {"field": "k", "type": "nominal"}}}
PAGE = "/dashboards/team/reports/sales"


def widget(widget_id: str, widget_type: str, **fields: Any) -> dict[str, Any]:
    return {"id": widget_id, "type": widget_type, "position": {"x": 0, "y": 0}, **fields}


def page_policy(client: FlaskClient, headers: dict[str, str], *widgets: Any) -> str:
    create(client, headers, widgets=list(widgets))
    return client.get(PAGE, headers=headers).headers["Content-Security-Policy"]


def test_dashboard_without_pictures_shows_no_images_from_other_sites(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    chart = widget("c", "vega-lite", spec=BARS, source={"type": "inline", "data": [{"k": 1}]})
    policy = page_policy(client, auth_headers, chart)
    assert directive(policy, "img-src") == ["'self'", "data:", "blob:"]


def test_dashboard_allows_the_origin_of_its_image_widget(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    image = widget("i", "image", options={"url": "https://pics.example.com/logo.png"})
    policy = page_policy(client, auth_headers, image)
    assert directive(policy, "img-src") == ["'self'", "data:", "blob:", "https://pics.example.com"]


def test_dashboard_allows_the_origin_an_image_source_answered(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    source = {"type": "inline", "data": {"url": "http://127.0.0.1:8123/today.png"}}
    policy = page_policy(client, auth_headers, widget("i", "image", source=source))
    assert "http://127.0.0.1:8123" in directive(policy, "img-src")


def test_dashboard_allows_the_image_origins_its_charts_name(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    pictures = {"mark": "image", "encoding": {"url": {"field": "u", "type": "nominal"}}}
    chart = widget(
        "c",
        "vega-lite",
        spec=pictures,
        options={"images": ["https://pics.example.com"]},
        source={"type": "inline", "data": [{"u": "https://pics.example.com/a.png"}]},
    )
    policy = page_policy(client, auth_headers, chart)
    assert directive(policy, "img-src")[-1] == "https://pics.example.com"


def test_dashboard_frames_only_its_iframe_widgets_origins(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    frame = widget("f", "iframe", options={"url": "https://pages.example.com/report"})
    policy = page_policy(client, auth_headers, frame)
    assert directive(policy, "frame-src") == ["'self'", "https://pages.example.com"]


def test_editor_previews_images_from_anywhere(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    create(client, auth_headers, widgets=[])
    policy = csp_with(client, "/dashboards-edit/team/reports/sales", auth_headers)
    assert directive(policy, "img-src")[-2:] == ["http:", "https:"]


def csp_with(client: FlaskClient, path: str, headers: dict[str, str]) -> str:
    return client.get(path, headers=headers).headers["Content-Security-Policy"]


def test_embedded_dashboard_allows_only_its_widgets_origins(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    image = widget("i", "image", options={"url": "https://pics.example.com/logo.png"})
    dashboard = create(client, auth_headers, widgets=[image])
    made = client.post(
        f"/api/dashboard/{dashboard['id']}/embed", json={"label": "wall"}, headers=auth_headers
    )
    policy = client.get(f"{PAGE}?embed_token={made.get_json()['secret']}").headers[
        "Content-Security-Policy"
    ]
    assert directive(policy, "img-src") == ["'self'", "data:", "blob:", "https://pics.example.com"]
