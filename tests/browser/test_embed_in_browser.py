"""Embed tokens and wall-screen mode in a real browser: an embed shows only the widgets
and stops once revoked; kiosk mode hides the controls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.module_server import editor_with_token, module_server
from tests.browser.signing_in import SignedIn
from tests.live_server import call_api

pytestmark = pytest.mark.browser

HOST_SITE = "https://intranet.example.com"
DRAWN = "() => !document.querySelector('.gb-widget[data-state=loading]')"
DOCUMENT: dict[str, Any] = {
    "title": "Wall",
    "name": "wall",
    "folder": "ops",
    "variables": [{"name": "region", "type": "select", "options": ["n", "s"], "default": "n"}],
    "widgets": [
        {
            "id": "visits",
            "type": "number",
            "title": "Visits",
            "position": {"x": 0, "y": 0, "w": 4, "h": 3},
            "source": {"type": "inline", "data": {"data": 42}},
        }
    ],
}


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, backend: str) -> Iterator[tuple[str, str]]:
    """The base URL and an editor's API token, with the Wall dashboard stored (each test
    makes the embed links it uses)."""
    secrets: list[str] = []
    seed = editor_with_token(secrets)

    frame_ancestors = {"GAUGEBOARD_EMBED_FRAME_ANCESTORS": HOST_SITE}
    with module_server(request, backend, seed, frame_ancestors) as base_url:
        call_api(base_url, secrets[0], "POST", "/api/dashboard", DOCUMENT)
        yield base_url, secrets[0]


def new_embed(base_url: str, token: str) -> dict[str, Any]:
    dashboard = call_api(base_url, token, "GET", "/api/dashboard/ops/wall")["dashboard"]
    body = {"label": "intranet", "variables": {"region": "s"}}
    created: dict[str, Any] = call_api(
        base_url, token, "POST", f"/api/dashboard/{dashboard['id']}/embed", body
    )
    return created


def test_embed_page_shows_only_the_widgets(page: Any, server: tuple[str, str]) -> None:
    embed = new_embed(*server)
    page.goto(embed["url"])
    page.wait_for_function(DRAWN)
    chrome = page.locator(".gb-header, .gb-breadcrumb, h1").count()
    assert (chrome, page.locator("#widget-visits").get_attribute("data-state")) == (0, "rendered")


def test_revoked_embed_stops_working(page: Any, server: tuple[str, str]) -> None:
    base_url, token = server
    embed = new_embed(base_url, token)
    call_api(base_url, token, "DELETE", f"/api/embed/{embed['embed']['id']}")
    response = page.goto(embed["url"])
    assert (response.status, "revoked" in page.content()) == (401, True)


def test_kiosk_hides_the_controls(page: Any, server: tuple[str, str], signed_in: SignedIn) -> None:
    base_url, _token = server
    signed_in.open(page, base_url, "ed", "/dashboards/ops/wall?kiosk=1")
    page.wait_for_function(DRAWN)
    controls = page.locator(".gb-header, .gb-breadcrumb, .gb-widget-refresh").count()
    assert (controls, page.locator("h1").inner_text()) == (0, "Wall")
