"""One saved cell output as what the widget renderers draw (a "part" of the cell's widget).

A display's MIME bundle is read richest first, as Jupyter does: Plotly, Vega-Lite, Vega,
a pandas table schema, HTML, SVG, PNG/JPEG, Markdown, LaTeX, JSON, plain text. Charts go
through the dashboards' own sealing (``outgoing_spec``: no data URL, no ``usermeta``);
HTML and SVG never reach the page's own document: HTML is shown in a sandboxed frame and
SVG (sanitised) as an image, both served from their own addresses, so a part only names
them (``part``) and the page adds the URL. Errors keep their name and message, with the
traceback folded and its terminal colours removed.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from gaugeboard.notebooks.svg import SvgRefused, sanitized_svg
from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.content.embeds import html_size_problem
from gaugeboard.widgets.content.markdown import ImageResolver, Node, markdown_nodes
from gaugeboard.widgets.content.plotly import sealed_figure
from gaugeboard.widgets.content.urls import MAX_DATA_URL_LENGTH
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest
from gaugeboard.widgets.vega_lite import outgoing_spec, without_embed_options

Part = dict[str, Any]

PLOTLY = "application/vnd.plotly.v1+json"
DATARESOURCE = "application/vnd.dataresource+json"
_VEGA_LITE = re.compile(r"application/vnd\.vegalite\.v\d+(?:\.\d+)*\+json")
_VEGA = re.compile(r"application/vnd\.vega\.v\d+(?:\.\d+)*\+json")
VEGA_SCHEMA = "https://vega.github.io/schema/vega/v6.json"
RASTER = ("image/png", "image/jpeg", "image/gif", "image/webp")
MAX_TEXT = 200_000
# Terminal colour and cursor sequences (CSI, OSC) in tracebacks and stream text.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


@dataclass
class Extras:
    """What parts refer to but the page does not carry: HTML frames and SVG images by
    part id, and the origins remote pictures in Markdown come from."""

    html: dict[str, str] = field(default_factory=dict)
    svg: dict[str, str] = field(default_factory=dict)
    image_origins: set[str] = field(default_factory=set)


def text_of(value: Any) -> str:
    """A notebook's multiline string (a string or a list of lines) as one string."""
    if isinstance(value, list):
        return "".join(item for item in value if isinstance(item, str))
    return value if isinstance(value, str) else ""


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def _clipped(text: str) -> str:
    if len(text) <= MAX_TEXT:
        return text
    return text[:MAX_TEXT] + f"\n… ({len(text) - MAX_TEXT} more characters not shown)"


def preformatted(text: str) -> Node:
    return {"tag": "pre", "children": [{"tag": "code", "children": [{"text": _clipped(text)}]}]}


def text_part(text: str, tone: str | None = None) -> Part:
    part: Part = {"ok": True, "kind": "markdown", "nodes": [preformatted(text)]}
    if tone:
        part["tone"] = tone
    return part


def failed(message: str) -> Part:
    return {"ok": False, "code": "widget_data", "error": message}


def error_part(output: Mapping[str, Any]) -> Part:
    """An error output: ``Name: message`` and the traceback folded under it."""
    name = strip_ansi(str(output.get("ename", "Error")))
    value = strip_ansi(str(output.get("evalue", "")))
    lines = output.get("traceback")
    lines = lines if isinstance(lines, list) else []
    traceback = strip_ansi("\n".join(line for line in lines if isinstance(line, str)))
    heading: Node = {
        "tag": "p",
        "children": [
            {"tag": "strong", "children": [{"text": name}]},
            *([{"text": f": {value}"}] if value else []),
        ],
    }
    nodes = [heading]
    if traceback.strip():
        summary: Node = {"tag": "summary", "children": [{"text": "Traceback"}]}
        nodes.append({"tag": "details", "children": [summary, preformatted(traceback)]})
    return {"ok": True, "kind": "markdown", "nodes": nodes, "tone": "error"}


def _raster_part(mime: str, data: Any, alt: str) -> Part:
    cleaned = re.sub(r"\s+", "", text_of(data))
    try:
        base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        return failed(f"{mime}: the image is not valid base64")
    url = f"data:{mime};base64,{cleaned}"
    if len(url) > MAX_DATA_URL_LENGTH:
        return failed(f"{mime}: the image is larger than {MAX_DATA_URL_LENGTH} characters")
    return {"ok": True, "kind": "image", "url": url, "alt": alt}


def _svg_part(data: Any, alt: str, part_id: str, extras: Extras) -> Part:
    try:
        extras.svg[part_id] = sanitized_svg(text_of(data))
    except SvgRefused as exc:
        return failed(f"image/svg+xml: {exc}")
    return {"ok": True, "kind": "image", "part": part_id, "alt": alt}


