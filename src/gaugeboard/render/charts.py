"""Vega-Lite widgets drawn by vl-convert from the spec the page gets, sized to their box,
in the page's theme; nothing is fetched (``allowed_base_urls=[]``: a spec's URLs and
image marks load nothing). Each chart's SVG ids are prefixed so that several charts in
one composed SVG never share a clip path or gradient."""

from __future__ import annotations

import re
from typing import Any

import vl_convert

from gaugeboard.render.layout import Box
from gaugeboard.render.svg_text import num
from gaugeboard.render.theme import Palette, chart_config

_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_ROOT = re.compile(r"<svg\b[^>]*>", re.S)


def fitted_spec(spec: dict[str, Any], box: Box) -> dict[str, Any]:
    """A copy of ``spec`` filling ``box``, as the page's container sizing fills the widget."""
    fitted = dict(spec)
    single = "mark" in fitted or "layer" in fitted
    if fitted.get("width", "container") == "container" and single:
        fitted["width"] = max(20, int(box.width))
    if fitted.get("height", "container") == "container" and single:
        fitted["height"] = max(20, int(box.height))
    if single:
        fitted["autosize"] = {"type": "fit", "contains": "padding"}
    fitted.pop("usermeta", None)
    return fitted


def chart_svg(spec: dict[str, Any], palette: Palette) -> str:
    """The chart as a standalone SVG document."""
    return str(vl_convert.vegalite_to_svg(spec, config=chart_config(palette), allowed_base_urls=[]))


def placed(svg: str, box: Box, prefix: str) -> str:
    """A standalone chart SVG as a nested ``<svg>`` at ``box`` (clipped to it), its ids
    prefixed."""
    body = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    body = _REF.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", body)
    root = _ROOT.search(body)
    if root is None:
        return ""
    viewbox = re.search(r'viewBox="([^"]+)"', root.group(0))
    view = f' viewBox="{viewbox.group(1)}"' if viewbox else ""
    opening = (
        f'<svg x="{num(box.x)}" y="{num(box.y)}" width="{num(box.width)}" '
        f'height="{num(box.height)}"{view} preserveAspectRatio="xMinYMin meet" overflow="hidden">'
    )
    return opening + body[root.end() :]


def render_chart(output: dict[str, Any], box: Box, palette: Palette, prefix: str) -> str:
    spec = output.get("spec")
    if not isinstance(spec, dict):
        raise ValueError("the chart has no specification")
    return placed(chart_svg(fitted_spec(spec, box), palette), box, prefix)
