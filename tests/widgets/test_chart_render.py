"""What every chart spec shares: size, schema, theme, colours, override; the raw
vega-lite widget; and the errors for payloads a type cannot draw."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.charts import render_chart
from gaugeboard.widgets.charts.theme import deep_merge
from gaugeboard.widgets.render import render_widget
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest
from gaugeboard.widgets.vega_lite import VEGA_LITE_SCHEMA


def draw(widget_type: str, payload: Any, **fields: Any) -> dict[str, Any]:
    spec: dict[str, Any] = render_chart(WidgetRequest(id="w", type=widget_type, **fields), payload)[
        "spec"
    ]
    return spec


BAR_SPEC = {
    "mark": "bar",
    "encoding": {
        "x": {"field": "region", "type": "nominal"},
        "y": {"field": "total", "type": "quantitative"},
    },
}


def test_chart_output_is_a_vega_lite_spec() -> None:
    output = render_widget(WidgetRequest(id="w", type="bar"), {"a": 1})
    assert output["kind"] == "vega-lite" and output["spec"]["$schema"] == VEGA_LITE_SCHEMA


def test_chart_fills_its_container() -> None:
    spec = draw("line", [1, 2])
    assert (spec["width"], spec["height"], spec["autosize"]) == (
        "container",
        "container",
        {"type": "fit", "contains": "padding"},
    )


def test_height_option_sets_pixels() -> None:
    assert draw("line", [1, 2], options={"height": 180})["height"] == 180


def test_light_theme_keeps_vega_lite_colours() -> None:
    config = draw("line", [1, 2], theme="light")["config"]
    assert ("background" in config, "labelColor" in config["axis"]) == (False, False)


def test_auto_theme_keeps_vega_lite_colours() -> None:
    config = draw("line", [1, 2], theme="auto")["config"]
    assert ("background" in config, "labelColor" in config["axis"]) == (False, False)


def test_every_theme_has_labels_of_at_least_11_px() -> None:
    sizes = {
        theme: (
            draw("bar", [1, 2], theme=theme)["config"]["axis"]["labelFontSize"],
            draw("bar", [1, 2], theme=theme)["config"]["legend"]["labelFontSize"],
        )
        for theme in ("light", "dark", "auto")
    }
    assert all(min(pair) >= 11 for pair in sizes.values())


def test_short_category_labels_stay_horizontal() -> None:
    spec = draw("bar", [{"label": "north", "value": 7}, {"label": "south", "value": 4}])
    assert spec["encoding"]["x"]["axis"] == {"labelAngle": 0}


def test_tooltips_spell_numbers_with_separators() -> None:
    spec = draw("bar", [{"label": "north", "value": 7000}])
    values = [entry for entry in spec["encoding"]["tooltip"] if entry["type"] == "quantitative"]
    assert [entry["format"] for entry in values] == [","]


def test_dark_theme_has_a_transparent_background() -> None:
    assert draw("line", [1, 2], theme="dark")["config"]["background"] == "transparent"


def test_dark_theme_has_light_axis_labels() -> None:
    assert draw("line", [1, 2], theme="dark")["config"]["axis"]["labelColor"] == "#b4b4b4"


def test_dark_theme_writes_gauge_text_light() -> None:
    spec = draw("gauge", {"data": 5}, theme="dark")
    assert spec["layer"][2]["mark"]["color"] == "#e6e6e6"


def test_colors_become_the_palette_and_the_single_series_colour() -> None:
    config = draw("bar", {"a": 1}, options={"colors": ["#112233", "teal"]})["config"]
    assert (config["range"]["category"], config["mark"]["color"]) == (
        ["#112233", "teal"],
        "#112233",
    )


def test_override_is_merged_into_the_spec_last() -> None:
    spec = draw("bar", {"a": 1}, override={"encoding": {"x": {"title": "Region"}}})
    assert (spec["encoding"]["x"]["title"], spec["encoding"]["x"]["field"]) == ("Region", "label")


def test_override_cannot_bring_a_data_url() -> None:
    spec = draw("bar", {"a": 1}, override={"data": {"url": "https://example.com/x.json"}})
    assert spec["data"] == {"values": []}


def test_deep_merge_replaces_lists_and_merges_objects() -> None:
    merged = deep_merge({"a": {"b": 1, "c": [1]}, "d": 1}, {"a": {"c": [2]}, "e": 2})
    assert merged == {"a": {"b": 1, "c": [2]}, "d": 1, "e": 2}


@pytest.mark.parametrize("empty", [None, [], {}])
def test_empty_payload_draws_an_empty_chart(empty: Any) -> None:
    assert draw("line", empty)["data"] == {"values": []}


def test_wrong_shape_names_the_types_accepted_shapes() -> None:
    with pytest.raises(WidgetDataError) as caught:
        draw("histogram", {"a": "b"})
    assert caught.value.message == (
        "payload: histogram charts accept rows of objects [{...}, ...]; a list of numbers "
        '[n, ...]; a series object {"label": [n, ...], "dates"?: [...]}; an events metric '
        'result {"series": [...], "total"} (or nothing); got an object with keys a'
    )


def test_wrong_shape_error_is_a_widget_data_error_with_its_code() -> None:
    with pytest.raises(WidgetDataError) as caught:
        draw("pie", "text")
    assert (caught.value.status, caught.value.code) == (400, "widget_data")


def test_vega_lite_puts_rows_inline() -> None:
    rows = [{"region": "north", "total": 7}]
    assert draw("vega-lite", rows, spec=BAR_SPEC)["data"] == {"values": rows}


def test_vega_lite_without_a_payload_keeps_the_specs_own_data() -> None:
    spec = {**BAR_SPEC, "data": {"values": [{"region": "south", "total": 1}]}}
    assert draw("vega-lite", None, spec=spec)["data"]["values"][0]["region"] == "south"


def test_vega_lite_reads_other_shapes_as_rows() -> None:
    values = draw("vega-lite", {"north": 7}, spec=BAR_SPEC)["data"]["values"]
    assert values == [{"label": "north", "value": 7}]


def test_vega_lite_payload_spec_is_laid_over_the_widget_spec() -> None:
    payload = {"mark": "line", "data": {"values": [{"region": "n", "total": 1}]}}
    spec = draw("vega-lite", payload, spec=BAR_SPEC)
    assert (spec["mark"], spec["encoding"]["x"]["field"]) == ("line", "region")


def test_vega_lite_never_keeps_a_data_url() -> None:
    spec = {**BAR_SPEC, "data": {"url": "https://example.com/data.json"}}
    assert draw("vega-lite", None, spec=spec)["data"] == {"values": []}


def test_vega_lite_payload_spec_cannot_bring_a_data_url() -> None:
    payload = {"mark": "bar", "data": {"url": "https://example.com/data.json"}}
    assert draw("vega-lite", payload, spec={})["data"] == {"values": []}


def test_vega_lite_override_is_applied() -> None:
    assert draw("vega-lite", None, spec=BAR_SPEC, override={"mark": "area"})["mark"] == "area"


def test_vega_lite_dark_theme_config_yields_to_the_specs_own() -> None:
    spec = {**BAR_SPEC, "config": {"background": "#000000"}}
    config = draw("vega-lite", None, spec=spec, theme="dark")["config"]
    assert (config["background"], config["axis"]["labelColor"]) == ("#000000", "#b4b4b4")


def test_vega_lite_refuses_an_unreadable_payload() -> None:
    with pytest.raises(WidgetDataError, match=r"vega-lite widgets accept .* a Vega-Lite spec"):
        draw("vega-lite", "text", spec=BAR_SPEC)
