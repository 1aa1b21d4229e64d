"""Text turned into glyph outlines before rasterising: the picture keeps the same ink where
the text was, and whatever cannot be drawn exactly stays text."""

from __future__ import annotations

import io

import pytest
import vl_convert
from PIL import Image, ImageStat

from gaugeboard.render.text_paths import face_for, line_path, outline, text_as_paths
from gaugeboard.render.theme import FONT_FAMILY

pytestmark = pytest.mark.skipif(
    face_for(FONT_FAMILY, False) is None or face_for(FONT_FAMILY, True) is None,
    reason="Liberation Sans (regular and bold) is not installed",
)

FAMILY = f'font-family="{FONT_FAMILY}"'
# (label box left, top, right, bottom) and the text drawn in it.
LABELS = [
    (
        (10, 10, 230, 50),
        f'<text x="20" y="40" font-size="22" font-weight="bold" {FAMILY}>Signups per day</text>',
    ),
    (
        (10, 60, 230, 90),
        f'<text x="120" y="80" font-size="13" text-anchor="middle" {FAMILY} '
        'fill="#1d2330">Tue 03 &amp; Wed 04</text>',
    ),
    (
        (10, 100, 230, 130),
        f'<text x="220" y="120" font-size="10px" text-anchor="end" {FAMILY} '
        'fill="#5b6475" opacity="1">12,345.67</text>',
    ),
    (
        (240, 10, 280, 130),
        f'<text text-anchor="middle" transform="translate(262,70) '
        f'rotate(-90)" font-size="11px" font-weight="bold" {FAMILY}>count of n</text>',
    ),
]


def page(body: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="140">'
        f'<rect width="300" height="140" fill="#ffffff"/>{body}</svg>'
    )


def ink(png: bytes, box: tuple[int, int, int, int]) -> tuple[int, tuple[int, int, int, int]]:
    """How dark the box is in all (0–255 a pixel) and where its ink lies."""
    image = Image.open(io.BytesIO(png)).convert("L").crop(box)
    darkness = Image.eval(image, lambda value: 255 - value)
    bounds = darkness.point(lambda value: 255 if value > 64 else 0).getbbox()
    assert bounds is not None, f"no ink in {box}"
    return int(ImageStat.Stat(darkness).sum[0]), bounds


def test_labels_drawn_as_paths_have_the_ink_of_the_text() -> None:
    as_text = page("".join(label for _box, label in LABELS))
    as_paths = text_as_paths(as_text)
    assert "<text" not in as_paths and as_paths.count("<path") == len(LABELS)
    text_png, paths_png = vl_convert.svg_to_png(as_text), vl_convert.svg_to_png(as_paths)
    for box, label in LABELS:
        text_ink, text_bounds = ink(text_png, box)
        paths_ink, paths_bounds = ink(paths_png, box)
        assert abs(paths_ink - text_ink) <= 0.08 * text_ink, label
        for theirs, ours in zip(text_bounds, paths_bounds, strict=True):
            assert abs(theirs - ours) <= 2, (label, text_bounds, paths_bounds)


def test_fill_opacity_and_transform_go_to_the_path() -> None:
    drawn = text_as_paths(
        f'<text transform="translate(5,9) rotate(270)" fill="#b42318" opacity="0.5" '
        f'font-size="10px" {FAMILY}>a</text>'
    )
    assert drawn.startswith("<path ")
    assert 'fill="#b42318"' in drawn and 'opacity="0.5"' in drawn
    assert 'transform="translate(5,9) rotate(270)"' in drawn


def test_escaped_characters_are_drawn_as_themselves() -> None:
    face = face_for(FONT_FAMILY, False)
    assert face is not None
    drawn = text_as_paths(f'<text x="0" y="10" font-size="10" {FAMILY}>a &lt;&amp;&gt; b</text>')
    assert drawn == f'<path d="{line_path(face, 10, "a <&> b", 0, 10, "start")}"/>'


def test_what_cannot_be_drawn_exactly_stays_text() -> None:
    kept = [
        f'<text x="0" y="10" {FAMILY}><tspan>two</tspan></text>',  # child elements
        f'<text x="0" y="10" dy="3" {FAMILY}>shifted</text>',  # an attribute not handled
        f'<text x="0" y="10" font-style="italic" {FAMILY}>slanted</text>',
        '<text x="0" y="10" font-family="sans-serif">generic</text>',
        '<text x="0" y="10" font-family="No Such Font Family">missing</text>',
        f'<text x="0" y="10" {FAMILY}>日本</text>',  # characters the font lacks
        f'<text x="0" y="10" font-weight="300" {FAMILY}>light</text>',
    ]
    for element in kept:
        assert text_as_paths(element) == element


def test_anchor_moves_the_line_by_its_advance() -> None:
    face = face_for(FONT_FAMILY, False)
    assert face is not None
    start = line_path(face, 10, "ab", 50, 10, "start")
    end = line_path(face, 10, "ab", 50, 10, "end")
    assert start is not None and end is not None
    first_x = float(start[1:].split()[0])
    assert float(end[1:].split()[0]) < first_x - 5


def test_glyph_outlines_are_kept() -> None:
    text_as_paths(f'<text x="0" y="10" font-size="17" {FAMILY}>kept</text>')
    hits = outline.cache_info().hits
    text_as_paths(f'<text x="30" y="40" font-size="17" {FAMILY}>kept</text>')
    assert outline.cache_info().hits == hits + 4


def test_blank_text_leaves_nothing() -> None:
    assert text_as_paths(f'<text x="0" y="10" {FAMILY}>   </text>') == ""
