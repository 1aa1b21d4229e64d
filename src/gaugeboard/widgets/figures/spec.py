"""What every figure's Vega spec shares: its size, palette, text colour, and the seal it
leaves the server with.

Figures are drawn by Vega (not Vega-Lite: Vega-Lite has no layout transforms). A spec is
complete for vl-convert on the server at ``DEFAULT_WIDTH`` × its height; the page redraws
it at its widget's size, which the output's ``size`` says it may.
"""

from __future__ import annotations

from typing import Any

from gaugeboard.widgets.charts.theme import DARK_GRID, DARK_TEXT, LIGHT_TEXT
from gaugeboard.widgets.vega_lite import without_embed_options

VEGA_SCHEMA = "https://vega.github.io/schema/vega/v6.json"
DEFAULT_WIDTH = 480
DEFAULT_HEIGHT = 320
PADDING = 4
DEFAULT_PALETTE = "tableau10"
# Labels drawn on coloured cells: dark on the light end of each palette.
CELL_TEXT = "#1b1e24"


def palette(colors: list[str] | None) -> dict[str, Any]:
    """A categorical scale's range: the widget's ``colors`` or Vega's tableau10."""
    return list(colors) if colors else {"scheme": DEFAULT_PALETTE}  # type: ignore[return-value]


def ramp(colors: list[str] | None) -> Any:
    """A sequential scale's range: the widget's ``colors`` (first to last) or blues."""
    return list(colors) if colors and len(colors) > 1 else {"scheme": "blues"}


def text_fill(theme: str) -> dict[str, Any]:
    """Text drawn on the page's background, in the theme's colour (``auto`` leaves it to
    the page, which knows whether it is light or dark)."""
    if theme == "auto":
        return {}
    return {"fill": {"value": DARK_TEXT if theme == "dark" else LIGHT_TEXT}}


def line_stroke(theme: str) -> str:
    """Links and edges: a grey that reads on both backgrounds."""
    return DARK_GRID if theme == "dark" else "#9aa1ad"


def vega_spec(body: dict[str, Any], height: int | None) -> dict[str, Any]:
    """A whole Vega spec around ``body`` (data, signals, scales, marks), sealed: no option
    Vega-Embed would read. Every data set the builders write is inline ``values`` or
    derived from one (``source``): none has a URL."""
    spec: dict[str, Any] = {
        "$schema": VEGA_SCHEMA,
        "width": DEFAULT_WIDTH,
        "height": height or DEFAULT_HEIGHT,
        "padding": PADDING,
        "autosize": "none",
        **body,
    }
    sealed: dict[str, Any] = without_embed_options(spec)
    sealed["$schema"] = VEGA_SCHEMA
    return sealed


def drawable(spec: dict[str, Any], height: int | None) -> dict[str, Any]:
    """The output object of a figure: ``{"kind": "vega", "spec", "size"}``; ``size`` tells
    the page to draw it at the widget's width, and at its height unless fixed."""
    return {
        "kind": "vega",
        "spec": spec,
        "size": {"width": "container", "height": height or "container"},
    }
