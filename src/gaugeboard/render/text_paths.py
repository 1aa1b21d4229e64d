"""Text drawn as glyph outlines before a snapshot is rasterised: the rasteriser shapes each
``<text>`` element (about a millisecond apiece, a hundred or more on a page of charts),
while a ``<path>`` of the same font's outlines costs it next to nothing.

Only plain text we can draw exactly as the rasteriser would is turned into a path: one
line of characters the font has, in the first family of its ``font-family`` that is
installed (found with fontconfig's ``fc-match``, as the rasteriser would find it), upright,
regular or bold, with no attribute but position, size, fill, opacity, anchor and
transform. Anything else (a ``<tspan>``, ``dx``, italics, a character the font lacks, no
font file at all) is left as text for the rasteriser. Glyphs are laid out by their advance
widths, without kerning. Outlines are kept per (font file, size, glyph)."""

from __future__ import annotations

import functools
import html
import math
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from typing import Any

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont

from gaugeboard.render.svg_text import attr, num

_TEXT = re.compile(r"<text\b([^>]*)>([^<]*)</text>")
_ANY_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(?:px)?\s*$")
# Attributes a path takes over unchanged, and those this module reads itself; a text
# with any other attribute is left as it is.
_KEPT = ("fill", "opacity", "fill-opacity", "transform")
_READ = frozenset({"x", "y", "font-size", "font-family", "font-weight", "text-anchor"})
_GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"})
_BOLD_WEIGHTS = frozenset({"bold", "bolder", "600", "700", "800", "900"})
_UPRIGHT_WEIGHTS = frozenset({"normal", "400", ""})
# fontconfig's weight of a bold face.
_FC_BOLD = 200
_FC_TIMEOUT = 5.0
# More than the widest advance of common text faces (Liberation Sans' "@" is 1.015 em).
_WIDEST_EM = 1.1
_READING = threading.Lock()


@dataclass(frozen=True, eq=False)
class Face:
    """One font file, read once: its character map, advances and outlines."""

    path: str
    units: int
    cmap: dict[int, str]
    advances: dict[str, int]
    glyphs: Any  # fontTools' glyph set


@functools.lru_cache(maxsize=64)
def _fc_match(pattern: str) -> tuple[str, int, str] | None:
    """fontconfig's (family, weight, file) for ``pattern``; None without fontconfig."""
    program = shutil.which("fc-match")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "-f", "%{family}\t%{weight}\t%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=_FC_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    fields = done.stdout.split("\t")
    if done.returncode != 0 or len(fields) != 3 or not fields[2]:
        return None
    try:
        weight = int(fields[1].strip("[]").split()[0])
    except (ValueError, IndexError):
        return None
    return fields[0], weight, fields[2]


@functools.lru_cache(maxsize=16)
def _face(path: str) -> Face | None:
    try:
        font = TTFont(path, lazy=True)
        units = int(font["head"].unitsPerEm)
        cmap = dict(font.getBestCmap() or {})
        advances = {name: int(metric[0]) for name, metric in font["hmtx"].metrics.items()}
        glyphs = font.getGlyphSet()
    except Exception:  # an unreadable or unusual font file: its text stays text
        return None
    return Face(path, units, cmap, advances, glyphs)


@functools.lru_cache(maxsize=128)
def face_for(family_list: str, bold: bool) -> Face | None:
    """The face the rasteriser would draw ``family_list`` in: the first installed family of
    the list (None when that is a generic name, or when the face asked is missing)."""
    for raw in family_list.split(","):
        family = raw.strip().strip("'\"")
        if not family or family.lower() in _GENERIC:
            return None
        found = _fc_match(f"{family}:bold" if bold else family)
        if found is None:
            return None
        name, weight, path = found
        if family.lower() not in (part.strip().lower() for part in name.split(",")):
            continue  # not installed: fontconfig offered a substitute, the next one is tried
        if bold != (weight >= _FC_BOLD):
            return None
        return _face(path)
    return None


class _OutlinePen(BasePen):  # type: ignore[misc]
    """A glyph's outline as SVG path data at a size, y pointing down: the first point
    absolute and everything after relative, so the glyph can be put anywhere by changing
    only its first move."""

    def __init__(self, glyphs: Any, scale: float) -> None:
        super().__init__(glyphs)
        self.scale = scale
        self.first: tuple[float, float] | None = None
        self.at = (0.0, 0.0)
        self.start = (0.0, 0.0)
        self.parts: list[str] = []

    def _point(self, point: tuple[float, float]) -> tuple[float, float]:
        return round(point[0] * self.scale, 2), round(-point[1] * self.scale, 2)

    def _relative(self, point: tuple[float, float]) -> str:
        x, y = self._point(point)
        return f"{num(x - self.at[0])} {num(y - self.at[1])}"

    def _moveTo(self, pt: tuple[float, float]) -> None:
        x, y = self._point(pt)
        if self.first is None:
            self.first = (x, y)
        else:
            self.parts.append(f"m{self._relative(pt)}")
        self.at = self.start = (x, y)

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.parts.append(f"l{self._relative(pt)}")
        self.at = self._point(pt)

    def _qCurveToOne(self, pt1: tuple[float, float], pt2: tuple[float, float]) -> None:
        self.parts.append(f"q{self._relative(pt1)} {self._relative(pt2)}")
        self.at = self._point(pt2)

    def _curveToOne(
        self, pt1: tuple[float, float], pt2: tuple[float, float], pt3: tuple[float, float]
    ) -> None:
        self.parts.append(f"c{self._relative(pt1)} {self._relative(pt2)} {self._relative(pt3)}")
        self.at = self._point(pt3)

    def _closePath(self) -> None:
        self.parts.append("z")
        self.at = self.start


