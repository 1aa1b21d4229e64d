"""``fetch_payload`` serves every source kind with the context's settings and inputs, and
widgets sharing a url source through multicharts keys fetch it once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.widget_data import render_all
from gaugeboard.errors import SourceFailed
from gaugeboard.sources.definitions import InlineSource, UrlSource
from gaugeboard.sources.resolve import SourceContext, fetch_payload
from tests.dashboards.factories import chart_document
from tests.sources.json_server import JsonServer


@pytest.fixture
def open_context(context: SourceContext) -> SourceContext:
    """The app's settings with private addresses allowed (the test server is local)."""
    return replace(context, settings={**context.settings, "URL_ALLOW_PRIVATE": True})


def url(address: str, **params: Any) -> UrlSource:
    return UrlSource(type="url", url=address, params=params)


def test_inline_source_is_its_data(context: SourceContext) -> None:
    assert fetch_payload(InlineSource(type="inline", data=[1, 2]), context) == [1, 2]


def test_url_source_follows_the_servers_private_address_setting(
    context: SourceContext, server: JsonServer
) -> None:
    with pytest.raises(SourceFailed) as caught:
        fetch_payload(url(server.url("/json")), context)
    assert "non-public address 127.0.0.1" in caught.value.message


def test_url_source_is_fetched_when_the_settings_allow_it(
    open_context: SourceContext, server: JsonServer
) -> None:
    assert fetch_payload(url(server.url("/json")), open_context) == {"hello": "world"}


def test_widget_inputs_reach_the_url(open_context: SourceContext, server: JsonServer) -> None:
    context = replace(open_context, inputs={"region": "south"})
    body = fetch_payload(url(server.url("/echo"), region="north"), context)
    assert body["query"] == {"region": "south"}


def test_url_source_path_uses_the_contexts_local_fetch(context: SourceContext) -> None:
    def app(path: str) -> tuple[int, bytes, str]:
        return 200, b'{"path": "' + path.encode() + b'"}', "application/json"

    payload = fetch_payload(url("/api/sales"), replace(context, local_fetch=app))
    assert payload == {"path": "/api/sales"}


def keyed_widgets(address: str) -> DashboardDocument:
    widget = chart_document()["widgets"][0]
    source = {"type": "url", "url": address}
    widgets = [{**widget, "id": name, "key": name, "source": source} for name in ("north", "south")]
    return DashboardDocument.model_validate(chart_document(widgets=widgets))


def test_multicharts_widgets_share_one_fetch(
    open_context: SourceContext, server: JsonServer
) -> None:
    render_all(keyed_widgets(server.url("/multi")), open_context, {})
    assert [r["path"] for r in server.requests] == ["/multi"]


def test_multicharts_key_picks_each_widgets_rows(
    open_context: SourceContext, server: JsonServer
) -> None:
    outputs = render_all(keyed_widgets(server.url("/multi")), open_context, {})
    values = {name: out["spec"]["data"]["values"] for name, out in outputs.items()}
    assert values == {
        "north": [{"region": "north", "total": 7}],
        "south": [{"region": "south", "total": 5}],
    }


def test_failed_url_source_is_reported_on_the_widget(
    open_context: SourceContext, server: JsonServer
) -> None:
    outputs = render_all(keyed_widgets(server.url("/fail")), open_context, {})
    message = f"url: {server.url('/fail')} answered HTTP 500"
    assert outputs["north"] == {
        "ok": False,
        "status": 502,
        "code": "source_failed",
        "error": message,
        "errors": [message],
    }
