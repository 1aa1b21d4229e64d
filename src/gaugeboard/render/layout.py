"""Where each widget goes on the snapshot, as the page lays it out (dashboard-layout.js and
gaugeboard.css): grid positions in columns and 60 px rows of a 12-column grid (a widget
overlapping an earlier one flows into the first free place, as CSS's dense auto-flow puts
it); freeform positions in pixels, shrunk as a whole when wider than the image."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gaugeboard.dashboards.document import Widget

COLUMNS = 12
ROW_HEIGHT = 60.0
GAP = 12.8  # 0.8rem
PADDING = 16.0
HEADER = 44.0  # the dashboard's title line


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    height: float


def _fits(taken: set[tuple[int, int]], x: int, y: int, w: int, h: int) -> bool:
    return all((row, col) not in taken for row in range(y, y + h) for col in range(x, x + w))


def _take(taken: set[tuple[int, int]], x: int, y: int, w: int, h: int) -> None:
    taken.update((row, col) for row in range(y, y + h) for col in range(x, x + w))


def _first_free(taken: set[tuple[int, int]], w: int, h: int) -> tuple[int, int]:
    row = 0
    while True:
        for col in range(COLUMNS - w + 1):
            if _fits(taken, col, row, w, h):
                return col, row
        row += 1


def grid_cells(widgets: Sequence[Widget]) -> dict[str, tuple[int, int, int, int]]:
    """Each widget's column, row, width and height in grid cells."""
    taken: set[tuple[int, int]] = set()
    cells: dict[str, tuple[int, int, int, int]] = {}
    flowing: list[tuple[str, int, int]] = []
    for widget in widgets:
        p = widget.position
        w = min(p.w, COLUMNS)
        x = min(p.x, COLUMNS - w)
        if _fits(taken, x, p.y, w, p.h):
            _take(taken, x, p.y, w, p.h)
            cells[widget.id] = (x, p.y, w, p.h)
        else:
            flowing.append((widget.id, w, p.h))
    for wid, w, h in flowing:
        x, y = _first_free(taken, w, h)
        _take(taken, x, y, w, h)
        cells[wid] = (x, y, w, h)
    return cells


def grid_layout(widgets: Sequence[Widget], width: float) -> Layout:
    column = (width - 2 * PADDING - (COLUMNS - 1) * GAP) / COLUMNS
    boxes: dict[str, Box] = {}
    bottom = 0.0
    for wid, (x, y, w, h) in grid_cells(widgets).items():
        box = Box(
            x=PADDING + x * (column + GAP),
            y=PADDING + HEADER + y * (ROW_HEIGHT + GAP),
            width=w * column + (w - 1) * GAP,
            height=h * ROW_HEIGHT + (h - 1) * GAP,
        )
        boxes[wid] = box
        bottom = max(bottom, box.y + box.height)
    return Layout(boxes, (bottom if boxes else PADDING + HEADER) + PADDING)


def freeform_layout(widgets: Sequence[Widget], width: float) -> Layout:
    right = max((w.position.x + w.position.w for w in widgets), default=0)
    shrink = min(1.0, (width - 2 * PADDING) / right) if right else 1.0
    boxes = {
        w.id: Box(
            x=PADDING + w.position.x * shrink,
            y=PADDING + HEADER + w.position.y * shrink,
            width=w.position.w * shrink,
            height=w.position.h * shrink,
        )
        for w in widgets
    }
    bottom = max((b.y + b.height for b in boxes.values()), default=PADDING + HEADER)
    return Layout(boxes, bottom + PADDING)


def layout_of(layout: str, widgets: Sequence[Widget], width: float) -> Layout:
    """The boxes of ``widgets`` on an image ``width`` pixels wide, and its height."""
    if layout == "freeform":
        return freeform_layout(widgets, width)
    return grid_layout(widgets, width)
