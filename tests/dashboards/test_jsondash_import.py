from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.dashboards.jsondash_import import convert_jsondash, is_jsondash, slugify
from gaugeboard.dashboards.validation import parse_document
from gaugeboard.errors import ValidationFailed

DASHBOARD_ID = "a16401b0-1c4e-11e6-b9a3-a0999b0aebbf"
YOUTUBE_EMBED = (
    '<iframe width="650" height="366" src="https://www.youtube.com/embed/abc?list=x&amp;'
    'controls=0" frameborder="0" allowfullscreen></iframe>'
)

# Every jsondash family and type of its reference (section 2a.4) that gaugeboard draws,
# with the gaugeboard type it becomes.
FAMILY_TYPES = [
    ("C3", "line", "line"),
    ("C3", "bar", "bar"),
    ("C3", "step", "step"),
    ("C3", "area", "area"),
    ("C3", "spline", "spline"),
    ("C3", "scatter", "scatter"),
    ("C3", "area-spline", "spline"),
    ("C3", "timeseries", "timeseries"),
    ("C3", "pie", "pie"),
    ("C3", "donut", "donut"),
    ("C3", "gauge", "gauge"),
    ("D3", "dendrogram", "dendrogram"),
    ("D3", "radial-dendrogram", "radial-dendrogram"),
    ("D3", "treemap", "treemap"),
    ("D3", "circlepack", "circlepack"),
    ("D3", "voronoi", "voronoi"),
    ("FlameGraph", "flamegraph", "flamegraph"),
    ("WordCloud", "wordcloud", "wordcloud"),
    ("Basic", "number", "number"),
    ("Basic", "numbergroup", "number-group"),
    ("Basic", "iframe", "iframe"),
    ("Basic", "image", "image"),
    ("Basic", "custom", "html"),
    ("Basic", "youtube", "iframe"),
    ("Vega", "vega-lite", "vega-lite"),
    ("DataTable", "datatable", "table"),
    ("Timeline", "timeline", "timeline"),
    ("Venn", "venn", "venn"),
    ("SigmaJS", "sigma", "network"),
    ("Cytoscape", "cytoscape", "network"),
    ("Graph", "graph", "network"),
    ("Sparklines", "sparklines-line", "sparkline"),
    ("Sparklines", "sparklines-bar", "sparkline"),
    ("Sparklines", "sparklines-tristate", "sparkline"),
    ("Sparklines", "sparklines-discrete", "sparkline"),
    ("Sparklines", "sparklines-bullet", "sparkline"),
    ("Sparklines", "sparklines-pie", "pie"),
    ("Sparklines", "sparklines-box", "boxplot"),
    ("PlotlyStandard", "plotly-any", "plotly"),
]


def data_source(family: str, jsondash_type: str) -> str:
    if jsondash_type == "youtube":
        return YOUTUBE_EMBED
    if jsondash_type in ("iframe", "image"):
        return f"https://example.com/{jsondash_type}"
    return f"http://127.0.0.1:5004/{family.lower()}/{jsondash_type}"


def module(index: int = 0, **overrides: Any) -> dict[str, Any]:
    """A grid module as jsondash's edit form saves it."""
    result: dict[str, Any] = {
        "name": f"Chart {index}",
        "guid": f"0ea095dd-463e-856b-9a88-d5fa99d842{index:02d}",
        "family": "C3",
        "type": "line",
        "width": "col-6",
        "height": 400,
        "dataSource": "http://127.0.0.1:5004/line",
        "override": False,
        "refresh": False,
        "refreshInterval": None,
        "order": index,
        "row": 1,
    }
    result.update(overrides)
    return result


def dashboard(*modules: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "name": "Kitchen Sink Demo",
        "id": DASHBOARD_ID,
        "date": "2017-05-15 21:25:18.949961",
        "layout": "grid",
        "created_by": "anna",
        "modules": list(modules) or [module()],
    }
    result.update(overrides)
    return result


def free_module(index: int = 0, **overrides: Any) -> dict[str, Any]:
    """A freeform module: pixel sizes, no row."""
    result = module(index, **{"width": 500, "height": 400, **overrides})
    del result["row"]
    return result


def every_family(layout: str) -> dict[str, Any]:
    """One module of every type, two to a grid row, or packed freeform."""
    make = module if layout == "grid" else free_module
    modules = [
        make(index, family=family, type=kind, dataSource=data_source(family, kind))
        for index, (family, kind, _) in enumerate(FAMILY_TYPES)
    ]
    if layout == "grid":
        for index, item in enumerate(modules):
            item["row"] = index // 2 + 1
    return dashboard(*modules, layout=layout)


