"""Small SVG renderers for the widget kinds that are not Vega-Lite charts: number (with its
change and sparkline), number group, table (its first rows), markdown (plain text lines,
never HTML), timeline, and labelled placeholders for what a snapshot does not fetch or run
(iframes, HTML, images from elsewhere; gaugeboard's own static pictures are read from
its folder by ``own_images``). Each takes a widget's output, as the data API
answers it, and the box it fills; all text is escaped and cut to fit."""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Callable, Iterator
from typing import Any

from gaugeboard.render.layout import Box
from gaugeboard.render.own_images import OwnImages
from gaugeboard.render.svg_text import attr, fitted, line, num, rect, text_node, wrapped
from gaugeboard.render.theme import Palette

KindRenderer = Callable[[dict[str, Any], Box, Palette], str]
# Pictures a snapshot draws from a data: URL (SVG pictures could name other files).
DRAWN_IMAGES = ("data:image/png;", "data:image/jpeg;", "data:image/gif;", "data:image/webp;")
MAX_IMAGE_BYTES = 5_000_000


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _delta_parts(delta: Any, palette: Palette) -> tuple[str, str] | None:
    if isinstance(delta, bool) or not isinstance(delta, int | float) or not math.isfinite(delta):
        return None
    percent = f"{abs(delta) * 100:.1f}".rstrip("0").rstrip(".") + "%"
    if delta > 0:
        return f"▲ {percent}", palette.up
    if delta < 0:
        return f"▼ {percent}", palette.down
    return f"■ {percent}", palette.muted


def _points(spec: Any) -> list[float]:
    data = spec.get("data") if isinstance(spec, dict) else None
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, list):
        return []
    found = [v.get("value") for v in values if isinstance(v, dict)]
    return [float(v) for v in found if isinstance(v, int | float) and not isinstance(v, bool)]


