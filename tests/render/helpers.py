"""Dashboards of every widget kind for the snapshot tests, and reading their images."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image


def bars_spec(values: list[int], width: int = 120, height: int = 80) -> dict[str, object]:
    """A bar chart spec with its rows inline."""
    return {
        "data": {"values": [{"k": str(i), "v": v} for i, v in enumerate(values)]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "k", "type": "nominal"},
            "y": {"field": "v", "type": "quantitative"},
        },
        "width": width,
        "height": height,
    }


def bar(widget_id: str, x: int, y: int, colour: str, values: list[int]) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": "vega-lite",
        "title": f"Chart {widget_id}",
        "position": {"x": x, "y": y, "w": 6, "h": 4},
        "source": {"type": "inline", "data": [{"k": str(i), "v": v} for i, v in enumerate(values)]},
        "spec": {
            "mark": {"type": "bar", "color": colour},
            "encoding": {
                "x": {"field": "k", "type": "nominal"},
                "y": {"field": "v", "type": "quantitative"},
            },
        },
    }


def every_kind() -> list[dict[str, Any]]:
    """One widget of each kind a snapshot draws (and a placeholder and a failing one)."""
    inline = {"type": "inline"}
    return [
        bar("chart", 0, 0, "#d62728", [3, 7, 2, 9]),
        {
            "id": "kpi",
            "type": "number",
            "title": "Signups",
            "position": {"x": 6, "y": 0, "w": 3, "h": 2},
            "options": {"field": "v", "aggregate": "sum", "sparkline": True},
            "source": {**inline, "data": [{"v": 400}, {"v": 100}, {"v": 734}]},
        },
        {
            "id": "group",
            "type": "number-group",
            "title": "Group",
            "position": {"x": 9, "y": 0, "w": 3, "h": 2},
            "source": {**inline, "data": [{"title": "a", "data": 1}, {"title": "b", "data": 2}]},
        },
        {
            "id": "rows",
            "type": "table",
            "title": "Rows",
            "position": {"x": 6, "y": 2, "w": 6, "h": 2},
            "source": {**inline, "data": [{"name": "north", "n": 3}, {"name": "south", "n": 4}]},
        },
        {
            "id": "notes",
            "type": "markdown",
            "title": "Notes",
            "position": {"x": 0, "y": 4, "w": 4, "h": 2},
            "source": {**inline, "data": "# Heading\n\n<script>alert(1)</script> **bold**"},
        },
        {
            "id": "events",
            "type": "timeline",
            "title": "Events",
            "position": {"x": 4, "y": 4, "w": 4, "h": 2},
            "source": {
                **inline,
                "data": [{"time": "2026-01-02T00:00:00Z", "title": "Launch"}],
            },
        },
        {
            "id": "page",
            "type": "iframe",
            "title": "Elsewhere",
            "position": {"x": 8, "y": 4, "w": 4, "h": 2},
            "options": {"url": "https://example.com/"},
        },
    ]


def image_of(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB")


def colours_in(image: Image.Image, box: tuple[int, int, int, int]) -> set[tuple[int, int, int]]:
    """The distinct colours of a region (left, top, right, bottom)."""
    found = image.crop(box).getcolors(maxcolors=1 << 24) or []
    return {colour for _count, colour in found}


# The favicon's blue, and the content of the one grid widget at (0, 0, 6 × 4) of a 1200 px
# image: where a picture widget's pixels land.
FAVICON_BLUE = (0x24, 0x57, 0xC5)
IMAGE_AREA = (40, 110, 560, 320)


def share_of(image: Image.Image, colour: tuple[int, int, int]) -> float:
    """The part of the picture widget's area painted exactly ``colour``."""
    area = image.crop(IMAGE_AREA)
    found = dict((c, n) for n, c in area.getcolors(maxcolors=1 << 24) or [])
    return found.get(colour, 0) / (area.width * area.height)