def converted_widget(**overrides: Any) -> dict[str, Any]:
    widget: dict[str, Any] = convert_jsondash(dashboard(module(**overrides)))["widgets"][0]
    return widget


def problems(raw: Any) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        convert_jsondash(raw)
    return caught.value.errors


@pytest.mark.parametrize(("family", "jsondash_type", "expected"), FAMILY_TYPES)
def test_every_family_and_type_converts_to_a_valid_widget(
    family: str, jsondash_type: str, expected: str
) -> None:
    source = data_source(family, jsondash_type)
    raw = dashboard(module(family=family, type=jsondash_type, dataSource=source))
    assert parse_document(convert_jsondash(raw)).widgets[0].type == expected


@pytest.mark.parametrize("layout", ["grid", "freeform"])
def test_a_dashboard_of_every_family_is_a_valid_document(layout: str) -> None:
    document = parse_document(convert_jsondash(every_family(layout)))
    assert len(document.widgets) == len(FAMILY_TYPES)


def test_data_family_reads_its_data_source_url() -> None:
    widget = converted_widget(dataSource="http://127.0.0.1:5004/bar?x=1")
    assert widget["source"] == {"type": "url", "url": "http://127.0.0.1:5004/bar?x=1"}


@pytest.mark.parametrize("jsondash_type", ["iframe", "image"])
def test_iframe_and_image_data_source_is_the_url_option(jsondash_type: str) -> None:
    widget = converted_widget(family="Basic", type=jsondash_type, dataSource="https://x.org/a")
    assert (widget["options"], "source" in widget) == ({"url": "https://x.org/a"}, False)


def test_youtube_embed_code_gives_the_iframe_source_decoded() -> None:
    widget = converted_widget(family="Basic", type="youtube", dataSource=YOUTUBE_EMBED)
    assert widget["options"]["url"] == "https://www.youtube.com/embed/abc?list=x&controls=0"


def test_youtube_embed_code_is_kept_under_jsondash() -> None:
    widget = converted_widget(family="Basic", type="youtube", dataSource=YOUTUBE_EMBED)
    assert widget["jsondash"]["dataSource"] == YOUTUBE_EMBED


def test_youtube_protocol_relative_source_becomes_https() -> None:
    embed = '<iframe src="//www.youtube.com/embed/abc"></iframe>'
    widget = converted_widget(family="Basic", type="youtube", dataSource=embed)
    assert widget["options"]["url"] == "https://www.youtube.com/embed/abc"


def reason_of(widget: dict[str, Any]) -> tuple[str, str]:
    return widget["type"], widget["options"]["reason"]


def test_youtube_embed_code_without_a_source_fails_alone() -> None:
    widget = converted_widget(family="Basic", type="youtube", dataSource="<p>no video</p>")
    assert reason_of(widget) == (
        "unsupported",
        'modules[0].dataSource: no <iframe src="…"> in the YouTube embed code',
    )


def test_custom_html_keeps_a_url_source() -> None:
    widget = converted_widget(family="Basic", type="custom", dataSource="http://h/custom")
    assert (widget["type"], widget["source"]["url"]) == ("html", "http://h/custom")


def test_unknown_type_fails_alone_and_the_other_modules_still_convert() -> None:
    document = parse_document(convert_jsondash(dashboard(module(0), module(1, type="sunburst"))))
    assert [widget.type for widget in document.widgets] == ["line", "unsupported"]


def test_unknown_type_names_the_module_and_the_supported_types() -> None:
    kind, reason = reason_of(converted_widget(type="sunburst"))
    assert reason.startswith("modules[0].type: unknown type 'sunburst'; supported types: line")
    assert "network" in reason


def test_unsupported_widget_keeps_the_module_to_rebuild_it() -> None:
    widget = converted_widget(type="sunburst", dataSource="http://h/sun")
    assert (widget["jsondash"]["type"], widget["jsondash"]["dataSource"]) == (
        "sunburst",
        "http://h/sun",
    )


def test_module_without_type_is_refused() -> None:
    assert problems(dashboard(module(type=None))) == ["modules[0].type: required"]


def test_every_problem_is_reported_at_once() -> None:
    raw = dashboard(module(0, type=None), module(1, width="wide", row=0), name="")
    assert len(problems(raw)) == 4


def test_non_object_document_is_refused() -> None:
    assert problems([1]) == ["(document): must be a JSON object"]


def test_modules_must_be_a_list() -> None:
    assert problems(dashboard(modules={"a": 1})) == ["modules: must be a list of modules"]