@functools.lru_cache(maxsize=8192)
def outline(face: Face, size: float, glyph: str) -> tuple[float, float, str] | None:
    """A glyph at ``size`` pixels: its first point and the rest of its path data
    (relative); None for a glyph with no ink (a space)."""
    pen = _OutlinePen(face.glyphs, size / face.units)
    with _READING:  # fontTools reads glyphs from the file lazily, one thread at a time
        face.glyphs[glyph].draw(pen)
    if pen.first is None:
        return None
    return pen.first[0], pen.first[1], "".join(pen.parts)


def line_path(face: Face, size: float, text: str, x: float, y: float, anchor: str) -> str | None:
    """Path data of ``text`` on one line with its baseline at ``y``, anchored at ``x``;
    None when the face lacks one of its characters."""
    names = []
    for character in text:
        name = face.cmap.get(ord(character))
        if name is None:
            return None
        names.append(name)
    scale = size / face.units
    width = sum(face.advances.get(name, 0) for name in names) * scale
    pen_x = x - (width / 2 if anchor == "middle" else width if anchor == "end" else 0.0)
    parts = []
    for name in names:
        drawn = outline(face, size, name)
        if drawn is not None:
            parts.append(f"M{num(pen_x + drawn[0])} {num(y + drawn[1])}{drawn[2]}")
        pen_x += face.advances.get(name, 0) * scale
    return "".join(parts)


def line_width(family_list: str, bold: bool, size: float, text: str) -> float:
    """The advance width of ``text`` in the face the rasteriser would use; where that face
    is missing or lacks a character, a bound no face passes (each character one em wide
    and a tenth)."""
    face = face_for(family_list, bold)
    if face is not None:
        names = [face.cmap.get(ord(character)) for character in text]
        if all(names):
            return sum(face.advances.get(name or "", 0) for name in names) * size / face.units
    return len(text) * size * _WIDEST_EM


def widest_line(svg: str) -> float:
    """The widest ``<text>`` in ``svg`` by ``line_width``; text with child elements (lines
    in ``<tspan>``) or a size not in pixels counts as infinitely wide."""
    widest = 0.0
    for found in _ANY_TEXT.finditer(svg):
        if "<" in found.group(2):
            return math.inf
        attributes = _attributes(found.group(1))
        size = _SIZE.match(attributes.get("font-size", "16"))
        if size is None:
            return math.inf
        text = " ".join(html.unescape(found.group(2)).split())
        bold = attributes.get("font-weight", "normal").strip().lower() in _BOLD_WEIGHTS
        family = attributes.get("font-family", "")
        widest = max(widest, line_width(family, bold, float(size.group(1)), text))
    return widest


def _attributes(opening: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTR.finditer(opening)
    }


def _number(value: str | None) -> float | None:
    if value is None:
        return 0.0
    try:
        return float(value)
    except ValueError:
        return None


def _as_path(found: re.Match[str]) -> str:
    attributes = _attributes(found.group(1))
    if set(attributes) - _READ - set(_KEPT):
        return found.group(0)
    size = _SIZE.match(attributes.get("font-size", "16"))
    weight = attributes.get("font-weight", "normal").strip().lower()
    x, y = _number(attributes.get("x")), _number(attributes.get("y"))
    anchor = attributes.get("text-anchor", "start")
    if (
        size is None
        or x is None
        or y is None
        or anchor not in ("start", "middle", "end")
        or weight not in _BOLD_WEIGHTS | _UPRIGHT_WEIGHTS
        or attributes.get("fill", "") in ("none", "transparent")
    ):
        return found.group(0)
    # SVG collapses runs of white space and drops it at either end.
    text = " ".join(html.unescape(found.group(2)).split())
    if not text:
        return ""
    face = face_for(attributes.get("font-family", ""), weight in _BOLD_WEIGHTS)
    if face is None:
        return found.group(0)
    data = line_path(face, float(size.group(1)), text, x, y, anchor)
    if data is None:
        return found.group(0)
    if not data:
        return ""
    kept = "".join(f" {name}={attr(attributes[name])}" for name in _KEPT if name in attributes)
    return f'<path d="{data}"{kept}/>'


def text_as_paths(svg: str) -> str:
    """``svg`` with each plain ``<text>`` it can draw replaced by the path of its glyphs."""
    return _TEXT.sub(_as_path, svg)
