"""Every jsondash family drawn as itself in a real browser: the demo's jsondash gallery
opened once by a viewer, then each family's marks checked (treemap cells nested by depth,
word cloud words, force-graph nodes and edges, venn overlaps, a sideways timeline…)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from gaugeboard.demo_gallery import gallery_dashboard
from tests.browser.module_server import module_server
from tests.browser.signing_in import sign_in
from tests.conftest import DEFAULT_PASSWORD, state
from tests.live_server import call_api

pytestmark = pytest.mark.browser

DRAWN = "() => !document.querySelector('.gb-widget[data-state=loading]')"


@pytest.fixture(scope="module")
def gallery_page(backend: str, request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """The gallery, seeded as the demo seeds it, opened once by a viewer."""
    secrets: list[str] = []

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            secrets.append(create_token(session, "ed", "browser test", 0)[1])
            session.commit()

    with module_server(request, backend, seed) as base_url:
        document = {**gallery_dashboard(), "folder": "team"}
        call_api(base_url, secrets[0], "POST", "/api/dashboard", document)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, base_url, "ann", f"/dashboards/team/{document['name']}")
        page.wait_for_function(DRAWN, timeout=60_000)
        page.gb_errors = errors
        yield page
        context.close()


def marks(page: Any, widget_id: str, selector: str) -> Any:
    return page.locator(f"#widget-{widget_id} {selector}")


def labelled(page: Any, widget_id: str, prefix: str) -> Any:
    return marks(page, widget_id, f'[aria-label^="{prefix}"]')


def test_every_family_draws_without_an_error(gallery_page: Any) -> None:
    failed = gallery_page.locator(".gb-widget[data-state=error]")
    assert failed.count() == 0, failed.all_inner_texts()
    assert gallery_page.gb_errors == []


def test_figures_are_drawn_by_vega(gallery_page: Any) -> None:
    for name in ("treemap", "circlepack", "dendrogram", "voronoi", "wordcloud", "venn", "graph"):
        assert gallery_page.locator(f"#widget-{name}").get_attribute("data-kind") == "vega"


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def test_treemap_cells_are_nested_by_depth(gallery_page: Any) -> None:
    parents = labelled(gallery_page, "treemap", "depth 1: gaugeboard / events")
    children = labelled(gallery_page, "treemap", "depth 2: gaugeboard / events /")
    assert (parents.count(), children.count()) == (1, 3)
    outer = parents.bounding_box()
    assert all(_inside(child.bounding_box(), outer) for child in children.all())


def test_treemap_fills_its_widget(gallery_page: Any) -> None:
    svg = marks(gallery_page, "treemap", "svg").bounding_box()
    canvas = marks(gallery_page, "treemap", ".gb-canvas").bounding_box()
    assert svg["width"] >= canvas["width"] - 2 and svg["width"] > 300


def test_circle_packing_draws_a_circle_per_node(gallery_page: Any) -> None:
    assert labelled(gallery_page, "circlepack", "depth ").count() == 13


def test_dendrograms_draw_nodes_and_links(gallery_page: Any) -> None:
    for name in ("dendrogram", "radial-dendrogram"):
        assert labelled(gallery_page, name, "depth ").count() == 13
        assert marks(gallery_page, name, ".role-mark.links path").count() == 12


def test_flame_graph_stacks_frames_on_their_callers(gallery_page: Any) -> None:
    frames = labelled(gallery_page, "flamegraph", "depth ")
    boxes = {frame.get_attribute("aria-label"): frame.bounding_box() for frame in frames.all()}
    caller = boxes["depth 1: main / serve"]
    callee = boxes["depth 2: main / serve / render"]
    assert callee["y"] + callee["height"] / 2 < caller["y"] + caller["height"] / 2
    assert caller["x"] <= callee["x"] and callee["width"] < caller["width"]


def test_voronoi_draws_a_cell_per_point(gallery_page: Any) -> None:
    assert labelled(gallery_page, "voronoi", "cell of ").count() == 7


def test_word_cloud_draws_words(gallery_page: Any) -> None:
    words = marks(gallery_page, "wordcloud", ".role-mark.words text")
    assert words.count() >= 10
    assert "dashboards" in words.all_text_contents()


def test_venn_labels_its_sets_and_overlaps(gallery_page: Any) -> None:
    assert marks(gallery_page, "venn", '.role-mark.circles [aria-label^="set "]').count() == 3
    overlaps = labelled(gallery_page, "venn", "overlap ")
    assert overlaps.count() == 4
    assert "35" in overlaps.all_text_contents()


@pytest.mark.parametrize(
    ("name", "nodes", "edges"), [("sigma", 6, 6), ("cytoscape", 5, 5), ("graph", 6, 6)]
)
def test_force_graphs_draw_nodes_and_edges(
    gallery_page: Any, name: str, nodes: int, edges: int
) -> None:
    assert labelled(gallery_page, name, "node ").count() == nodes
    assert marks(gallery_page, name, ".role-mark.edges path").count() == edges


def test_timeline_is_a_sideways_strip_of_cards(gallery_page: Any) -> None:
    cards = marks(gallery_page, "timeline", ".gb-timeline-item")
    assert cards.count() == 4
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert second["x"] > first["x"] and abs(second["y"] - first["y"]) < 2
    assert marks(gallery_page, "timeline", ".gb-timeline-media a").count() == 1


def test_sparkline_kinds_draw(gallery_page: Any) -> None:
    for name in ("sparklines-tristate", "sparklines-discrete", "sparklines-bullet"):
        assert gallery_page.locator(f"#widget-{name}").get_attribute("data-kind") == "vega-lite"
        assert marks(gallery_page, name, "svg .role-mark path").count() >= 3


def test_plotly_any_is_drawn_by_plotly(gallery_page: Any) -> None:
    assert marks(gallery_page, "plotly-any", ".main-svg").count() >= 1
