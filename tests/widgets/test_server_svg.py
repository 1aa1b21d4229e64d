"""Every jsondash family drawn on the server through vl-convert (the gallery's widgets)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gaugeboard.demo_gallery import gallery_dashboard
from gaugeboard.widgets.render import render_widget
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest
from gaugeboard.widgets.server_svg import PLOTLY_NOTE, server_svg, word_rows

WIDGETS = {widget["id"]: widget for widget in gallery_dashboard()["widgets"]}
CHARTS = [name for name in WIDGETS if name not in ("timeline", "datatable", "numbergroup")]


def drawable(name: str) -> dict[str, Any]:
    widget = WIDGETS[name]
    request = WidgetRequest(id=name, type=widget["type"], options=widget.get("options", {}))
    return render_widget(request, widget["source"]["data"])


def labels(svg: str) -> list[str]:
    return re.findall(r'aria-label="([^"]*)"', svg)


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_family_draws_an_svg(name: str) -> None:
    svg = server_svg(drawable(name))
    assert svg.startswith("<svg")
    assert ("<path" in svg or "<rect" in svg or "<text" in svg) and "NaN" not in svg


def test_treemap_cells_are_nested_by_depth_on_the_server() -> None:
    found = labels(server_svg(drawable("treemap")))
    assert "depth 1: gaugeboard / events" in found
    assert "depth 2: gaugeboard / events / ingest" in found


def test_word_cloud_is_laid_out_on_the_server() -> None:
    svg = server_svg(drawable("wordcloud"))
    assert ">dashboards</text>" in svg


def test_server_word_layout_keeps_inside_the_image() -> None:
    words = [{"text": "w" * (i % 7 + 1), "size": 100 - i} for i in range(200)]
    placed = word_rows(words, 300, 120)
    assert 0 < len(placed) < 200
    assert all(0 <= w["x"] <= 300 and w["y"] <= 120 for w in placed)


def test_network_nodes_and_edges_are_drawn_on_the_server() -> None:
    svg = server_svg(drawable("graph"))
    assert len([label for label in labels(svg) if label.startswith("node ")]) == 6
    assert "role-mark edges" in svg


def test_venn_intersections_are_labelled_on_the_server() -> None:
    found = labels(server_svg(drawable("venn")))
    assert "overlap Editors ∩ Readers: 35" in found
    assert "overlap Admins ∩ Editors ∩ Readers: 8" in found


def test_plotly_is_a_labelled_placeholder() -> None:
    assert PLOTLY_NOTE in server_svg(drawable("plotly-any"))


def test_content_kinds_are_not_drawn_as_images() -> None:
    with pytest.raises(WidgetDataError, match="drawn by the page"):
        server_svg(drawable("datatable"))


def test_the_server_size_is_the_one_asked_for() -> None:
    svg = server_svg(drawable("circlepack"), 300, 200)
    assert 'width="308"' in svg and 'height="208"' in svg
