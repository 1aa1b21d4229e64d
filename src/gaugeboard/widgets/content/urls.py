"""URL checks for embedded pages, images and links.

Browsers ignore tabs and newlines inside a scheme (``java\\tscript:``), so a URL is judged
after removing them, and anything but http(s) — or a raster ``data:`` image, a relative
link in markdown, or a same-origin path (``/examples/chart.html``) for a framed page — is
refused.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from gaugeboard.widgets.request import WidgetDataError

MAX_URL_LENGTH = 4000
MAX_DATA_URL_LENGTH = 5_000_000
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def http_url_problem(url: str) -> str | None:
    """Why ``url`` is not an absolute http(s) URL, or None when it is one."""
    if len(url) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH} characters"
    if _CONTROL.search(url):
        return "must not contain spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "must be an http:// or https:// URL"
    if not parts.hostname:
        return "must name a host"
    return None


def same_origin_path_problem(url: str) -> str | None:
    """Why ``url`` is not a path of this site (``/examples/chart.html``), or None when it is.

    Browsers read ``\\`` as ``/`` and drop tabs and newlines, so ``/\\host`` and ``/\\t/host``
    would leave the site like ``//host``: backslashes and control characters are refused."""
    if len(url) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH} characters"
    if not url.startswith("/"):
        return "must be an http:// or https:// URL or a path starting with '/'"
    if _CONTROL.search(url) or "\\" in url:
        return "must not contain spaces, backslashes or control characters"
    if url.startswith("//"):
        return "must not start with '//' (another site's address without its scheme)"
    return None


def frame_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a framed page: an absolute http(s) URL, or a path of this site
    (in a host app, the host's path, as jsondash resolves it). None when it can."""
    if url.startswith("/"):
        return same_origin_path_problem(url)
    problem = http_url_problem(url)
    if problem == "must be an http:// or https:// URL":
        return "must be an http:// or https:// URL or a path starting with '/'"
    return problem


def checked_frame_url(url: str, where: str) -> str:
    """``url`` trimmed when it may be framed; WidgetDataError naming ``where`` otherwise."""
    url = url.strip()
    problem = frame_url_problem(url)
    if problem:
        raise WidgetDataError(f"{where}: {problem} (got {url[:80]!r})")
    return url


def checked_http_url(url: str, where: str) -> str:
    """``url`` trimmed when it is an http(s) URL; WidgetDataError naming ``where`` otherwise."""
    url = url.strip()
    problem = http_url_problem(url)
    if problem:
        raise WidgetDataError(f"{where}: {problem} (got {url[:80]!r})")
    return url


def image_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be an image source: http(s), or a base64 png/jpeg/gif/webp."""
    if url[:5].lower() != "data:":
        return http_url_problem(url)
    if len(url) > MAX_DATA_URL_LENGTH:
        return f"data URL is longer than {MAX_DATA_URL_LENGTH} characters"
    if not _DATA_IMAGE.fullmatch(url):
        return "must be an http(s) URL or a data:image/png|jpeg|gif|webp;base64, URL"
    return None


def safe_link(href: str) -> str | None:
    """``href`` when a link may keep it (http, https, mailto, or relative), else None.

    The page checks again with the same rules (``web/static/urls.js``)."""
    cleaned = re.sub(r"[\t\n\r]", "", href).strip()
    if not cleaned or _CONTROL.search(cleaned.replace(" ", "")):
        return None
    match = _SCHEME.match(cleaned)
    if match is None:
        return cleaned
    return cleaned if match.group(1).lower() in ("http", "https", "mailto") else None


class _IframeSource(HTMLParser):
    """Finds the ``src`` of the first ``<iframe>`` in embed code (YouTube's share box)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.src: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe" and self.src is None:
            self.src = dict(attrs).get("src") or ""


def embed_source(code: str) -> str | None:
    """The ``src`` of ``<iframe … src="…">`` embed code, or None when ``code`` is no embed."""
    if "<iframe" not in code.lower():
        return None
    parser = _IframeSource()
    parser.feed(code)
    parser.close()
    return parser.src


def embed_url(code: str) -> str | None:
    """The address embed code points at (scheme-relative ``//host`` taken as https), or
    None when ``code`` is no embed code."""
    source = embed_source(code)
    if source is None:
        return None
    source = source.strip()
    return "https:" + source if source.startswith("//") else source
