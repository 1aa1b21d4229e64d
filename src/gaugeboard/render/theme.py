"""The page's colours and fonts, as the snapshot draws them (gaugeboard.css's variables).

A document's ``auto`` theme follows the viewer's system on the page; a snapshot has no
viewer, so it is drawn light."""

from __future__ import annotations

from dataclasses import dataclass

# Liberation Sans first: it has Arial's metrics (close to the page's system-ui fonts), and
# vl-convert measures and shapes it in about half the time of DejaVu Sans (which stays as
# the fallback for the characters Liberation Sans lacks). docs/performance.md has figures.
FONT_FAMILY = "Liberation Sans, DejaVu Sans, Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class Palette:
    bg: str
    fg: str
    card: str
    border: str
    accent: str
    muted: str
    danger: str
    up: str
    down: str


LIGHT = Palette(
    bg="#f6f7f9",
    fg="#1d2330",
    card="#ffffff",
    border="#d9dde5",
    accent="#2457c5",
    muted="#5b6475",
    danger="#b42318",
    up="#1a6e38",
    down="#b42318",
)
DARK = Palette(
    bg="#14171d",
    fg="#e6e9ef",
    card="#1d2129",
    border="#343a46",
    accent="#7fa4ff",
    muted="#a3abba",
    danger="#ff8a80",
    up="#6fcf97",
    down="#ff8a80",
)


def palette_of(theme: str) -> Palette:
    """The colours of a document theme (``auto`` is drawn light)."""
    return DARK if theme == "dark" else LIGHT


def chart_config(palette: Palette) -> dict[str, object]:
    """The Vega-Lite config the page draws every chart with (vega.js ``themeConfig``), in
    the snapshot's font."""
    fg, muted, border = palette.fg, palette.muted, palette.border
    return {
        "background": "transparent",
        "font": FONT_FAMILY,
        "axis": {
            "labelColor": fg,
            "titleColor": fg,
            "domainColor": muted,
            "tickColor": muted,
            "gridColor": border,
        },
        "legend": {"labelColor": fg, "titleColor": fg},
        "header": {"labelColor": fg, "titleColor": fg},
        "title": {"color": fg, "subtitleColor": muted},
        "text": {"color": fg},
        "view": {"stroke": border},
    }
