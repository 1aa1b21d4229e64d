"""The ``url`` data source: JSON from any http(s) URL, or from a path of the host app.

Like jsondash, the widget's input values are merged over the URL's query string (new
values win); ``params`` from the document sit between the two. A path (``/api/sales``) is
served in-process by the ``LocalFetch`` the server or host app provides, so it needs no
network and no address rules; remote URLs go through ``url_fetch`` and its checks.

An HTML or plain-text answer (``Content-Type: text/html`` or ``text/plain``) that is not
JSON is handed on as a string: jsondash's ``custom`` widgets fetch pages of HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from gaugeboard.errors import SourceFailed
from gaugeboard.net.pinned import Network
from gaugeboard.sources.definitions import UrlSource
from gaugeboard.sources.url_fetch import Fetched, UrlPolicy, fetch_url

# (path with query string) -> (HTTP status, body bytes, content type)
LocalFetch = Callable[[str], tuple[int, bytes, str]]
NO_LOCAL_FETCH = (
    "url: a path such as {path!r} is served by the app itself, which only works inside "
    "the gaugeboard server or a host app; use a full http(s) URL here"
)


def _text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def merged_url(
    url: str, params: Mapping[str, str | int | float | bool], inputs: Mapping[str, str]
) -> str:
    """``url`` with ``params`` and then the non-empty ``inputs`` merged over its query
    string: a name given again replaces every earlier value of that name."""
    overrides = {name: _text(value) for name, value in params.items()}
    overrides.update({name: value for name, value in inputs.items() if value != ""})
    parts = urlsplit(url)
    if not overrides:
        return urlunsplit(parts._replace(fragment=""))
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in overrides
    ]
    query = urlencode(kept + list(overrides.items()))
    return urlunsplit(parts._replace(query=query, fragment=""))


def _local(path: str, local_fetch: LocalFetch | None, max_bytes: int) -> Fetched:
    if local_fetch is None:
        raise SourceFailed(NO_LOCAL_FETCH.format(path=urlsplit(path).path))
    status, body, content_type = local_fetch(path)
    if len(body) > max_bytes:
        raise SourceFailed(
            f"url: the response of {urlsplit(path).path} is larger than URL_MAX_BYTES "
            f"({max_bytes} bytes)"
        )
    return Fetched(status, body, content_type, urlsplit(path).path)


TEXT_TYPES = ("text/html", "text/plain")


def json_payload(fetched: Fetched) -> Any:
    """The parsed body of a 2xx response (an HTML or plain-text body that is not JSON as a
    string); anything else is a SourceFailed naming why."""
    if not 200 <= fetched.status < 300:
        raise SourceFailed(f"url: {fetched.where} answered HTTP {fetched.status}")
    try:
        return orjson.loads(fetched.body)
    except orjson.JSONDecodeError as exc:
        media_type = fetched.content_type.split(";")[0].strip().lower()
        if media_type in TEXT_TYPES:
            return _text_body(fetched.body)
        raise SourceFailed(f"url: the response is not JSON ({exc})") from None


def _text_body(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceFailed("url: the HTML or text response is not valid UTF-8") from None


def url_payload(
    source: UrlSource,
    inputs: Mapping[str, str],
    policy: UrlPolicy,
    local_fetch: LocalFetch | None,
    network: Network | None = None,
) -> Any:
    """The JSON a url source points at, with its params and the widget's inputs applied."""
    target = merged_url(source.url, source.params, inputs)
    if target.startswith("/"):
        return json_payload(_local(target, local_fetch, policy.max_bytes))
    return json_payload(fetch_url(target, policy, network))
