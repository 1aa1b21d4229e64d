"""Where each cell goes: the notebook's own Jupyter Dashboards view, or a report in order.

A notebook laid out with jupyter_dashboards (``metadata.extensions.jupyter_dashboards``,
version 1) names its active view; a ``grid`` view places each cell at ``col``/``row`` with
``width``/``height`` in its own units (``maxColumns`` columns of ``cellHeight`` pixels plus
``cellMargin``), which are scaled onto the page's 12 columns of 60-pixel rows, and hides
cells marked ``hidden``. A ``report`` view (or no view) shows the cells in order, full
width. Cell tags decide the rest: ``hide`` (or ``remove-cell``) hides a cell,
``full-width`` widens it, ``show-code`` shows its code, ``hide-output`` its outputs; the
same flags may be written in the cell's ``metadata.gaugeboard``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

GRID_COLUMNS = 12
# The page's grid row (60 px) plus the gap between rows (0.8rem).
PAGE_ROW_PIXELS = 73.0
DEFAULT_CELL_HEIGHT = 20
DEFAULT_CELL_MARGIN = 10
REPORT = "report"
GRID = "grid"

HIDE_TAGS = frozenset({"hide", "hidden", "hide-cell", "remove-cell", "remove_cell"})
FULL_WIDTH_TAGS = frozenset({"full-width", "full_width", "fullwidth"})
SHOW_CODE_TAGS = frozenset({"show-code", "show-input", "show_code", "show_input"})
HIDE_OUTPUT_TAGS = frozenset({"hide-output", "remove-output", "remove_output"})
_FLAG_TAGS = {
    "hidden": HIDE_TAGS,
    "full_width": FULL_WIDTH_TAGS,
    "show_code": SHOW_CODE_TAGS,
    "hide_output": HIDE_OUTPUT_TAGS,
}


@dataclass(frozen=True)
class View:
    """The active layout: its name in the cells' metadata, its type and grid units."""

    name: str | None = None
    type: str = REPORT
    max_columns: int = GRID_COLUMNS
    row_pixels: float = DEFAULT_CELL_HEIGHT + DEFAULT_CELL_MARGIN


@dataclass(frozen=True)
class Box:
    """A place on the page's grid, in its columns and rows."""

    x: int
    y: int
    w: int
    h: int


def _dashboards(metadata: Any) -> Mapping[str, Any]:
    extensions = metadata.get("extensions") if isinstance(metadata, dict) else None
    found = extensions.get("jupyter_dashboards") if isinstance(extensions, dict) else None
    return found if isinstance(found, dict) else {}


def _whole(value: Any, default: int, least: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return default
    return max(least, int(value))


def active_view(notebook: Mapping[str, Any]) -> View:
    """The notebook's active Jupyter Dashboards view, or a report when it has none."""
    settings = _dashboards(notebook.get("metadata"))
    views = settings.get("views")
    name = settings.get("activeView")
    if not isinstance(views, dict) or not isinstance(name, str):
        return View()
    view = views.get(name)
    if not isinstance(view, dict) or view.get("type") != GRID:
        return View(name=name if isinstance(view, dict) else None)
    height = _whole(view.get("cellHeight"), DEFAULT_CELL_HEIGHT, 1)
    margin = _whole(view.get("cellMargin"), DEFAULT_CELL_MARGIN, 0)
    columns = _whole(view.get("maxColumns"), GRID_COLUMNS, 1)
    return View(name=name, type=GRID, max_columns=columns, row_pixels=float(height + margin))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def cell_flags(cell: Mapping[str, Any]) -> frozenset[str]:
    """The cell's flags (``hidden``, ``full_width``, ``show_code``, ``hide_output``) from
    its tags and ``metadata.gaugeboard``."""
    metadata = _mapping(cell.get("metadata"))
    tags = metadata.get("tags")
    lowered = (
        {tag.lower() for tag in tags if isinstance(tag, str)} if isinstance(tags, list) else set()
    )
    own = _mapping(metadata.get("gaugeboard"))
    return frozenset(
        flag for flag, names in _FLAG_TAGS.items() if lowered & names or own.get(flag) is True
    )


def _cell_view(cell: Mapping[str, Any], view: View) -> Mapping[str, Any] | None:
    views = _dashboards(cell.get("metadata")).get("views")
    found = views.get(view.name) if isinstance(views, dict) and view.name else None
    return found if isinstance(found, dict) else None


def hidden_in_view(cell: Mapping[str, Any], view: View) -> bool:
    """Whether the active view hides the cell (its ``hidden`` flag)."""
    found = _cell_view(cell, view)
    return found is not None and found.get("hidden") is True


def grid_box(cell: Mapping[str, Any], view: View, full_width: bool) -> Box | None:
    """The cell's place on the page in a grid view; None when the view does not place it."""
    found = _cell_view(cell, view)
    if view.type != GRID or found is None or "width" not in found or "height" not in found:
        return None
    scale = GRID_COLUMNS / view.max_columns
    rows = view.row_pixels / PAGE_ROW_PIXELS
    x = min(GRID_COLUMNS - 1, round(_whole(found.get("col"), 0) * scale))
    w = min(GRID_COLUMNS - x, max(1, round(_whole(found.get("width"), 1, 1) * scale)))
    if full_width:
        x, w = 0, GRID_COLUMNS
    # Both edges are scaled, so cells that only touch in the notebook only touch here.
    top = _whole(found.get("row"), 0)
    y = round(top * rows)
    h = max(1, round((top + _whole(found.get("height"), 1, 1)) * rows) - y)
    return Box(x, y, w, h)
