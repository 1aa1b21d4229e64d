"""Pie, donut and gauge specs."""

from __future__ import annotations

import math
from typing import Any

import pytest
import vl_convert

from gaugeboard.widgets.charts import render_chart
from gaugeboard.widgets.charts.parts import gauge_value
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def draw(widget_type: str, payload: Any, **options: Any) -> dict[str, Any]:
    request = WidgetRequest(id="w", type=widget_type, options=options)
    spec: dict[str, Any] = render_chart(request, payload)["spec"]
    return spec


METRIC = {
    "series": [
        {"label": "/", "total": 7, "points": [{"t": "a", "local": "a", "value": 100}]},
        {"label": "/api", "total": 3, "points": [{"t": "a", "local": "a", "value": 100}]},
    ],
    "total": 9,
}


def test_pie_slices_a_label_object() -> None:
    encoding = draw("pie", {"north": 3, "south": 4})["encoding"]
    assert (encoding["color"]["field"], encoding["theta"]["field"]) == ("label", "value")


def test_pie_sums_values_per_slice() -> None:
    assert draw("pie", {"a": [1, 2]})["encoding"]["theta"]["aggregate"] == "sum"


def test_pie_of_a_series_object_has_a_slice_per_series() -> None:
    assert draw("pie", {"a": [1, 2], "b": [3]})["encoding"]["color"]["field"] == "series"


def test_pie_of_a_metric_uses_the_series_totals() -> None:
    values = draw("pie", METRIC)["data"]["values"]
    assert [(row["series"], row["value"]) for row in values] == [("/", 7), ("/api", 3)]


def test_pie_of_status_rows_slices_by_route() -> None:
    rows = [{"time": "2024-01-01T10:00:00Z", "route": "/", "value": 3}]
    assert draw("pie", rows)["encoding"]["color"]["field"] == "route"


def test_pie_color_option_names_the_slices() -> None:
    rows = [{"region": "n", "product": "p", "sales": 3}]
    assert draw("pie", rows, color="product", y="sales")["encoding"]["color"]["field"] == "product"


def test_pie_has_no_hole() -> None:
    assert "innerRadius" not in draw("pie", {"a": 1})["mark"]


def test_donut_has_a_hole() -> None:
    assert draw("donut", {"a": 1})["mark"]["innerRadius"] == {"expr": "min(width, height) / 4"}


def test_pie_refuses_pairs() -> None:
    with pytest.raises(WidgetDataError, match=r"^payload: pie charts accept"):
        draw("pie", [[1, 2]])


def test_gauge_reads_jsondash_data() -> None:
    assert gauge_value({"data": 40}, None) == 40


def test_gauge_reads_a_metric_total() -> None:
    assert gauge_value(METRIC, None) == 9


def test_gauge_reads_the_last_number_of_rows() -> None:
    rows = [{"day": "Mon", "n": 3}, {"day": "Tue", "n": 5}, {"day": "Wed", "n": None}]
    assert gauge_value(rows, None) == 5


def test_gauge_reads_the_named_field() -> None:
    assert gauge_value([{"a": 1, "b": 2}], "a") == 1


def test_gauge_of_nothing_has_no_value() -> None:
    assert gauge_value(None, None) is None


def test_gauge_puts_value_and_range_in_its_data() -> None:
    spec = draw("gauge", {"data": 40}, min=10, max=50)
    assert spec["data"]["values"] == [{"value": 40, "min": 10, "max": 50}]


def test_gauge_defaults_to_zero_to_a_hundred() -> None:
    row = draw("gauge", {"data": 1})["data"]["values"][0]
    assert (row["min"], row["max"]) == (0, 100)


def test_gauge_fills_a_half_ring_from_its_left_end() -> None:
    track = draw("gauge", {"data": 1})["layer"][0]["mark"]
    assert (track["theta"], track["theta2"]) == (-math.pi / 2, math.pi / 2)


def test_gauge_clamps_the_filled_angle_to_its_range() -> None:
    assert (
        "clamp((datum.value - datum.min) / (datum.max - datum.min), 0, 1)"
        in (draw("gauge", {"data": 400})["transform"][0]["calculate"])
    )


def test_gauge_writes_the_value_in_the_format() -> None:
    text = draw("gauge", {"data": 0.5}, format=".0%")["layer"][2]["encoding"]["text"]
    assert (text["field"], text["format"]) == ("value", ".0%")


def test_gauge_refuses_a_tree() -> None:
    with pytest.raises(WidgetDataError, match=r"gauge charts accept a label→number object"):
        draw("gauge", {"name": "root", "children": []})


def test_pie_of_a_number_list_has_a_slice_per_position() -> None:
    assert draw("pie", [3, 1, 2])["encoding"]["color"]["field"] == "x"


def test_a_gauge_that_follows_the_system_leaves_its_text_to_the_page() -> None:
    request = WidgetRequest(id="w", type="gauge", theme="auto")
    layers = render_chart(request, {"data": 40})["spec"]["layer"]
    texts = [layer["mark"] for layer in layers if layer["mark"]["type"] == "text"]
    track = layers[0]["mark"]["color"]
    assert (any("color" in mark for mark in texts), track) == (False, "rgba(128, 128, 128, 0.3)")


def test_a_donut_can_show_each_slices_percentage() -> None:
    rows = [{"label": "north", "value": 3}, {"label": "south", "value": 1}]
    spec = draw("donut", rows, labels="percent")
    svg = vl_convert.vegalite_to_svg({**spec, "width": 300, "height": 300})
    assert (">75%<" in svg, ">25%<" in svg) == (True, True)


def test_a_pie_can_show_each_slices_value() -> None:
    rows = [{"label": "north", "value": 3000}]
    spec = draw("pie", rows, labels="value")
    assert spec["layer"][2]["encoding"]["text"] == {
        "field": "gb_slice_value",
        "type": "quantitative",
        "format": ",",
    }
