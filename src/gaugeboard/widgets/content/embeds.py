"""Widgets that show something made elsewhere: ``html`` (jsondash ``custom``), ``iframe``
(and ``youtube``) and ``image``.

The browser shows user HTML only in an iframe with ``sandbox=""``; URLs are limited to
http(s) (and raster ``data:`` images) so no ``javascript:`` address reaches a page. An
iframe may also name a path of this site (``/examples/chart.html``, jsondash's relative
``dataSource``); the page frames it without ``allow-same-origin``, so what it shows runs
as a stranger to the site and cannot reach the viewer's session.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from gaugeboard.widgets.content.option_checks import ContentOptions, read_options
from gaugeboard.widgets.content.shapes import wrong_shape
from gaugeboard.widgets.content.text import plain_text
from gaugeboard.widgets.content.urls import (
    MAX_DATA_URL_LENGTH,
    checked_frame_url,
    embed_url,
    frame_url_problem,
    image_url_problem,
)
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

MAX_HTML_BYTES = 1024 * 1024
MAX_EMBED_CODE = 20_000
HTML_ACCEPTED = ("options.html", "a string of HTML", '{"html": string}')
IFRAME_ACCEPTED = (
    "options.url",
    "an http(s) URL or a path of this site ('/…') string",
    'embed code <iframe src="…"> (jsondash youtube)',
    '{"url": string}',
)
IMAGE_ACCEPTED = ("options.url", "an image URL string", '{"url" or "src": string, "alt"?}')


def html_size_problem(html: str) -> str | None:
    """Why ``html`` is too big to show, or None."""
    size = len(html.encode("utf-8"))
    if size > MAX_HTML_BYTES:
        return f"is {size:,} bytes; at most 1 MB ({MAX_HTML_BYTES:,} bytes) can be shown"
    return None


def page_url(value: str, where: str) -> str:
    """The http(s) URL or same-origin path of a page: the value itself or the ``src`` of
    its embed code."""
    source = embed_url(value)
    if source is not None:
        return checked_frame_url(source, f"{where} (the iframe src)")
    return checked_frame_url(value, where)


class HtmlOptions(ContentOptions):
    """HTML written into the dashboard instead of fetched."""

    html: str | None = None

    @field_validator("html")
    @classmethod
    def _size(cls, value: str | None) -> str | None:
        problem = html_size_problem(value) if value is not None else None
        if problem:
            raise ValueError(problem)
        return value


class IframeOptions(ContentOptions):
    """The page to show (or YouTube embed code) and its accessible title."""

    url: str | None = Field(None, max_length=MAX_EMBED_CODE)
    title: str | None = Field(None, max_length=200)

    @field_validator("url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is None:
            return value
        source = embed_url(value)
        problem = frame_url_problem((value if source is None else source).strip())
        if problem:
            raise ValueError(problem if source is None else f"the iframe src {problem}")
        return value


class ImageOptions(ContentOptions):
    """The image address and its text alternative."""

    url: str | None = Field(None, max_length=MAX_DATA_URL_LENGTH)
    alt: str | None = Field(None, max_length=1000)

    @field_validator("url")
    @classmethod
    def _image(cls, value: str | None) -> str | None:
        problem = image_url_problem(value.strip()) if value is not None else None
        if problem:
            raise ValueError(problem)
        return value


def render_html(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "html", "html": str}``, unchanged: the sandboxed iframe contains it."""
    options = read_options(HtmlOptions, request.options)
    if options.html is not None:
        html = options.html
    elif isinstance(payload, str):
        html = payload
    elif isinstance(payload, dict) and isinstance(payload.get("html"), str):
        html = payload["html"]
    else:
        raise wrong_shape("html", HTML_ACCEPTED, payload)
    problem = html_size_problem(html)
    if problem:
        raise WidgetDataError(f"payload: the HTML {problem}")
    return {"kind": "html", "html": html}


def render_iframe(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "iframe", "url": http(s) URL or same-origin path, "title": str}``."""
    options = read_options(IframeOptions, request.options)
    if options.url is not None:
        url = page_url(options.url, "options.url")
    elif isinstance(payload, str):
        url = page_url(payload, "payload")
    elif isinstance(payload, dict) and isinstance(payload.get("url"), str):
        url = page_url(payload["url"], "payload.url")
    else:
        raise wrong_shape("iframe", IFRAME_ACCEPTED, payload)
    return {"kind": "iframe", "url": url, "title": options.title or request.title or url}


def _image_source(payload: Any) -> tuple[str, str, Any]:
    """The address, where it came from, and the payload's alt text."""
    if isinstance(payload, str):
        return payload, "payload", None
    if isinstance(payload, dict):
        for key in ("url", "src"):
            if isinstance(payload.get(key), str):
                return payload[key], f"payload.{key}", payload.get("alt")
    raise wrong_shape("image", IMAGE_ACCEPTED, payload)


def render_image(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "image", "url": http(s) or data:image URL, "alt": str}``."""
    options = read_options(ImageOptions, request.options)
    if options.url is not None:
        url, where, given_alt = options.url, "options.url", None
    else:
        url, where, given_alt = _image_source(payload)
    url = url.strip()
    problem = image_url_problem(url)
    if problem:
        raise WidgetDataError(f"{where}: {problem} (got {url[:80]!r})")
    alt = options.alt or plain_text(given_alt, "payload.alt") or request.title
    return {"kind": "image", "url": url, "alt": alt}
