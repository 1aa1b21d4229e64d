"""The snapshot's layout is the page's: grid cells of a 12-column grid (an overlapping
widget flows into the first free place), freeform pixels shrunk to fit the image."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.dashboards.document import Widget
from gaugeboard.render.layout import COLUMNS, grid_cells, layout_of


def widget(widget_id: str, **position: Any) -> Widget:
    return Widget.model_validate({"id": widget_id, "type": "markdown", "position": position})


def test_grid_keeps_free_positions() -> None:
    cells = grid_cells([widget("a", x=0, y=0, w=6, h=4), widget("b", x=6, y=0, w=6, h=2)])
    assert cells == {"a": (0, 0, 6, 4), "b": (6, 0, 6, 2)}


def test_overlapping_widget_flows_into_the_first_free_place() -> None:
    widgets = [widget("a", x=0, y=0, w=6, h=4), widget("b", x=0, y=0, w=6, h=2)]
    assert grid_cells(widgets)["b"] == (6, 0, 6, 2)


def test_too_wide_widget_is_cut_to_the_grid() -> None:
    assert grid_cells([widget("a", x=9, y=0, w=20, h=1)])["a"] == (0, 0, COLUMNS, 1)


def test_grid_boxes_share_the_width_and_stack_rows() -> None:
    layout = layout_of("grid", [widget("a", w=6, h=4), widget("b", x=6, w=6, h=4)], 1200)
    a, b = layout.boxes["a"], layout.boxes["b"]
    assert a.y == b.y and a.width == b.width and b.x > a.x + a.width
    assert layout.height > a.y + a.height


def test_freeform_is_shrunk_to_the_image() -> None:
    layout = layout_of("freeform", [widget("a", x=0, y=0, w=2400, h=300)], 1200)
    box = layout.boxes["a"]
    assert (box.width, box.height) == (pytest.approx(1168), pytest.approx(300 * 1168 / 2400))
