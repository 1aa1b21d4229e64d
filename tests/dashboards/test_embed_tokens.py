"""Embed tokens: created by editors, secret shown once, open exactly one dashboard (page,
data, HTML frames) with locked filters, stop on expiry or revocation; frame-ancestors and
the embed, plain and kiosk modes of the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.store.dashboard_models import EmbedToken
from gaugeboard.store.types import utcnow
from tests.conftest import state
from tests.dashboards.api_helpers import bearer, create

REGION = {"name": "region", "type": "select", "options": ["n", "s"], "default": "n"}
WIDGET = {
    "id": "a",
    "type": "vega-lite",
    "title": "Region",
    "source": {"type": "inline", "data": [{"k": "{{region}}"}]},
    "spec": {"mark": "bar", "encoding": {"x": {"field": "k", "type": "nominal"}}},
}
HTML_WIDGET = {"id": "h", "type": "html", "source": {"type": "inline", "data": "<p>hi</p>"}}


@pytest.fixture
def dashboard(client: FlaskClient, auth_headers: dict[str, str]) -> dict[str, Any]:
    return create(client, auth_headers, variables=[REGION], widgets=[WIDGET])


def make_embed(
    client: FlaskClient, headers: dict[str, str], dashboard: dict[str, Any], **body: Any
) -> Any:
    body.setdefault("label", "intranet")
    return client.post(f"/api/dashboard/{dashboard['id']}/embed", json=body, headers=headers)


@pytest.fixture
def embed(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> dict[str, Any]:
    response = make_embed(client, auth_headers, dashboard, variables={"region": "s"})
    assert response.status_code == 201, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def data_url(dashboard: dict[str, Any], secret: str, query: str = "") -> str:
    return f"/api/dashboard/{dashboard['id']}/data?embed_token={secret}{query}"


def test_create_shows_the_secret_and_embed_url(embed: dict[str, Any]) -> None:
    assert embed["url"].endswith(f"/dashboards/team/reports/sales?embed_token={embed['secret']}")


def test_create_defaults_to_thirty_days(embed: dict[str, Any]) -> None:
    assert embed["embed"]["expires_at"] > (utcnow() + timedelta(days=29)).isoformat()[:19]


def test_create_names_every_bad_field(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    body = {"label": "", "days": 0, "variables": {"nope": 1, "region": "x"}, "range": "ever"}
    response = make_embed(client, auth_headers, dashboard, **body)
    assert response.get_json()["errors"] == [
        "label: must be 1-100 characters",
        "days: must be a whole number from 1 to 3650",
        "variables.nope: the dashboard has no such variable",
        "variables.region: 'x' is not one of the options",
        "range: must be one of "
        + response.get_json()["errors"][-1].removeprefix("range: must be one of "),
    ]


def test_viewer_may_not_create(
    client: FlaskClient, make_token: Callable[..., str], dashboard: dict[str, Any]
) -> None:
    response = make_embed(client, bearer(make_token("viewer")), dashboard)
    assert response.status_code == 403


def test_listing_never_shows_secrets(
    client: FlaskClient, auth_headers: dict[str, str], embed: dict[str, Any]
) -> None:
    listed = client.get(f"/api/dashboard/{embed['embed']['dashboard']}/embed", headers=auth_headers)
    assert embed["secret"] not in listed.get_data(as_text=True)


def test_only_the_digest_is_stored(app: Flask, embed: dict[str, Any]) -> None:
    with state(app).database.sessions() as session:
        stored = session.get(EmbedToken, embed["embed"]["id"])
        assert stored is not None and embed["secret"] not in stored.token_hash


def test_embed_token_opens_the_data_anonymously(
    client: FlaskClient, dashboard: dict[str, Any], embed: dict[str, Any]
) -> None:
    response = client.get(data_url(dashboard, embed["secret"]))
    assert response.status_code == 200


def test_locked_variable_overrides_the_request(
    client: FlaskClient, dashboard: dict[str, Any], embed: dict[str, Any]
) -> None:
    widgets = client.get(data_url(dashboard, embed["secret"], "&var.region=n")).get_json()[
        "widgets"
    ]
    assert widgets["a"]["spec"]["data"] == {"values": [{"k": "s"}]}


def test_locked_range_replaces_the_request_range(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    secret = make_embed(client, auth_headers, dashboard, range="last_7_days").get_json()["secret"]
    response = client.get(data_url(dashboard, secret, "&range=forever"))
    assert response.status_code == 200


def test_embed_token_does_not_open_another_dashboard(
    client: FlaskClient, auth_headers: dict[str, str], embed: dict[str, Any]
) -> None:
    other = create(client, auth_headers, name="other", variables=[REGION], widgets=[WIDGET])
    assert client.get(data_url(other, embed["secret"])).status_code == 403


def test_embed_token_does_not_open_the_api(
    client: FlaskClient, dashboard: dict[str, Any], embed: dict[str, Any]
) -> None:
    response = client.get(f"/api/dashboard/{dashboard['id']}?embed_token={embed['secret']}")
    assert response.status_code == 401


def test_embed_token_does_not_open_posted_data_requests(
    client: FlaskClient, dashboard: dict[str, Any], embed: dict[str, Any]
) -> None:
    response = client.post(data_url(dashboard, embed["secret"]), json={})
    assert response.status_code == 401


def test_revoked_token_is_refused_with_a_reason(
    client: FlaskClient,
    auth_headers: dict[str, str],
    dashboard: dict[str, Any],
    embed: dict[str, Any],
) -> None:
    client.delete(f"/api/embed/{embed['embed']['id']}", headers=auth_headers)
    response = client.get(data_url(dashboard, embed["secret"]))
    assert (response.status_code, response.get_json()["error"]) == (
        401,
        "embed_token: this embed link was revoked",
    )


def test_expired_token_is_refused(
    app: Flask, client: FlaskClient, dashboard: dict[str, Any], embed: dict[str, Any]
) -> None:
    with state(app).database.sessions() as session:
        stored = session.get(EmbedToken, embed["embed"]["id"])
        assert stored is not None
        stored.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
    response = client.get(data_url(dashboard, embed["secret"]))
    assert "expired" in response.get_json()["error"]


def test_embed_page_shows_only_the_widgets(
    client: FlaskClient, dashboard: dict[str, Any], embed: dict[str, Any]
) -> None:
    html = client.get(f"/dashboards/team/reports/sales?embed_token={embed['secret']}").get_data(
        as_text=True
    )
    assert ("gb-embed" in html, "gb-breadcrumb" in html, "gb-header" in html) == (
        True,
        False,
        False,
    )


def test_embed_page_passes_the_token_to_its_data_request(
    client: FlaskClient, dashboard: dict[str, Any], embed: dict[str, Any]
) -> None:
    html = client.get(f"/dashboards/team/reports/sales?embed_token={embed['secret']}").get_data(
        as_text=True
    )
    assert f"/data?embed_token={embed['secret']}" in html


def test_html_frame_opens_with_the_token(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dashboard = create(client, auth_headers, widgets=[HTML_WIDGET])
    secret = make_embed(client, auth_headers, dashboard).get_json()["secret"]
    url = f"/api/dashboard/{dashboard['id']}/widget/h/html?embed_token={secret}"
    assert client.get(url).status_code == 200


def test_embed_responses_use_the_embed_frame_ancestors(
    app_factory: Callable[..., Flask], auth_headers: dict[str, str], embed: dict[str, Any]
) -> None:
    embedding = app_factory(EMBED_FRAME_ANCESTORS="https://intranet.example.com")
    response = embedding.test_client().get(
        f"/dashboards/team/reports/sales?embed_token={embed['secret']}"
    )
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors https://intranet.example.com" in policy
    assert "X-Frame-Options" not in response.headers


def test_other_pages_keep_the_default_frame_ancestors(
    app_factory: Callable[..., Flask], auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    embedding = app_factory(EMBED_FRAME_ANCESTORS="https://intranet.example.com")
    response = embedding.test_client().get("/dashboards/team/reports/sales", headers=auth_headers)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_html_frame_may_sit_inside_an_embedded_page(
    app_factory: Callable[..., Flask], client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers, widgets=[HTML_WIDGET])
    secret = make_embed(client, auth_headers, dashboard).get_json()["secret"]
    embedding = app_factory(EMBED_FRAME_ANCESTORS="https://intranet.example.com")
    url = f"/api/dashboard/{dashboard['id']}/widget/h/html?embed_token={secret}"
    policy = embedding.test_client().get(url).headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://intranet.example.com" in policy


def test_embed_frame_ancestors_refuses_a_second_directive(
    app_factory: Callable[..., Flask],
) -> None:
    from gaugeboard.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="EMBED_FRAME_ANCESTORS"):
        app_factory(EMBED_FRAME_ANCESTORS="https://a.example; script-src *")


def test_embed_parameter_hides_the_chrome(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    html = client.get("/dashboards/team/reports/sales?embed=1", headers=auth_headers).get_data(
        as_text=True
    )
    assert "gb-breadcrumb" not in html


def test_kiosk_hides_refresh_buttons(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    html = client.get("/dashboards/team/reports/sales?kiosk=1", headers=auth_headers).get_data(
        as_text=True
    )
    assert ("gb-kiosk" in html, "gb-widget-refresh" in html) == (True, False)


def test_jsondash_demo_mode_is_kiosk(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    url = "/dashboards/team/reports/sales?jsondash_demo_mode=1"
    assert "gb-widget-refresh" not in client.get(url, headers=auth_headers).get_data(as_text=True)


def test_kiosk_cycle_on_a_folder_opens_its_first_dashboard(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    response = client.get("/dashboards/team/reports/?kiosk=1&cycle=30", headers=auth_headers)
    assert response.location == "/dashboards/team/reports/sales?kiosk=1&cycle=30"


def test_kiosk_cycle_names_the_next_dashboard(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    create(client, auth_headers, name="zeta", title="Zeta")
    url = "/dashboards/team/reports/sales?kiosk=1&cycle=30"
    html = client.get(url, headers=auth_headers).get_data(as_text=True)
    assert 'data-next="/dashboards/team/reports/zeta?kiosk=1&amp;cycle=30"' in html


def test_bad_cycle_is_refused(
    client: FlaskClient, auth_headers: dict[str, str], dashboard: dict[str, Any]
) -> None:
    url = "/dashboards/team/reports/sales?kiosk=1&cycle=0"
    assert client.get(url, headers=auth_headers).status_code == 400
