"""Drawing a widget's drawable output on the server, as SVG, through vl-convert (for
snapshots, thumbnails and e-mailed reports: no browser).

``vega`` outputs (figures) go through ``vega_to_svg`` and ``vega-lite`` outputs through
``vegalite_to_svg``, both at a fixed size (a page's widgets are drawn at their box's size,
which a server does not have) and with no URL allowed. Vega's ``wordcloud`` transform
measures text on a canvas, which vl-convert does not have, so a word cloud is laid out here
instead, in rows, with the same font sizes. Plotly figures have no renderer without a
browser: they come out as a labelled placeholder. Any other kind (numbers, tables, text)
is not a chart and is drawn by its page, not here.
"""

from __future__ import annotations

import copy
import math
from typing import Any
from xml.sax.saxutils import escape

from gaugeboard.widgets.request import WidgetDataError

WIDTH = 480
HEIGHT = 320
PLOTLY_NOTE = "Plotly figure: drawn in the browser only"
FONT_RANGE = (11.0, 48.0)
CHAR_WIDTH = 0.6  # of the font size, for a sans-serif font


def _placeholder(width: int, height: int, note: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(note)}">'
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#f4f5f7" '
        'stroke="#c7ccd6" stroke-dasharray="6 4"/>'
        f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" '
        f'font-family="sans-serif" font-size="14" fill="#5b6475">{escape(note)}</text></svg>'
    )


def _font_sizes(values: list[float]) -> list[float]:
    low, high = min(values, default=0.0), max(values, default=0.0)
    small, large = FONT_RANGE
    if high <= low:
        return [(small + large) / 2 for _ in values]
    # A square-root scale, as the wordcloud transform uses.
    span = math.sqrt(high) - math.sqrt(max(low, 0.0))
    return [
        small + (large - small) * (math.sqrt(max(v, 0.0)) - math.sqrt(max(low, 0.0))) / span
        for v in values
    ]


def word_rows(words: list[dict[str, Any]], width: int, height: int) -> list[dict[str, Any]]:
    """Words largest first, placed left to right in centred rows; those that do not fit
    the height are left out, as the browser's layout leaves out what it cannot place."""
    sizes = _font_sizes([float(word.get("size") or 0) for word in words])
    placed: list[dict[str, Any]] = []
    row: list[dict[str, Any]] = []
    top, used, tallest = 0.0, 0.0, 0.0

    def close() -> None:
        offset = (width - used) / 2
        for item in row:
            item["x"] += offset
            item["y"] = top + tallest
        placed.extend(row)

    for word, size in zip(words, sizes, strict=True):
        span = CHAR_WIDTH * size * len(str(word.get("text", ""))) + 8
        if row and used + span > width:
            close()
            top, row, used, tallest = top + tallest + 4, [], 0.0, 0.0
        if top + size > height:
            break
        row.append({**word, "x": used + span / 2, "fontSize": size, "angle": 0})
        used += span
        tallest = max(tallest, size)
    if row and top + tallest <= height:
        close()
    return placed


def _laid_out_words(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with each word cloud mark's transform replaced by positions from here."""
    data = {entry["name"]: entry for entry in spec.get("data", []) if "values" in entry}
    for mark in spec.get("marks", []):
        transforms = mark.get("transform") or []
        if not any(t.get("type") == "wordcloud" for t in transforms):
            continue
        source = data[mark["from"]["data"]]
        source["values"] = word_rows(list(source["values"]), spec["width"], spec["height"])
        mark["transform"] = [t for t in transforms if t.get("type") != "wordcloud"]
        update = mark["encode"].setdefault("update", {})
        for channel in ("x", "y", "fontSize", "angle"):
            update[channel] = {"field": channel}
    return spec


def server_svg(drawable: dict[str, Any], width: int = WIDTH, height: int = HEIGHT) -> str:
    """The SVG of a ``vega``, ``vega-lite`` or ``plotly`` output (``render_widget``'s
    result) at ``width`` × ``height``; WidgetDataError for kinds that are not charts."""
    import vl_convert  # imported here: building its engine is heavy and only the server draws

    kind = drawable.get("kind")
    if kind == "plotly":
        return _placeholder(width, height, PLOTLY_NOTE)
    if kind not in ("vega", "vega-lite"):
        raise WidgetDataError(f"kind: {kind!r} outputs are drawn by the page, not as an image")
    spec = copy.deepcopy(drawable["spec"])
    spec["width"] = width
    spec["height"] = height
    if kind == "vega":
        svg: str = vl_convert.vega_to_svg(_laid_out_words(spec), allowed_base_urls=[])
        return svg
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    result: str = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    return result