def test_module_must_be_an_object() -> None:
    assert problems(dashboard(modules=[module(), "chart"])) == ["modules[1]: must be an object"]


def test_modules_after_a_bad_one_keep_their_index() -> None:
    assert problems(dashboard(modules=[1, module(type=None)])) == [
        "modules[0]: must be an object",
        "modules[1].type: required",
    ]


def test_dashboard_without_a_name_is_refused() -> None:
    assert problems(dashboard(name=" ")) == ["name: required (the dashboard's title)"]


def test_invalid_layout_is_refused() -> None:
    assert problems(dashboard(layout="masonry")) == [
        "layout: must be 'grid' or 'freeform', not 'masonry'"
    ]


def positions(raw: dict[str, Any]) -> list[tuple[int, int, int, int]]:
    widgets = convert_jsondash(raw)["widgets"]
    return [tuple(widget["position"][key] for key in "xywh") for widget in widgets]


def test_grid_rows_stack_in_row_order_each_below_the_taller_widget() -> None:
    raw = dashboard(
        module(0, row=2, height=100),
        module(1, row=1, height=400, width="col-6"),
        module(2, row=1, height=200, width="col-6"),
    )
    assert positions(raw) == [(0, 7, 6, 2), (0, 0, 6, 7), (6, 0, 6, 4)]


def test_grid_widgets_of_a_row_go_left_to_right_by_order() -> None:
    raw = dashboard(module(0, order=2, width="col-4"), module(1, order=1, width="col-8"))
    assert [position[0] for position in positions(raw)] == [8, 0]


def test_grid_missing_order_sorts_first() -> None:
    raw = dashboard(module(0, order=1, width="col-4"), module(1, order=None, width="col-4"))
    assert [position[0] for position in positions(raw)] == [4, 0]


def test_grid_row_wider_than_twelve_columns_wraps_below() -> None:
    raw = dashboard(*(module(index, width="col-4", height=120) for index in range(4)))
    assert positions(raw)[3] == (0, 2, 4, 2)


def test_grid_height_is_rows_of_60_pixels_rounded_up() -> None:
    assert positions(dashboard(module(height=399)))[0][3] == 7


@pytest.mark.parametrize(("height", "rows"), [(10, 1), (5000, 48)])
def test_grid_height_is_clamped_to_1_to_48_rows(height: int, rows: int) -> None:
    assert positions(dashboard(module(height=height)))[0][3] == rows


def test_grid_width_may_name_a_bootstrap_breakpoint() -> None:
    assert positions(dashboard(module(width="col-md-12")))[0][2] == 12


@pytest.mark.parametrize("width", [500, "col-13", "col-0", "half"])
def test_grid_width_must_be_columns(width: Any) -> None:
    assert problems(dashboard(module(width=width))) == [
        f"modules[0].width: {width!r} is not a grid width (use col-1 … col-12)"
    ]


@pytest.mark.parametrize("row", [None, 0, "first"])
def test_grid_module_needs_a_row_from_1(row: Any) -> None:
    assert problems(dashboard(module(row=row))) == [
        "modules[0].row: a grid layout needs a row (a whole number from 1)"
    ]


def test_sizes_may_be_numeric_strings() -> None:
    raw = dashboard(free_module(width="500", height="400px"), layout="freeform")
    assert positions(raw) == [(0, 0, 500, 400)]


def test_height_must_be_pixels() -> None:
    assert problems(dashboard(module(height="tall"))) == [
        "modules[0].height: must be a number of pixels"
    ]


def test_freeform_packs_in_order_into_a_1200_pixel_canvas() -> None:
    raw = dashboard(
        free_module(0, order=3, width=300, height=200),
        free_module(1, order=1, width=700, height=300),
        free_module(2, order=2, width=600, height=100),
        layout="freeform",
    )
    assert positions(raw) == [(600, 300, 300, 200), (0, 0, 700, 300), (0, 300, 600, 100)]


def test_freeform_sizes_are_clamped_to_40_to_10000_pixels() -> None:
    raw = dashboard(free_module(width=20, height=20_000), layout="freeform")
    assert positions(raw) == [(0, 0, 40, 10_000)]


def test_freeform_width_must_be_pixels() -> None:
    raw = dashboard(free_module(width="col-4"), layout="freeform")
    assert problems(raw) == ["modules[0].width: must be a number of pixels in freeform layout"]


def test_document_without_layout_and_rows_is_freeform() -> None:
    raw = dashboard(free_module())
    del raw["layout"]
    assert convert_jsondash(raw)["layout"] == "freeform"


def test_document_without_layout_but_with_rows_is_grid() -> None:
    raw = dashboard(module())
    del raw["layout"]
    assert convert_jsondash(raw)["layout"] == "grid"