def _html_part(data: Any, part_id: str, extras: Extras) -> Part:
    html = text_of(data)
    problem = html_size_problem(html)
    if problem:
        return failed(f"text/html: the HTML {problem}")
    extras.html[part_id] = html
    return {"ok": True, "kind": "html", "part": part_id}


def _vega_lite_part(spec: Any) -> Part:
    if not isinstance(spec, dict):
        return failed("Vega-Lite: the spec is not an object")
    return {"ok": True, "kind": "vega-lite", "spec": outgoing_spec(spec, ())}


def vega_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A Vega spec as it leaves the server: no ``usermeta``, no data set loaded from a
    URL (anywhere: top level or inside marks), always read as Vega."""
    sealed: dict[str, Any] = _without_vega_urls(without_embed_options(dict(spec)))
    sealed["$schema"] = VEGA_SCHEMA
    return sealed


def _without_vega_urls(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_vega_urls(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {key: _without_vega_urls(value) for key, value in node.items()}
    data = cleaned.get("data")
    if isinstance(data, list):
        cleaned["data"] = [
            {**{k: v for k, v in entry.items() if k != "url"}, "values": entry.get("values", [])}
            if isinstance(entry, dict) and "url" in entry
            else entry
            for entry in data
        ]
    return cleaned


def _table_part(resource: Any, part_id: str) -> Part:
    rows = resource.get("data") if isinstance(resource, dict) else None
    if not isinstance(rows, list):
        return failed(f"{DATARESOURCE}: no rows under 'data'")
    return {"ok": True, **render_content(WidgetRequest(id=part_id, type="table"), rows)}


def _rich_part(mime: str, value: Any, alt: str, part_id: str, extras: Extras) -> Part | None:
    """The part of a rich type (charts, tables, frames, pictures), or None for text types."""
    if mime == PLOTLY:
        return {"ok": True, "kind": "plotly", "figure": sealed_figure(value, mime)}
    if _VEGA_LITE.fullmatch(mime):
        return _vega_lite_part(value)
    if _VEGA.fullmatch(mime):
        if not isinstance(value, dict):
            return failed("Vega: the spec is not an object")
        return {"ok": True, "kind": "vega", "spec": vega_spec(value)}
    if mime == DATARESOURCE:
        return _table_part(value, part_id)
    if mime == "text/html":
        return _html_part(value, part_id, extras)
    if mime == "image/svg+xml":
        return _svg_part(value, alt, part_id, extras)
    if mime in RASTER:
        return _raster_part(mime, value, alt)
    return None


def _text_part(mime: str, value: Any, images: ImageResolver | None) -> Part | None:
    if mime == "text/markdown":
        return {"ok": True, "kind": "markdown", "nodes": markdown_nodes(text_of(value), images)}
    if mime == "text/latex":
        return text_part(text_of(value))
    if mime == "application/json":
        return text_part(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode())
    if mime == "text/plain":
        return text_part(strip_ansi(text_of(value)))
    return None


# Richest first, as Jupyter picks what to show.
_PREFERENCE: tuple[Callable[[str], bool], ...] = (
    lambda mime: mime == PLOTLY,
    lambda mime: _VEGA_LITE.fullmatch(mime) is not None,
    lambda mime: _VEGA.fullmatch(mime) is not None,
    lambda mime: mime == DATARESOURCE,
    lambda mime: mime == "text/html",
    lambda mime: mime == "image/svg+xml",
    lambda mime: mime in RASTER,
    lambda mime: mime == "text/markdown",
    lambda mime: mime == "text/latex",
    lambda mime: mime == "application/json",
    lambda mime: mime == "text/plain",
)


def _preference(mime: str) -> int:
    return next((rank for rank, test in enumerate(_PREFERENCE) if test(mime)), len(_PREFERENCE))


def mime_part(
    data: Mapping[str, Any], part_id: str, extras: Extras, images: ImageResolver | None = None
) -> Part | None:
    """The richest drawable type of a MIME bundle, or None when it has none."""
    alt = strip_ansi(text_of(data.get("text/plain")))[:1000]
    for mime in sorted(data, key=_preference):
        try:
            part = _rich_part(mime, data[mime], alt, part_id, extras) or _text_part(
                mime, data[mime], images
            )
        except WidgetDataError as exc:
            return failed(exc.message)
        if part is not None:
            return part
    return None


def output_part(
    output: Mapping[str, Any], part_id: str, extras: Extras, images: ImageResolver | None = None
) -> Part | None:
    """One nbformat output as a part; None when it shows nothing."""
    kind = output.get("output_type")
    if kind == "stream":
        text = strip_ansi(text_of(output.get("text")))
        if not text:
            return None
        return text_part(text, "stderr" if output.get("name") == "stderr" else None)
    if kind == "error":
        return error_part(output)
    data = output.get("data")
    if kind in ("display_data", "execute_result") and isinstance(data, dict):
        return mime_part(data, part_id, extras, images)
    return None
