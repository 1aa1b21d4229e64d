"""Chart options are checked per type and every problem is reported as ``name: reason``."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.charts import chart_options_problems, render_chart
from gaugeboard.widgets.charts.options import MODELS, option_names
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def test_every_chart_type_has_an_options_model() -> None:
    from gaugeboard.widgets.catalog import CHART_TYPES

    assert set(MODELS) == set(CHART_TYPES)


@pytest.mark.parametrize("widget_type", list(MODELS))
def test_no_options_is_valid_for_every_type(widget_type: str) -> None:
    assert chart_options_problems(widget_type, {}) == []


def test_documented_line_options_are_accepted() -> None:
    options = {
        "x": "day",
        "y": ["a", "b"],
        "x_title": "Day",
        "y_title": "Count",
        "legend": False,
        "format": ",.0f",
        "height": 300,
        "colors": ["#4c78a8", "teal", "rgb(0, 128, 0)"],
        "interpolate": "monotone",
        "points": True,
        "previous": True,
    }
    assert chart_options_problems("line", options) == []


def test_a_misspelt_option_is_reported_with_the_known_ones() -> None:
    assert chart_options_problems("pie", {"colour": "region"}) == [
        "colour: not an option of pie "
        "(options: height, colors, format, images, y, color, legend, labels, series)"
    ]


def test_an_option_of_another_type_is_refused() -> None:
    assert chart_options_problems("pie", {"x_title": "Region"})[0].startswith(
        "x_title: not an option of pie"
    )


def test_series_is_another_name_for_color() -> None:
    assert chart_options_problems("bar", {"series": "region"}) == []


def test_series_and_color_together_are_refused() -> None:
    assert chart_options_problems("bar", {"series": "a", "color": "b"}) == [
        "series: same as color; give only one of them"
    ]


@pytest.mark.parametrize(
    ("widget_type", "options", "problem"),
    [
        ("bar", {"stack": "piled"}, "stack: Input should be 'grouped', 'stacked' or 'normalized'"),
        ("bar", {"orientation": "up"}, "orientation: Input should be 'vertical' or 'horizontal'"),
        ("line", {"height": 5}, "height: Input should be greater than or equal to 20"),
        ("line", {"y": 3}, "y: must be a field name or a non-empty list of field names"),
        ("line", {"y": []}, "y: must be a field name or a non-empty list of field names"),
        ("line", {"x": ""}, "x: String should have at least 1 character"),
        ("histogram", {"bins": 0}, "bins: Input should be greater than or equal to 1"),
        ("gauge", {"min": 10, "max": 10}, "max: must be greater than min"),
        (
            "sparkline",
            {"mark": "pie"},
            "mark: Input should be 'line', 'bar', 'area', 'tristate', 'discrete' or 'bullet'",
        ),
    ],
)
def test_bad_values_are_reported_by_name(
    widget_type: str, options: dict[str, Any], problem: str
) -> None:
    assert chart_options_problems(widget_type, options) == [problem]


def test_interpolate_must_be_a_vega_lite_method() -> None:
    assert chart_options_problems("spline", {"interpolate": "wiggly"})[0].startswith(
        "interpolate: Input should be 'linear'"
    )


def test_format_must_be_a_d3_number_format() -> None:
    assert chart_options_problems("bar", {"format": "0.00 EUR"}) == [
        "format: not a d3 number format (for example ',.0f', '.1%', '$,.2f', '~s')"
    ]


@pytest.mark.parametrize("number_format", [",.0f", ".1%", "$,.2f", "~s", "+.3e", "0>8d", ","])
def test_d3_formats_pass(number_format: str) -> None:
    assert chart_options_problems("bar", {"format": number_format}) == []


def test_colors_are_checked_one_by_one() -> None:
    assert chart_options_problems("pie", {"colors": ["red", "url(x)"]}) == [
        "colors[1]: not a CSS color (a name, #hex, rgb() or hsl() with numbers only)"
    ]


def test_several_y_fields_with_a_color_field_are_refused() -> None:
    assert chart_options_problems("line", {"y": ["a", "b"], "color": "c"}) == [
        "color: cannot split several y fields again; give one y field or no color"
    ]


def test_every_problem_is_reported_at_once() -> None:
    assert len(chart_options_problems("bar", {"stack": "x", "height": 1, "typo": 1})) == 3


def test_vega_lite_takes_only_the_image_origins() -> None:
    assert chart_options_problems("vega-lite", {"x": "a"}) == [
        "x: not an option of vega-lite (options: images)"
    ]


def test_option_names_include_the_series_alias() -> None:
    assert "series" in option_names("line") and "series" not in option_names("gauge")


def test_render_refuses_bad_options_with_their_path() -> None:
    request = WidgetRequest(id="w", type="bar", options={"stack": "piled"})
    with pytest.raises(WidgetDataError, match=r"^options\.stack: Input should be"):
        render_chart(request, [1, 2])