def test_widgets_keep_the_order_of_the_modules() -> None:
    raw = dashboard(module(0, row=2), module(1, row=1))
    assert [w["title"] for w in convert_jsondash(raw)["widgets"]] == ["Chart 0", "Chart 1"]


def test_refresh_interval_in_milliseconds_becomes_seconds_rounded_up() -> None:
    assert converted_widget(refresh=True, refreshInterval=12_001)["refresh"] == 13


def test_refresh_is_at_least_five_seconds() -> None:
    assert converted_widget(refresh=True, refreshInterval="3000")["refresh"] == 5


def test_refresh_interval_may_use_jsondash_units() -> None:
    assert converted_widget(refresh=True, refreshInterval="2-m")["refresh"] == 120


def test_refresh_without_interval_uses_jsondash_default_of_ten_seconds() -> None:
    assert converted_widget(refresh=True, refreshInterval="")["refresh"] == 10


def test_refresh_off_gives_no_refresh() -> None:
    assert "refresh" not in converted_widget(refresh=False, refreshInterval=10_000)


def test_bad_refresh_interval_is_refused() -> None:
    assert problems(dashboard(module(refresh=True, refreshInterval="often"))) == [
        "modules[0].refreshInterval: must be milliseconds, or N-s, N-m, N-h, N-d"
    ]


def test_widget_id_is_the_guid() -> None:
    assert converted_widget()["id"] == "0ea095dd-463e-856b-9a88-d5fa99d84200"


def test_missing_or_invalid_guids_get_generated_ids() -> None:
    raw = dashboard(module(0, guid=None), module(1, guid="not a guid!"))
    assert [widget["id"] for widget in convert_jsondash(raw)["widgets"]] == ["w1", "w2"]


def test_generated_ids_skip_ids_already_taken() -> None:
    raw = dashboard(module(0, guid=None), module(1, guid="w1"))
    assert [widget["id"] for widget in convert_jsondash(raw)["widgets"]] == ["w2", "w1"]


def test_a_repeated_guid_gets_a_generated_id() -> None:
    raw = dashboard(module(0, guid="same"), module(1, guid="same"))
    assert [widget["id"] for widget in convert_jsondash(raw)["widgets"]] == ["same", "w1"]


def test_title_is_the_jsondash_name() -> None:
    assert convert_jsondash(dashboard(name=" Sales 2024 "))["title"] == "Sales 2024"


def test_name_is_the_slugified_jsondash_name() -> None:
    assert convert_jsondash(dashboard(name="Ventes d'été & Co."))["name"] == "ventes-d-ete-co"


def test_name_falls_back_to_the_id_when_nothing_is_left() -> None:
    assert convert_jsondash(dashboard(name="Продажи"))["name"] == DASHBOARD_ID


def test_name_falls_back_to_dashboard_without_an_id() -> None:
    assert convert_jsondash(dashboard(name="???", id=None))["name"] == "dashboard"


def test_slug_never_has_a_parent_segment() -> None:
    assert slugify("../../etc/passwd") == "etc-passwd"


def test_category_becomes_the_folder() -> None:
    raw = dashboard(category="Performance & Tricks")
    assert convert_jsondash(raw)["folder"] == "performance-tricks"


def test_folder_argument_wins_over_the_category() -> None:
    raw = dashboard(category="Sales")
    assert convert_jsondash(raw, folder="/imported/old/")["folder"] == "imported/old"


def test_uncategorized_is_no_folder() -> None:
    assert convert_jsondash(dashboard(category="uncategorized"))["folder"] == ""


def test_dashboard_of_the_global_user_is_global() -> None:
    assert convert_jsondash(dashboard(created_by="global"))["global"] is True


def test_global_user_can_be_named() -> None:
    raw = dashboard(created_by="everyone")
    assert convert_jsondash(raw, global_user="everyone")["global"] is True


def test_dashboard_of_another_user_is_not_global() -> None:
    assert "global" not in convert_jsondash(dashboard(created_by="anna"))


def test_jsondash_document_fields_are_kept() -> None:
    raw = dashboard(category="Sales", username="anna", layout="grid")
    assert convert_jsondash(raw)["jsondash"] == {
        "id": DASHBOARD_ID,
        "date": "2017-05-15 21:25:18.949961",
        "created_by": "anna",
        "category": "Sales",
        "username": "anna",
    }