def sparkline(spec: Any, box: Box, colour: str) -> str:
    """A number's trend line, from its sparkline spec's inline values."""
    values = _points(spec)
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    step = box.width / (len(values) - 1)
    points = " ".join(
        f"{num(box.x + i * step)},{num(box.y + box.height - (v - low) / spread * box.height)}"
        for i, v in enumerate(values)
    )
    return (
        f'<polyline points="{points}" fill="none" stroke={attr(colour)} stroke-width="2" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )


def render_number(output: dict[str, Any], box: Box, palette: Palette) -> str:
    parts: list[str] = []
    has_line = bool(_points(output.get("sparkline")))
    line_room = min(44.0, box.height * 0.4) if has_line and box.height >= 80 else 0.0
    label = _text(output.get("label"))
    value = _text(output.get("text")) or _text(output.get("value")) or "—"
    units = _text(output.get("units"))
    size = max(
        14.0, min(57.6, box.height * 0.42 - line_room * 0.4, box.width / max(len(value), 1) / 0.62)
    )
    y = box.y + (box.height - line_room) / 2 + size * 0.35
    if label:
        parts.append(
            text_node(box.x, box.y + 14, fitted(label, box.width, 14), size=14, fill=palette.muted)
        )
        y = max(y, box.y + 20 + size)
    colour = output.get("color") if isinstance(output.get("color"), str) else None
    parts.append(
        text_node(
            box.x,
            y,
            fitted(value, box.width, size),
            size=size,
            fill=_safe_colour(colour, palette.fg),
            weight="bold",
        )
    )
    if units:
        used = min(box.width, len(value) * size * 0.62)
        parts.append(
            text_node(
                box.x + used + 6,
                y,
                fitted(units, box.width - used - 6, 16),
                size=16,
                fill=palette.muted,
            )
        )
    change = _delta_parts(output.get("delta"), palette)
    if change is not None:
        previous = _text(output.get("previous_text") or output.get("previous"))
        words = change[0] + (f"  from {previous}" if previous else "")
        parts.append(
            text_node(
                box.x,
                y + 22,
                fitted(words, box.width, 13.6),
                size=13.6,
                fill=change[1],
                weight="bold",
            )
        )
    if line_room:
        area = Box(box.x, box.y + box.height - line_room + 4, box.width, line_room - 6)
        parts.append(sparkline(output.get("sparkline"), area, palette.accent))
    return "".join(parts)


def _safe_colour(colour: str | None, fallback: str) -> str:
    """A colour the server's options gave, when it is plainly one (#hex or a name)."""
    if colour and (colour.startswith("#") and len(colour) in (4, 7, 9) or colour.isalpha()):
        return colour
    return fallback


def render_number_group(output: dict[str, Any], box: Box, palette: Palette) -> str:
    items = [i for i in output.get("items") or [] if isinstance(i, dict)]
    if not items:
        return _note("No numbers to show.", box, palette)
    per_row = max(1, min(len(items), int(box.width // 128)))
    rows = math.ceil(len(items) / per_row)
    cell_w = box.width / per_row
    cell_h = box.height / rows
    parts: list[str] = []
    for index, item in enumerate(items):
        x = box.x + (index % per_row) * cell_w
        y = box.y + (index // per_row) * cell_h
        inner = Box(x, y, cell_w - 12, cell_h)
        title = _text(item.get("title"))
        value = _text(item.get("text")) or _text(item.get("value")) or "—"
        top = y + 14
        if title:
            parts.append(
                text_node(x, top, fitted(title, inner.width, 13), size=13, fill=palette.muted)
            )
            top += 6
        size = max(12.0, min(28.8, cell_h * 0.4))
        colour = item.get("color") if isinstance(item.get("color"), str) else None
        parts.append(
            text_node(
                x,
                top + size,
                fitted(value, inner.width, size),
                size=size,
                fill=_safe_colour(colour, palette.fg),
                weight="bold",
            )
        )
        change = _delta_parts(item.get("delta"), palette)
        if change is not None and top + size + 18 < y + cell_h:
            parts.append(
                text_node(x, top + size + 18, change[0], size=12, fill=change[1], weight="bold")
            )
    return "".join(parts)


def render_table(output: dict[str, Any], box: Box, palette: Palette) -> str:
    columns = [c for c in output.get("columns") or [] if isinstance(c, dict)]
    rows = [r for r in output.get("rows") or [] if isinstance(r, list)]
    if not columns:
        return _note("No rows to show.", box, palette)
    row_h = 22.0
    col_w = box.width / len(columns)
    parts = [rect(box.x, box.y, box.width, row_h, fill=palette.bg)]
    for index, column in enumerate(columns):
        x = box.x + index * col_w + 4
        parts.append(
            text_node(
                x,
                box.y + 15,
                fitted(_text(column.get("name")), col_w - 8, 13),
                size=13,
                fill=palette.fg,
                weight="bold",
            )
        )
    room = max(0, int((box.height - row_h) // row_h))
    shown = rows[:room]
    for number, row in enumerate(shown):
        y = box.y + row_h * (number + 1)
        parts.append(line(box.x, y, box.x + box.width, y, stroke=palette.border))
        for index, cell in enumerate(row[: len(columns)]):
            x = box.x + index * col_w + 4
            parts.append(
                text_node(x, y + 15, fitted(_text(cell), col_w - 8, 13), size=13, fill=palette.fg)
            )
    if not rows:
        parts.append(
            text_node(box.x + 4, box.y + row_h + 15, "No rows.", size=13, fill=palette.muted)
        )
    return "".join(parts)


HEADINGS = {"h1": 22.0, "h2": 19.0, "h3": 17.0, "h4": 15.0, "h5": 14.0, "h6": 14.0}
BLOCKS = {"p", "li", "pre", "blockquote", "tr", "hr", *HEADINGS}


def _inline(node: Any) -> str:
    if not isinstance(node, dict):
        return ""
    if isinstance(node.get("text"), str):
        return str(node["text"])
    if node.get("tag") == "img":
        return _text(node.get("alt"))
    return "".join(_inline(child) for child in node.get("children") or [])


def markdown_lines(nodes: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Each block of a markdown node tree as (tag, plain text)."""
    for node in nodes if isinstance(nodes, list) else []:
        if not isinstance(node, dict) or "tag" not in node:
            text = _inline(node).strip()
            if text:
                yield "p", text
            continue
        tag = str(node["tag"])
        if tag in ("ul", "ol", "table", "thead", "tbody", "div"):
            yield from markdown_lines(node.get("children"), "• " if tag in ("ul", "ol") else "")
        elif tag == "pre":
            for line in _inline(node).splitlines():
                yield "pre", line
        elif tag in BLOCKS:
            if tag == "li" and any(
                isinstance(c, dict) and c.get("tag") in ("ul", "ol", "p")
                for c in node.get("children") or []
            ):
                yield from markdown_lines(node.get("children"), prefix)
                continue
            cells = (
                " | ".join(_inline(c).strip() for c in node.get("children") or [])
                if tag == "tr"
                else _inline(node)
            )
            yield tag, prefix + " ".join(cells.split())
        else:
            text = _inline(node).strip()
            if text:
                yield "p", text


def render_markdown(output: dict[str, Any], box: Box, palette: Palette) -> str:
    parts: list[str] = []
    y = box.y
    for tag, text in markdown_lines(output.get("nodes")):
        size = HEADINGS.get(tag, 14.0)
        weight = "bold" if tag in HEADINGS else "normal"
        colour = palette.muted if tag == "blockquote" else palette.fg
        lines = [text] if tag == "pre" else wrapped(text, box.width, size) or [""]
        for shown in lines:
            if y + size * 1.3 > box.y + box.height:
                return "".join(parts)
            y += size * 1.35
            parts.append(
                text_node(
                    box.x, y, fitted(shown, box.width, size), size=size, fill=colour, weight=weight
                )
            )
        y += 4
    return "".join(parts)


def render_timeline(output: dict[str, Any], box: Box, palette: Palette) -> str:
    parts: list[str] = []
    y = box.y
    heading = _text(output.get("title"))
    if heading:
        y += 16
        parts.append(
            text_node(
                box.x, y, fitted(heading, box.width, 14), size=14, fill=palette.fg, weight="bold"
            )
        )
        y += 6
    line_x = box.x + 5
    top = y
    for item in output.get("items") or []:
        if not isinstance(item, dict) or y + 38 > box.y + box.height:
            break
        label = _text(item.get("label"))
        title = _text(item.get("title")) or _text(item.get("text"))
        parts.append(
            f'<circle cx="{num(line_x)}" cy="{num(y + 10)}" r="4" fill={attr(palette.accent)}/>'
        )
        parts.append(
            text_node(
                box.x + 16, y + 14, fitted(label, box.width - 16, 12), size=12, fill=palette.muted
            )
        )
        parts.append(
            text_node(
                box.x + 16, y + 31, fitted(title, box.width - 16, 14), size=14, fill=palette.fg
            )
        )
        y += 40
    if y > top:
        parts.insert(
            0,
            line(line_x, top, line_x, y, stroke=palette.border, width=2),
        )
    else:
        parts.append(_note("Nothing on the timeline.", box, palette))
    return "".join(parts)


def placeholder(label: str, box: Box, palette: Palette) -> str:
    """A dashed box naming what is not drawn in a snapshot."""
    return rect(
        box.x, box.y, box.width, box.height, fill=palette.bg, stroke=palette.border, radius=6
    ) + text_node(
        box.x + box.width / 2,
        box.y + box.height / 2 + 5,
        fitted(label, box.width - 12, 14),
        size=14,
        fill=palette.muted,
        anchor="middle",
    )


def _image_data(url: str) -> str | None:
    """A data: URL worth drawing (a raster picture whose base64 decodes), else None."""
    if not url.startswith(DRAWN_IMAGES) or ";base64," not in url[:40]:
        return None
    body = url.split(",", 1)[1]
    if len(body) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        return None
    try:
        base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return None
    return url


def render_image(
    output: dict[str, Any], box: Box, palette: Palette, images: OwnImages | None = None
) -> str:
    """A data: URL picture, or one of this server's own static pictures (read from its
    folder, never fetched); anything else is a labelled placeholder."""
    url = _text(output.get("url"))
    data = _image_data(url)
    if data is None and images is not None:
        data = images.data_url(url)
    if data is None:
        return placeholder(f"Image: {_text(output.get('alt')) or url}", box, palette)
    return (
        f'<image x="{num(box.x)}" y="{num(box.y)}" width="{num(box.width)}" '
        f'height="{num(box.height)}" preserveAspectRatio="xMidYMid meet" href={attr(data)}/>'
    )


def render_iframe(output: dict[str, Any], box: Box, palette: Palette) -> str:
    return placeholder(f"Embedded page: {_text(output.get('url'))}", box, palette)


def render_html(output: dict[str, Any], box: Box, palette: Palette) -> str:
    return placeholder("HTML content (not drawn in snapshots)", box, palette)


def render_plotly(output: dict[str, Any], box: Box, palette: Palette) -> str:
    return placeholder("Plotly figure (not drawn in snapshots)", box, palette)


def _note(message: str, box: Box, palette: Palette) -> str:
    return text_node(box.x, box.y + 16, fitted(message, box.width, 14), size=14, fill=palette.muted)


def render_error(message: str, box: Box, palette: Palette) -> str:
    """A widget that failed: its error, as the page shows it."""
    parts = []
    y = box.y
    for said in wrapped(message, box.width, 13)[:6]:
        y += 18
        if y > box.y + box.height:
            break
        parts.append(text_node(box.x, y, said, size=13, fill=palette.danger))
    return "".join(parts)


KINDS: dict[str, KindRenderer] = {
    "number": render_number,
    "number-group": render_number_group,
    "table": render_table,
    "markdown": render_markdown,
    "timeline": render_timeline,
    "image": render_image,
    "iframe": render_iframe,
    "html": render_html,
    "plotly": render_plotly,
}
