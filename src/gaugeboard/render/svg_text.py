"""Writing SVG by hand, safely: every piece of user text is escaped, cut to the width it
gets (by an estimate of the font's advance), and never read as markup."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from gaugeboard.render.theme import FONT_FAMILY

# The average advance as a share of the font size: a little generous for Liberation Sans
# (digits 0.56, lower case about 0.5) and about right for its fallback DejaVu Sans (digits
# 0.64, lower case about 0.55), so text cut to fit does fit.
ADVANCE = 0.6
ELLIPSIS = "…"


def text_width(text: str, size: float) -> float:
    """The estimated width of ``text`` at ``size`` pixels."""
    return len(text) * size * ADVANCE


def fitted(text: str, width: float, size: float) -> str:
    """``text`` on one line, cut with an ellipsis when it is wider than ``width``."""
    text = " ".join(text.split())
    room = max(0, math.floor(width / (size * ADVANCE)))
    if len(text) <= room:
        return text
    return text[: max(0, room - 1)].rstrip() + ELLIPSIS if room else ""


def wrapped(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (long words are cut)."""
    room = max(1, math.floor(width / (size * ADVANCE)))
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > room:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:room])
            word = word[room:]
        candidate = f"{line} {word}" if line else word
        if len(candidate) > room:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def attr(value: object) -> str:
    """An attribute value, quoted and escaped."""
    return quoteattr(str(value))


def num(value: float) -> str:
    """A coordinate as short text."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def text_node(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    fill: str,
    weight: str = "normal",
    anchor: str = "start",
) -> str:
    """One line of text; ``text`` is escaped."""
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" fill={attr(fill)} '
        f'font-weight="{weight}" text-anchor="{anchor}" font-family={attr(FONT_FAMILY)}>'
        f"{escape(text)}</text>"
    )


def rect(
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    fill: str,
    stroke: str | None = None,
    radius: float = 0,
) -> str:
    outline = f' stroke={attr(stroke)} stroke-width="1"' if stroke else ""
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(width, 0))}" '
        f'height="{num(max(height, 0))}" rx="{num(radius)}" fill={attr(fill)}{outline}/>'
    )


def line(x1: float, y1: float, x2: float, y2: float, *, stroke: str, width: float = 1) -> str:
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
        f'stroke={attr(stroke)} stroke-width="{num(width)}"/>'
    )
