"""The demo's jsondash gallery: one widget per jsondash chart family, each fed the payload
shape a jsondash endpoint returns for it (flask-jsondash's reference), so the page shows
what an imported jsondash dashboard draws.

Payloads are inline: the gallery needs no route and no network. ``GALLERY`` lists every
family as (jsondash type, title, payload); ``WIDGET_TYPES`` says which gaugeboard type draws
it, as the importer reads it (a test holds it to the catalog's aliases). Like the other demo
data, this module imports nothing of gaugeboard.
"""

from __future__ import annotations

from typing import Any

GALLERY_NAME = "jsondash-gallery"
COLUMNS = 12
WIDTH, HEIGHT = 4, 5

TREE: dict[str, Any] = {
    "name": "gaugeboard",
    "children": [
        {
            "name": "events",
            "children": [
                {"name": "ingest", "size": 38},
                {"name": "query", "size": 52},
                {"name": "seal", "size": 17},
            ],
        },
        {
            "name": "widgets",
            "children": [
                {"name": "charts", "size": 64},
                {"name": "figures", "size": 41},
                {"name": "content", "size": 33},
            ],
        },
        {
            "name": "store",
            "children": [{"name": "models", "size": 29}, {"name": "migrations", "size": 12}],
        },
        {"name": "web", "size": 45},
    ],
}
FLAME: dict[str, Any] = {
    "name": "main",
    "value": 100,
    "children": [
        {
            "name": "serve",
            "value": 70,
            "children": [
                {"name": "render", "value": 40, "children": [{"name": "vega", "value": 25}]},
                {"name": "query", "value": 22},
            ],
        },
        {"name": "seal", "value": 20, "children": [{"name": "parquet", "value": 15}]},
    ],
}
WORDS = [
    {"text": word, "size": size}
    for word, size in (
        ("dashboards", 60),
        ("events", 48),
        ("widgets", 44),
        ("vega", 40),
        ("jsondash", 36),
        ("charts", 30),
        ("notebooks", 28),
        ("status", 24),
        ("datasets", 22),
        ("sparkline", 18),
        ("treemap", 16),
        ("venn", 14),
        ("graph", 14),
        ("timeline", 12),
        ("flask", 12),
        ("python", 10),
        ("duckdb", 10),
        ("parquet", 8),
        ("alerts", 8),
        ("themes", 6),
    )
]
TIMELINE: dict[str, Any] = {
    "title": {"text": {"headline": "Spaceflight firsts", "text": "<p>A TimelineJS3 payload</p>"}},
    "events": [
        {
            "start_date": {"year": 1957, "month": 10, "day": 4},
            "text": {"headline": "Sputnik 1", "text": "<p>The first artificial satellite.</p>"},
            "media": {"url": "https://en.wikipedia.org/wiki/Sputnik_1", "caption": "Sputnik 1"},
        },
        {
            "start_date": {"year": 1961, "month": 4, "day": 12},
            "text": {"headline": "Vostok 1", "text": "<p>Yuri Gagarin orbits the Earth.</p>"},
        },
        {
            "start_date": {"year": 1969, "month": 7, "day": 20},
            "text": {"headline": "Apollo 11", "text": "<p>The first crewed Moon landing.</p>"},
        },
        {
            "start_date": {"year": 1998, "month": 11, "day": 20},
            "text": {"headline": "ISS", "text": "<p>The first module reaches orbit.</p>"},
        },
    ],
}
SIGMA: dict[str, Any] = {
    "nodes": [
        {"id": f"n{i}", "label": label, "size": size, "color": color}
        for i, (label, size, color) in enumerate(
            (
                ("api", 3, "#4c78a8"),
                ("web", 2, "#4c78a8"),
                ("widgets", 3, "#f58518"),
                ("sources", 2, "#f58518"),
                ("store", 3, "#54a24b"),
                ("events", 2, "#54a24b"),
            )
        )
    ],
    "edges": [
        {"id": f"e{i}", "source": source, "target": target}
        for i, (source, target) in enumerate(
            (("n0", "n2"), ("n1", "n2"), ("n2", "n3"), ("n3", "n4"), ("n5", "n4"), ("n0", "n5"))
        )
    ],
}
CYTOSCAPE: dict[str, Any] = {
    "elements": [
        *({"data": {"id": name}} for name in ("a", "b", "c", "d", "e")),
        *(
            {"data": {"id": f"{s}{t}", "source": s, "target": t}}
            for s, t in (("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"))
        ),
    ],
    "style": [{"selector": "node", "style": {"label": "data(id)"}}],
    "layout": {"name": "cose"},
}
DOT = {
    "graph": (
        "digraph deploy {\n  build -> test -> stage -> release;\n  test -> lint;\n"
        "  stage -> smoke -> release;\n}"
    )
}
VENN = [
    {"sets": ["Readers"], "size": 120},
    {"sets": ["Editors"], "size": 60},
    {"sets": ["Admins"], "size": 18},
    {"sets": ["Readers", "Editors"], "size": 35},
    {"sets": ["Readers", "Admins"], "size": 10},
    {"sets": ["Editors", "Admins"], "size": 12},
    {"sets": ["Readers", "Editors", "Admins"], "size": 8},
]
SERIES = {"visits": [30, 200, 100, 400, 150, 250], "signups": [50, 20, 10, 40, 15, 25]}
DATED = {
    "dates": ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01"],
    "visits": [120, 180, 150, 240, 210],
}
VEGA_LITE = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "data": {"values": [{"a": "A", "b": 28}, {"a": "B", "b": 55}, {"a": "C", "b": 43}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "a", "type": "nominal"},
        "y": {"field": "b", "type": "quantitative"},
    },
}
PLOTLY = {
    "data": [{"type": "bar", "x": ["north", "south", "east"], "y": [12, 19, 7]}],
    "layout": {"title": {"text": "Plotly bars"}},
}

