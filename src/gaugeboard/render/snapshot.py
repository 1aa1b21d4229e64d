"""A whole dashboard as one image: every widget's output (the data API's, by the same code
path) drawn into its box, composed into one SVG, then rasterised to PNG or printed to PDF
by vl-convert. No browser, and nothing fetched from outside.

The public entry point, which views, thumbnails and reports call::

    render_dashboard(document, context, *, format="png", width=1200, scale=1.0,
                     inputs=None, fetch=fetch_payload, only=None, images=None) -> bytes

``context`` is the dashboard's ``SourceContext`` (variables and time range already
resolved, as ``http.source_context`` builds it for a request or a job builds it for
nobody in particular); ``fetch`` is usually a ``CachedFetcher``.

Rasterising is the other slow step (shaping each text element): text is turned into
glyph outlines first (``text_paths``), and the encoded image is kept in ``IMAGE_CACHE`` by
a digest of the composed SVG, the format and the scale: a dashboard whose data did not
change is composed again (cheap) but not rasterised again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Literal

import vl_convert

from gaugeboard.dashboards.document import DashboardDocument, Widget
from gaugeboard.dashboards.widget_data import PayloadFetcher, render_all
from gaugeboard.errors import ValidationFailed
from gaugeboard.render import chart_pool
from gaugeboard.render.charts import CHART_CACHE, fitted_spec, render_chart
from gaugeboard.render.content import KINDS, render_error, render_image
from gaugeboard.render.drawn_cache import DrawnCache, digest
from gaugeboard.render.layout import PADDING, Box, layout_of
from gaugeboard.render.own_images import OwnImages
from gaugeboard.render.svg_text import attr, fitted, num, rect, text_node
from gaugeboard.render.text_paths import text_as_paths
from gaugeboard.render.theme import Palette, palette_of
from gaugeboard.sources.resolve import SourceContext, fetch_payload

log = logging.getLogger(__name__)

Format = Literal["png", "svg", "pdf"]
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
DEFAULT_WIDTH = 1200
MIN_WIDTH, MAX_WIDTH = 200, 4000
MIN_SCALE, MAX_SCALE = 0.1, 4.0
MAX_PIXELS = 40_000_000
TITLE_SIZE = 16.0
PAD_X, PAD_Y = 12.8, 9.6
HEAD = 26.0
# A 1200 px PNG of ten widgets is 100–200 KB.
IMAGE_CACHE = DrawnCache(max_entries=64, max_bytes=32_000_000)


def option_problems(format: str, width: int, scale: float) -> list[str]:
    """Every problem of a snapshot's format, width and scale, named by field."""
    problems = []
    if format not in FORMATS:
        problems.append(f"format: must be one of {', '.join(FORMATS)}")
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        problems.append(f"width: must be a whole number from {MIN_WIDTH} to {MAX_WIDTH}")
    if not MIN_SCALE <= scale <= MAX_SCALE:
        problems.append(f"scale: must be a number from {MIN_SCALE} to {MAX_SCALE}")
    return problems


def _widget_svg(
    widget: Widget,
    output: Mapping[str, Any],
    box: Box,
    palette: Palette,
    index: int,
    images: OwnImages | None,
) -> str:
    parts = [
        rect(
            box.x, box.y, box.width, box.height, fill=palette.card, stroke=palette.border, radius=10
        )
    ]
    if widget.title:
        parts.append(
            text_node(
                box.x + PAD_X,
                box.y + PAD_Y + TITLE_SIZE,
                fitted(widget.title, box.width - 2 * PAD_X, TITLE_SIZE),
                size=TITLE_SIZE,
                fill=palette.fg,
                weight="bold",
            )
        )
    inner = _inner_box(widget, box)
    # No clip path: every renderer keeps inside its box (text is cut to fit, charts are
    # sized to it), and each clip would cost the rasteriser an image-sized layer.
    parts.append(_content(output, inner, palette, index, images))
    return "".join(parts)


def _inner_box(widget: Widget, box: Box) -> Box:
    """Where a widget's content goes: inside its padding, below its title."""
    top = box.y + PAD_Y + (HEAD if widget.title else 0.0)
    return Box(box.x + PAD_X, top, box.width - 2 * PAD_X, box.y + box.height - PAD_Y - top)


def _predraw_charts(
    shown: list[Widget],
    outputs: Mapping[str, Mapping[str, Any]],
    boxes: Mapping[str, Box],
    palette: Palette,
) -> None:
    """Have the renderer processes draw the charts not drawn yet, side by side."""
    charts = []
    for widget in shown:
        output = outputs[widget.id]
        spec = output.get("spec")
        if output.get("ok") and output.get("kind") == "vega-lite" and isinstance(spec, dict):
            charts.append((fitted_spec(spec, _inner_box(widget, boxes[widget.id])), palette))
    chart_pool.predraw(charts)


