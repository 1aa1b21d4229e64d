"""Colours of a chart: the dashboard theme (a dark page needs light text and grid lines)
and the widget's own ``colors``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DARK_TEXT = "#e6e6e6"
DARK_MUTED = "#b4b4b4"
DARK_GRID = "#3d3d3d"
DARK_DOMAIN = "#7a7a7a"
LIGHT_TEXT = "#333333"
DARK_TRACK = "#3d3d3d"
LIGHT_TRACK = "#e6e6e6"
AUTO_TRACK = "rgba(128, 128, 128, 0.3)"


def _dark() -> dict[str, Any]:
    labels = {"labelColor": DARK_MUTED, "titleColor": DARK_TEXT}
    return {
        "background": "transparent",
        "view": {"stroke": DARK_GRID},
        "axis": {
            **labels,
            "gridColor": DARK_GRID,
            "domainColor": DARK_DOMAIN,
            "tickColor": DARK_DOMAIN,
        },
        "legend": labels,
        "header": labels,
        "title": {"color": DARK_TEXT, "subtitleColor": DARK_MUTED},
        "text": {"color": DARK_TEXT},
    }


def text_color(theme: str) -> dict[str, str]:
    """The colour of text drawn on the chart's background (labels, a gauge's value), as
    mark properties. A dashboard that follows the system (``auto``) names none: the page
    draws with its own theme's text colour (its ``config.text``), light or dark, which
    the server cannot know."""
    if theme == "auto":
        return {}
    return {"color": DARK_TEXT if theme == "dark" else LIGHT_TEXT}


def track_color(theme: str) -> str:
    """The unfilled part of a gauge (a grey that reads on both backgrounds for ``auto``)."""
    if theme == "auto":
        return AUTO_TRACK
    return DARK_TRACK if theme == "dark" else LIGHT_TRACK


# Type sizes shared by light and dark: labels never under 11 px, titles a step up. The
# chart's own title has no size here: the page sizes it to the widget's width (titleConfig
# in static/widgets/vega.js), which a size in the spec's config would override.
LABEL_SIZE = 11
TITLE_SIZE = 12


def _sizes() -> dict[str, Any]:
    """Readable text in every theme; legends that fit a small widget (a column of at
    most a few symbols, long labels cut with an ellipsis)."""
    return {
        "axis": {"labelFontSize": LABEL_SIZE, "titleFontSize": TITLE_SIZE, "labelLimit": 160},
        "legend": {
            "labelFontSize": LABEL_SIZE,
            "titleFontSize": TITLE_SIZE,
            "labelLimit": 140,
            "symbolSize": 80,
        },
        "header": {"labelFontSize": LABEL_SIZE, "titleFontSize": TITLE_SIZE},
        "title": {"subtitleFontSize": LABEL_SIZE},
        "text": {"fontSize": LABEL_SIZE},
    }


def chart_config(theme: str, colors: list[str] | None) -> dict[str, Any]:
    """A Vega-Lite ``config``: one set of type sizes for every theme, dark-friendly colours
    for the dark theme (light and auto keep Vega-Lite's colours), with ``colors`` as the
    palette and the single-series colour."""
    config = deep_merge(_sizes(), _dark()) if theme == "dark" else _sizes()
    if colors:
        config["range"] = {"category": colors, "ramp": colors, "heatmap": colors}
        config["mark"] = {"color": colors[0]}
    return config


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` laid over ``base``: objects merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        current = merged.get(key)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            merged[key] = deep_merge(current, value)
        else:
            merged[key] = value
    return merged
