"""The demo's jsondash gallery: every chart family, each drawn from its jsondash payload."""

from __future__ import annotations

from gaugeboard.dashboards.jsondash_import import convert_jsondash
from gaugeboard.dashboards.validation import parse_document
from gaugeboard.demo import demo_documents
from gaugeboard.demo_gallery import GALLERY, GALLERY_NAME, WIDGET_TYPES, gallery_dashboard
from gaugeboard.widgets.catalog import JSONDASH_ALIASES, REFUSED_TYPES
from gaugeboard.widgets.render import render_widget
from gaugeboard.widgets.request import WidgetRequest

# jsondash types that show pages, pictures or numbers rather than a chart.
NOT_CHARTS = {"iframe", "youtube", "custom", "image", "number"}


def test_the_gallery_is_a_valid_demo_document() -> None:
    parse_document(gallery_dashboard())
    assert GALLERY_NAME in {document["name"] for document in demo_documents()}


def test_the_gallery_shows_every_chart_family() -> None:
    shown = {kind for kind, _, _ in GALLERY}
    families = (
        set(JSONDASH_ALIASES) | {"line", "bar", "treemap", "timeline", "vega-lite"}
    ) - NOT_CHARTS
    assert families <= shown


def test_the_gallery_types_are_the_importer_types() -> None:
    for kind, _, _ in GALLERY:
        assert WIDGET_TYPES.get(kind, kind) == JSONDASH_ALIASES.get(kind, kind)


def test_no_jsondash_family_is_refused() -> None:
    assert REFUSED_TYPES == {}


def test_every_gallery_widget_draws() -> None:
    for widget in gallery_dashboard()["widgets"]:
        request = WidgetRequest(
            id=widget["id"], type=widget["type"], options=widget.get("options", {})
        )
        assert render_widget(request, widget["source"]["data"])["kind"]


def test_an_imported_tristate_sparkline_draws_as_tristate() -> None:
    module = {
        "name": "s",
        "type": "sparklines-tristate",
        "family": "Sparklines",
        "width": 300,
        "height": 200,
        "dataSource": "https://example.com/s.json",
    }
    document = convert_jsondash({"name": "d", "layout": "freeform", "modules": [module]})
    assert document["widgets"][0]["options"] == {"mark": "tristate"}
