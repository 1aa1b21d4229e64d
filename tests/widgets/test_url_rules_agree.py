"""The server's URL checks (``widgets/content/urls.py``) and the page's (``urls.js``) agree.

Both sides judge one list of addresses: http(s) pages, framed pages (http(s) or a path of
this site), image sources and link targets.
The JS side runs in node; without node the test skips, except in CI where it must run.
"""

from __future__ import annotations

from pathlib import Path

import gaugeboard
from gaugeboard.widgets.content.urls import (
    frame_url_problem,
    http_url_problem,
    image_url_problem,
    safe_link,
)
from tests.node_module import run_with_module

URLS_JS = Path(gaugeboard.__file__).parent / "web" / "static" / "urls.js"
PNG = "data:image/png;base64,iVBORw0KGgo="

CASES = [
    "https://example.com/a?b=c#d",
    "http://example.com",
    "HTTP://EXAMPLE.COM/",
    "  https://example.com/padded  ",
    "https://[::1]:8080/x",
    "https://example.com/a b",
    "https://exa mple.com/",
    "https://example.com/\x01",
    "ht\ttps://example.com/",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    PNG,
    "data:image/jpeg;base64,/9j/4AAQ",
    "data:image/gif;base64,R0lGOD==",
    "data:image/webp;base64,UklGR",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "data:image/png,rawbytes",
    "data:image/png;base64,not base64!",
    "DATA:image/png;base64,iVBOR",
    "mailto:someone@example.com",
    "MAILTO:someone@example.com",
    "ftp://example.com/file",
    "file:///etc/passwd",
    "//example.com/path",
    "/dashboards/sales",
    "relative/page",
    "?q=1",
    "#section",
    "",
    "   ",
    "http:example.com",
    "https:/example.com",
    "http://",
    "https://" + "a" * 4000 + ".com",
    "a\x00b",
    "tel:+123",
    "/examples/inline-chart.html",
    "/examples/page?a=1#b",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/ spaced",
    "//evil.example/x",
    "/" + "a" * 4000,
]

NODE_SCRIPT = """
const { frameUrl, httpUrl, imageUrl, linkUrl } = await import(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const judged = cases.map((value) => ({
  http: httpUrl(value) !== null,
  frame: frameUrl(value) !== null,
  image: imageUrl(value) !== null,
  link: linkUrl(value) !== null,
}));
process.stdout.write(JSON.stringify(judged));
"""


def python_judges(value: str) -> dict[str, bool]:
    """What the server accepts, called the way its widgets call it (trimmed first)."""
    return {
        "http": http_url_problem(value.strip()) is None,
        "frame": frame_url_problem(value.strip()) is None,
        "image": image_url_problem(value.strip()) is None,
        "link": safe_link(value) is not None,
    }


def js_judges(cases: list[str]) -> list[dict[str, bool]]:
    read: list[dict[str, bool]] = run_with_module(URLS_JS, NODE_SCRIPT, cases)
    return read


def test_the_page_and_the_server_accept_the_same_urls() -> None:
    disagreements = [
        (value, python_judges(value), js)
        for value, js in zip(CASES, js_judges(CASES), strict=True)
        if python_judges(value) != js
    ]
    assert disagreements == []


def test_the_cases_cover_acceptance_and_refusal_of_each_check() -> None:
    judged = [python_judges(value) for value in CASES]
    for check in ("http", "frame", "image", "link"):
        assert {row[check] for row in judged} == {True, False}, check