def _content(
    output: Mapping[str, Any], box: Box, palette: Palette, index: int, images: OwnImages | None
) -> str:
    if not output.get("ok", False):
        return render_error(str(output.get("error") or "This widget failed."), box, palette)
    kind = str(output.get("kind", ""))
    try:
        if kind == "vega-lite":
            return render_chart(dict(output), box, palette, f"w{index}-")
        if kind == "image":
            return render_image(dict(output), box, palette, images)
        renderer = KINDS.get(kind)
        if renderer is None:
            return render_error(f"A {kind or 'widget'} is not drawn in snapshots.", box, palette)
        return renderer(dict(output), box, palette)
    except Exception as exc:  # one widget's drawing never breaks the others
        log.warning("widget %d could not be drawn in a snapshot: %s", index, exc)
        return render_error("This widget could not be drawn.", box, palette)


def compose_svg(
    document: DashboardDocument,
    outputs: Mapping[str, Mapping[str, Any]],
    width: int,
    images: OwnImages | None = None,
) -> tuple[str, float]:
    """The dashboard as one SVG ``width`` pixels wide, and its height; ``images``: where
    this server is reached, so that its own static pictures are drawn."""
    palette = palette_of(document.theme)
    shown = [widget for widget in document.widgets if widget.id in outputs]
    layout = layout_of(document.layout, shown, width)
    height = layout.height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{num(height)}" viewBox="0 0 {width} {num(height)}">',
        f"<title>{_escaped(document.title)}</title>",
        rect(0, 0, width, height, fill=palette.bg),
        text_node(
            PADDING,
            PADDING + 26,
            fitted(document.title, width - 2 * PADDING, 22),
            size=22,
            fill=palette.fg,
            weight="bold",
        ),
    ]
    if chart_pool.processes() >= 2:
        _predraw_charts(shown, outputs, layout.boxes, palette)
    for index, widget in enumerate(shown):
        parts.append(
            _widget_svg(widget, outputs[widget.id], layout.boxes[widget.id], palette, index, images)
        )
    parts.append("</svg>")
    return "".join(parts), height


def _escaped(text: str) -> str:
    return attr(text)[1:-1]


def encode(svg: str, format: str, scale: float) -> bytes:
    """The composed SVG as the asked format (rasterised again only when it changed)."""
    if format == "svg":
        return svg.encode()
    key = digest(svg, format, scale)
    kept = IMAGE_CACHE.get(key)
    if isinstance(kept, bytes):
        return kept
    if format == "pdf":
        image = bytes(vl_convert.svg_to_pdf(svg, scale=scale))
    else:
        # Text as glyph outlines (PNG only: a PDF keeps its text selectable).
        image = bytes(vl_convert.svg_to_png(text_as_paths(svg), scale=scale))
    IMAGE_CACHE.put(key, image)
    return image


def forget_drawings() -> None:
    """Empty the chart and image caches: the next snapshot draws everything again, as when
    all of its data changed (the compiled shapes of its charts stay, as they would)."""
    CHART_CACHE.clear()
    IMAGE_CACHE.clear()


def draw_outputs(
    document: DashboardDocument,
    outputs: Mapping[str, Mapping[str, Any]],
    *,
    format: str = "png",
    width: int = DEFAULT_WIDTH,
    scale: float = 1.0,
    images: OwnImages | None = None,
) -> bytes:
    """Widgets' outputs already computed (``render_all``'s) drawn as one image."""
    problems = option_problems(format, width, scale)
    if problems:
        raise ValidationFailed(problems)
    svg, height = compose_svg(document, outputs, width, images)
    if width * scale * height * scale > MAX_PIXELS:
        raise ValidationFailed(
            f"scale: the image would have {int(width * scale * height * scale)} pixels; "
            f"at most {MAX_PIXELS} (ask a smaller width or scale)"
        )
    return encode(svg, format, scale)


def render_dashboard(
    document: DashboardDocument,
    context: SourceContext,
    *,
    format: str = "png",
    width: int = DEFAULT_WIDTH,
    scale: float = 1.0,
    inputs: Mapping[str, Mapping[str, str]] | None = None,
    fetch: PayloadFetcher = fetch_payload,
    only: set[str] | None = None,
    images: OwnImages | None = None,
) -> bytes:
    """``document`` with its current data, drawn as PNG, SVG or PDF bytes ``width`` pixels
    wide (times ``scale``); ValidationFailed naming ``format``, ``width`` or ``scale``.
    ``images``: where this server is reached, to draw its own static pictures."""
    problems = option_problems(format, width, scale)
    if problems:
        raise ValidationFailed(problems)
    outputs = render_all(document, context, inputs or {}, fetch, only)
    return draw_outputs(document, outputs, format=format, width=width, scale=scale, images=images)
