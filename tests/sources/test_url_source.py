"""The url source's query string (jsondash's merge: new values win) and its local paths."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.errors import SourceFailed
from gaugeboard.sources.definitions import UrlSource
from gaugeboard.sources.url_fetch import UrlPolicy
from gaugeboard.sources.url_source import LocalFetch, merged_url, url_payload
from tests.sources.json_server import JsonServer


class RecordingApp:
    """A local fetch answering every path with the same response, noting each path."""

    def __init__(self, status: int = 200, body: bytes = b'{"total": 3}') -> None:
        self.status = status
        self.body = body
        self.paths: list[str] = []

    def __call__(self, path: str) -> tuple[int, bytes, str]:
        self.paths.append(path)
        return self.status, self.body, "application/json"


def local(
    url: str,
    local_fetch: LocalFetch | None,
    inputs: dict[str, str] | None = None,
    policy: UrlPolicy | None = None,
    **params: Any,
) -> Any:
    source = UrlSource(type="url", url=url, params=params)
    return url_payload(source, inputs or {}, policy or UrlPolicy(), local_fetch)


def local_failure(url: str, local_fetch: LocalFetch | None, **kwargs: Any) -> str:
    with pytest.raises(SourceFailed) as caught:
        local(url, local_fetch, **kwargs)
    return caught.value.message


def test_params_are_added_to_the_query_string() -> None:
    assert merged_url("/x", {"a": 1}, {}) == "/x?a=1"


def test_params_win_over_the_url_query_string() -> None:
    assert merged_url("/x?a=1&b=2", {"a": 3}, {}) == "/x?b=2&a=3"


def test_inputs_win_over_params_and_the_url_query_string() -> None:
    assert merged_url("/x?a=1", {"a": 2}, {"a": "3"}) == "/x?a=3"


def test_empty_inputs_are_left_out() -> None:
    assert merged_url("/x?a=1", {}, {"a": ""}) == "/x?a=1"


def test_every_value_of_a_repeated_name_is_replaced() -> None:
    assert merged_url("/x?a=1&a=2&b=0", {}, {"a": "3"}) == "/x?b=0&a=3"


def test_booleans_are_written_as_json_booleans() -> None:
    assert merged_url("/x", {"on": True, "off": False}, {}) == "/x?on=true&off=false"


def test_values_are_url_encoded() -> None:
    assert merged_url("/x", {}, {"q": "a b&c"}) == "/x?q=a+b%26c"


def test_url_is_untouched_without_params_or_inputs() -> None:
    assert merged_url("/x?q=a%20b", {}, {}) == "/x?q=a%20b"


def test_inputs_reach_a_remote_server(server: JsonServer) -> None:
    source = UrlSource(type="url", url=server.url("/echo?a=url&b=url"), params={"b": "param"})
    policy = UrlPolicy(allow_private=True)
    body = url_payload(source, {"c": "input"}, policy, None)
    assert body["query"] == {"a": "url", "b": "param", "c": "input"}


def test_path_is_served_by_the_local_fetch() -> None:
    assert local("/api/sales", RecordingApp()) == {"total": 3}


def test_local_fetch_gets_the_merged_query_string() -> None:
    app = RecordingApp()
    local("/api/sales?region=north", app, {"region": "south"}, limit=5)
    assert app.paths == ["/api/sales?limit=5&region=south"]


def test_path_without_a_local_fetch_says_where_paths_work() -> None:
    assert local_failure("/api/sales?x=1", None) == (
        "url: a path such as '/api/sales' is served by the app itself, which only works "
        "inside the gaugeboard server or a host app; use a full http(s) URL here"
    )


def test_local_error_status_is_named() -> None:
    assert local_failure("/api/sales", RecordingApp(status=404)) == (
        "url: /api/sales answered HTTP 404"
    )


def test_local_body_that_is_not_json_is_an_error() -> None:
    message = local_failure("/api/sales", RecordingApp(body=b"<html>"))
    assert message.startswith("url: the response is not JSON (")


def test_local_body_over_the_limit_is_an_error() -> None:
    message = local_failure(
        "/api/sales", RecordingApp(body=b"[" + b" " * 200 + b"]"), policy=UrlPolicy(max_bytes=100)
    )
    assert message == "url: the response of /api/sales is larger than URL_MAX_BYTES (100 bytes)"


def test_local_paths_skip_the_address_rules() -> None:
    policy = UrlPolicy(allow_private=False, allowed_hosts=("example.com",))
    assert local("/api/sales", RecordingApp(), policy=policy) == {"total": 3}