# (jsondash type, title, payload): every family of the reference that draws a chart.
GALLERY: list[tuple[str, str, Any]] = [
    ("line", "C3 line", SERIES),
    ("bar", "C3 bar", SERIES),
    ("area", "C3 area", SERIES),
    ("area-spline", "C3 area-spline", SERIES),
    ("spline", "C3 spline", SERIES),
    ("step", "C3 step", SERIES),
    ("scatter", "C3 scatter", SERIES),
    ("timeseries", "C3 timeseries", DATED),
    ("pie", "C3 pie", {"north": 30, "south": 20, "east": 12, "west": 25}),
    ("donut", "C3 donut", {"north": 30, "south": 20, "east": 12, "west": 25}),
    ("gauge", "C3 gauge", {"data": 72}),
    ("treemap", "D3 treemap", TREE),
    ("circlepack", "D3 circle packing", TREE),
    ("dendrogram", "D3 dendrogram", TREE),
    ("radial-dendrogram", "D3 radial dendrogram", TREE),
    (
        "voronoi",
        "D3 voronoi",
        [[12, 40], [30, 75], [55, 20], [70, 60], [85, 35], [40, 50], [20, 15]],
    ),
    ("flamegraph", "Flame graph", FLAME),
    ("wordcloud", "Word cloud", WORDS),
    ("venn", "Venn", VENN),
    ("sigma", "Sigma graph", SIGMA),
    ("cytoscape", "Cytoscape graph", CYTOSCAPE),
    ("graph", "DOT graph", DOT),
    ("timeline", "TimelineJS", TIMELINE),
    ("sparklines-line", "Sparkline line", [5, 6, 7, 9, 9, 5, 3, 2, 2, 4, 6, 7]),
    ("sparklines-bar", "Sparkline bar", [5, 6, 7, 2, 0, 4, 2, 4]),
    ("sparklines-tristate", "Sparkline tristate", [1, 1, 0, 1, -1, -1, 1, -1, 0, 0, 1, 1]),
    ("sparklines-discrete", "Sparkline discrete", [4, 6, 7, 7, 4, 3, 2, 1, 4, 4, 5, 6]),
    ("sparklines-bullet", "Sparkline bullet", [10, 12, 12, 9, 7]),
    ("sparklines-pie", "Sparkline pie", [1, 1, 2]),
    (
        "sparklines-box",
        "Sparkline box",
        [4, 27, 34, 52, 54, 59, 61, 68, 78, 82, 85, 87, 91, 93, 100],
    ),
    ("vega-lite", "Vega-Lite", VEGA_LITE),
    ("plotly-any", "Plotly", PLOTLY),
    (
        "datatable",
        "DataTable",
        [{"region": "north", "sales": 12}, {"region": "south", "sales": 19}],
    ),
    (
        "numbergroup",
        "Number group",
        [{"title": "Visits", "data": 1200}, {"title": "Signups", "data": 87}],
    ),
]
# The gaugeboard type of each jsondash type that is spelled differently.
WIDGET_TYPES = {
    "area-spline": "spline",
    "sigma": "network",
    "cytoscape": "network",
    "graph": "network",
    "sparklines-line": "sparkline",
    "sparklines-bar": "sparkline",
    "sparklines-tristate": "sparkline",
    "sparklines-discrete": "sparkline",
    "sparklines-bullet": "sparkline",
    "sparklines-pie": "pie",
    "sparklines-box": "boxplot",
    "plotly-any": "plotly",
    "datatable": "table",
    "numbergroup": "number-group",
}
# What the sparkline kinds draw with (the importer sets the same).
SPARKLINE_MARKS = {
    "sparklines-bar": "bar",
    "sparklines-tristate": "tristate",
    "sparklines-discrete": "discrete",
    "sparklines-bullet": "bullet",
}


def gallery_widget(index: int, jsondash_type: str, title: str, payload: Any) -> dict[str, Any]:
    """One gallery widget: the family's gaugeboard type fed its jsondash payload inline."""
    widget: dict[str, Any] = {
        "id": jsondash_type,
        "type": WIDGET_TYPES.get(jsondash_type, jsondash_type),
        "title": title,
        "position": {
            "x": (index % (COLUMNS // WIDTH)) * WIDTH,
            "y": (index // (COLUMNS // WIDTH)) * HEIGHT,
            "w": WIDTH,
            "h": HEIGHT,
        },
        "source": {"type": "inline", "data": payload},
    }
    if jsondash_type in SPARKLINE_MARKS:
        widget["options"] = {"mark": SPARKLINE_MARKS[jsondash_type]}
    return widget


def gallery_dashboard() -> dict[str, Any]:
    """Every jsondash family on one page, as it is drawn after an import."""
    return {
        "title": "jsondash gallery",
        "name": GALLERY_NAME,
        "folder": "examples",
        "description": "One widget per jsondash chart family, each fed the payload a jsondash "
        "endpoint returns for it: hierarchies, voronoi, word cloud, venn and network graphs "
        "are drawn with Vega's own layouts, sparklines in each jquery.sparkline kind.",
        "widgets": [
            gallery_widget(index, kind, title, payload)
            for index, (kind, title, payload) in enumerate(GALLERY)
        ],
    }
