"""A browser page that records what the browser tests check on every page: its console
messages and script errors (``gb_console``) and the hosts it sends requests to
(``gb_hosts``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit


def watched_page(context: Any) -> Any:
    """A new page of ``context``, recording from its first request."""
    opened = context.new_page()
    opened.gb_console = []
    opened.gb_hosts = set()
    opened.on("console", lambda message: opened.gb_console.append((message.type, message.text)))
    opened.on("pageerror", lambda error: opened.gb_console.append(("pageerror", str(error))))
    opened.on("request", lambda request: opened.gb_hosts.add(urlsplit(request.url).hostname))
    return opened


@contextmanager
def page_of_its_own(browser: Any) -> Iterator[Any]:
    """A watched page in a new browser context, closed afterwards: for a module fixture
    that opens a page once for the tests that only read what it shows (a test that
    clicks, types or changes what the server answers takes the `page` fixture)."""
    context = browser.new_context()
    try:
        yield watched_page(context)
    finally:
        context.close()