def test_jsondash_module_fields_are_kept_on_the_widget() -> None:
    widget = converted_widget(override=True, classes=["wide"], refresh=True, refreshInterval=9)
    assert widget["jsondash"] == {
        "guid": "0ea095dd-463e-856b-9a88-d5fa99d84200",
        "family": "C3",
        "type": "line",
        "width": "col-6",
        "height": 400,
        "override": True,
        "classes": ["wide"],
        "refresh": True,
        "refreshInterval": 9,
        "order": 0,
        "row": 1,
    }


def test_jsondash_fields_survive_validation() -> None:
    document = parse_document(convert_jsondash(dashboard(module(classes=["wide"]))))
    assert document.model_dump(mode="json")["widgets"][0]["jsondash"]["classes"] == ["wide"]


def test_key_picks_shared_data() -> None:
    assert converted_widget(key="pie")["key"] == "pie"


def test_inputs_are_carried_over_in_the_same_format() -> None:
    inputs = {
        "btn_classes": ["btn", "btn-info"],
        "submit_text": "Go",
        "options": [
            {"name": "entries", "type": "number", "label": "Points", "help_text": "How many"},
            {"name": "range", "type": "select", "default": 10, "options": [[5, "5"], [10, "10"]]},
        ],
    }
    widget = parse_document(convert_jsondash(dashboard(module(inputs=inputs)))).widgets[0]
    assert widget.inputs is not None and [o.name for o in widget.inputs.options] == [
        "entries",
        "range",
    ]


def test_empty_data_source_keeps_the_widget_without_a_source() -> None:
    widget = converted_widget(dataSource="")
    assert (widget["title"], "source" in widget) == ("Chart 0", False)


def test_data_source_that_is_no_url_fails_alone_in_jsondash_terms() -> None:
    assert reason_of(converted_widget(dataSource="localhost:5004/bar")) == (
        "unsupported",
        "modules[0].dataSource: must be an http(s) URL or a path starting with '/'",
    )


@pytest.mark.parametrize("jsondash_type", ["iframe", "custom"])
def test_relative_address_is_kept_as_a_path_of_the_host(jsondash_type: str) -> None:
    document = parse_document(
        convert_jsondash(
            dashboard(module(family="Basic", type=jsondash_type, dataSource="/examples/page.html"))
        )
    )
    widget = document.widgets[0]
    url = widget.options.get("url") or (widget.source.url if widget.source else None)  # type: ignore[union-attr]
    assert (widget.type, url) == (
        "iframe" if jsondash_type == "iframe" else "html",
        "/examples/page.html",
    )


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "//evil.example/x", "/\\evil.example", "/\t/evil.example"]
)
def test_iframe_address_that_would_leave_the_site_fails_alone(address: str) -> None:
    widget = converted_widget(family="Basic", type="iframe", dataSource=address)
    assert widget["type"] == "unsupported"
    assert widget["options"]["reason"].startswith("modules[0].dataSource: must")


def test_jsondash_document_is_recognised_by_its_modules() -> None:
    assert (is_jsondash(dashboard()), is_jsondash({"title": "x", "widgets": []})) == (True, False)


def test_bar_sparkline_keeps_its_bars() -> None:
    document = convert_jsondash(
        {
            "name": "Spark",
            "layout": "freeform",
            "modules": [
                {
                    "name": "s",
                    "type": "sparklines-bar",
                    "family": "Sparklines",
                    "width": 300,
                    "height": 200,
                    "dataSource": "https://example.com/s.json",
                }
            ],
        }
    )
    assert document["widgets"][0]["options"] == {"mark": "bar"}


@pytest.mark.parametrize(
    ("classes", "emphasis"),
    [
        (["text-danger"], "danger"),
        ("bg-success big", "success"),
        (["panel-info"], "info"),
        (["alert-error"], "danger"),
        (["text-muted", "text-danger"], "muted"),
    ],
)
def test_bootstrap_contextual_class_becomes_the_emphasis(classes: Any, emphasis: str) -> None:
    widget = parse_document(convert_jsondash(dashboard(module(classes=classes)))).widgets[0]
    assert widget.emphasis == emphasis


def test_classes_without_a_meaning_give_no_emphasis_and_are_kept() -> None:
    widget = converted_widget(classes=["my-own", "shadowed"])
    assert ("emphasis" in widget, widget["jsondash"]["classes"]) == (False, ["my-own", "shadowed"])


def test_grid_module_without_width_takes_its_column_class() -> None:
    raw = dashboard(module(width=None, classes=["col-sm-12", "col-md-4"]))
    assert positions(raw)[0][2] == 4


def test_grid_width_wins_over_column_classes() -> None:
    assert positions(dashboard(module(width="col-6", classes=["col-md-4"])))[0][2] == 6
