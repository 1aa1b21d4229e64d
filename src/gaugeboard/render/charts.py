"""Vega-Lite widgets drawn by vl-convert from the spec the page gets, sized to their box,
in the page's theme; nothing is fetched (``allowed_base_urls=[]``: a spec's URLs and
image marks load nothing). Each chart's SVG ids are prefixed so that several charts in
one composed SVG never share a clip path or gradient.

Vega is the slowest step of a snapshot (mostly measuring text), so a chart's SVG is kept
in ``CHART_CACHE`` by a digest of all it is drawn from: the final spec with its inlined
data and size, the theme's config, and vl-convert's version. A chart whose data did not
change is not drawn again. A chart whose data did change is not compiled again either:
the Vega-Lite → Vega compilation of its shape (the spec with its inline rows replaced by a
named data set) is kept in ``SHAPE_CACHE``, and the rows go into the compiled Vega.

Vega measures each axis and legend label twice: for its bounds, and to see whether it is
wider than the label limit and must be cut. Charts are drawn with no limit first, and
drawn again with the page's limits only when a label came out near a limit (rare: labels
of 150 pixels or more), so the picture is the page's either way."""

from __future__ import annotations

import re
from typing import Any

import orjson
import vl_convert

from gaugeboard.render.drawn_cache import DrawnCache, digest
from gaugeboard.render.layout import Box
from gaugeboard.render.svg_text import num
from gaugeboard.render.text_paths import widest_line
from gaugeboard.render.theme import Palette, chart_config

_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
# Labels Vega hid (axis labels removed for overlap are written with opacity 0): the
# rasteriser would still shape each one, at about a millisecond apiece.
_HIDDEN_TEXT = re.compile(r'<text\b[^>]*\sopacity="0"[^>]*>.*?</text>', re.S)
# Axis and legend labels, in the groups Vega writes them in.
_LABELS = re.compile(r'<g class="mark-text role-(?:axis|legend)-label"[^>]*>(.*?)</g>', re.S)
# Vega cuts axis labels at 180 pixels and legend labels at 160 by default; labels all
# narrower than this (with room for measuring without kerning) were never cut.
LABEL_ROOM = 150.0
# About 15 KB per chart of 30 rows: 512 charts, or 24 MB, whichever comes first.
CHART_CACHE = DrawnCache(max_entries=512, max_bytes=24_000_000)
# Compiled Vega of a spec's shape, as JSON: a few KB each.
SHAPE_CACHE = DrawnCache(max_entries=256, max_bytes=8_000_000)
ROWS = "gb_rows"
# vl-convert's version names the Vega and Vega-Lite it bundles.
ENGINE = f"vl-convert {getattr(vl_convert, '__version__', '')}"


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


def chart_key(spec: dict[str, Any], palette: Palette) -> bytes:
    """What a chart's SVG is kept by in ``CHART_CACHE``."""
    return digest(ENGINE, spec, chart_config(palette))


def chart_svg(spec: dict[str, Any], palette: Palette) -> str:
    """The chart as a standalone SVG document (drawn again only when its spec, data, size
    or theme changed)."""
    key = chart_key(spec, palette)
    kept = CHART_CACHE.get(key)
    if isinstance(kept, str):
        return kept
    svg = draw_chart(spec, palette)
    CHART_CACHE.put(key, svg)
    return svg


def draw_chart(spec: dict[str, Any], palette: Palette) -> str:
    """The chart drawn by Vega, with no cache of drawings (a renderer process runs this)."""
    config = chart_config(palette)
    svg = _drawn(spec, untruncated(config))
    if _widest_label(svg) > LABEL_ROOM:
        svg = _drawn(spec, config)  # a label Vega might have cut: drawn as the page draws it
    return svg


def untruncated(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` with axis and legend labels never cut to a width, so that Vega does not
    measure each label a second time to see whether it must be cut."""
    axis, legend = config.get("axis", {}), config.get("legend", {})
    return {**config, "axis": {**axis, "labelLimit": 0}, "legend": {**legend, "labelLimit": 0}}


def _widest_label(svg: str) -> float:
    groups = _LABELS.findall(svg)
    return max((widest_line(group) for group in groups), default=0.0)


def _drawn(spec: dict[str, Any], config: dict[str, Any]) -> str:
    vega = compiled(spec, config)
    if vega is None:
        return str(vl_convert.vegalite_to_svg(spec, config=config, allowed_base_urls=[]))
    return str(vl_convert.vega_to_svg(vega, allowed_base_urls=[]))


def compiled(spec: dict[str, Any], config: dict[str, Any]) -> dict[str, Any] | None:
    """``spec`` as Vega, its shape compiled once; None when its data is not only one top
    level list of rows (nested or named data is compiled with the chart, as before)."""
    data = spec.get("data")
    if (
        not isinstance(data, dict)
        or set(data) != {"values"}
        or not isinstance(data["values"], list)
    ):
        return None
    shape = {**spec, "data": {"name": ROWS}}
    if "datasets" in shape or orjson.dumps(shape, default=str).count(b'"data"') != 1:
        return None
    key = digest(ENGINE, shape, config)
    kept = SHAPE_CACHE.get(key)
    if not isinstance(kept, bytes):
        kept = orjson.dumps(vl_convert.vegalite_to_vega(shape, config=config), default=str)
        SHAPE_CACHE.put(key, kept)
    vega: dict[str, Any] = orjson.loads(kept)
    named = [entry for entry in vega.get("data", []) if entry.get("name") == ROWS]
    if len(named) != 1 or set(named[0]) != {"name"}:
        return None
    named[0]["values"] = data["values"]
    return vega


def _size(root: str, name: str) -> float | None:
    found = re.search(rf'\b{name}="([0-9.]+)"', root)
    return float(found.group(1)) if found else None


def placed(svg: str, box: Box, prefix: str) -> str:
    """A standalone chart SVG as a group at ``box`` (shrunk when the chart came out larger
    than its box), its ids prefixed. A group, not a nested ``<svg>``: a nested viewport
    clips, and every clip costs the rasteriser a layer the size of the image. Hidden
    labels are left out."""
    body = _HIDDEN_TEXT.sub("", svg)
    body = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', body)
    body = _REF.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", body)
    root = _ROOT.search(body)
    if root is None:
        return ""
    width, height = _size(root.group(0), "width"), _size(root.group(0), "height")
    shrink = min(1.0, box.width / width if width else 1.0, box.height / height if height else 1.0)
    inner = body[root.end() :].rsplit("</svg>", 1)[0]
    scaled = f" scale({shrink:.4f})" if shrink < 1.0 else ""
    return f'<g transform="translate({num(box.x)} {num(box.y)}){scaled}">{inner}</g>'


def render_chart(output: dict[str, Any], box: Box, palette: Palette, prefix: str) -> str:
    spec = output.get("spec")
    if not isinstance(spec, dict):
        raise ValueError("the chart has no specification")
    return placed(chart_svg(fitted_spec(spec, box), palette), box, prefix)
