"""Line, timeseries, step, spline, area, bar and scatter specs."""

from __future__ import annotations

from typing import Any

import pytest
import vl_convert

from gaugeboard.widgets.charts import render_chart
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def draw(widget_type: str, payload: Any, **options: Any) -> dict[str, Any]:
    request = WidgetRequest(id="w", type=widget_type, options=options)
    spec: dict[str, Any] = render_chart(request, payload)["spec"]
    return spec


def point(day: int, value: Any) -> dict[str, Any]:
    return {"t": f"2024-01-0{day}T00:00:00Z", "local": f"2024-01-0{day}T00:00:00", "value": value}


METRIC: dict[str, Any] = {
    "series": [
        {"label": "pro", "total": 5, "points": [point(1, 2), point(2, 3)]},
        {"label": "free", "total": 1, "points": [point(1, 1), point(2, 0)]},
    ],
    "total": 6,
    "previous": {
        "series": [{"label": "pro", "total": 2, "points": [point(3, 1), point(4, 1)]}],
        "total": 2,
    },
}
ROWS = [{"day": "2024-01-01", "visits": 3, "signups": 1}]


def test_metric_draws_one_line_per_label_over_local_time() -> None:
    spec = draw("line", METRIC)
    assert (spec["encoding"]["x"]["field"], spec["encoding"]["color"]["field"]) == (
        "local",
        "series",
    )


def test_previous_period_is_left_out_by_default() -> None:
    spec = draw("line", METRIC)
    assert {row["period"] for row in spec["data"]["values"]} == {"current"}


def test_previous_period_is_drawn_dashed_when_asked() -> None:
    spec = draw("line", METRIC, previous=True)
    assert spec["encoding"]["strokeDash"]["scale"]["domain"] == ["current", "previous"]


def test_previous_period_rows_are_kept_when_asked() -> None:
    spec = draw("line", METRIC, previous=True)
    assert sum(row["period"] == "previous" for row in spec["data"]["values"]) == 2


def test_whole_days_are_labelled_as_days() -> None:
    assert draw("line", METRIC)["encoding"]["x"]["timeUnit"] == "yearmonthdate"


def test_c3_series_object_draws_a_line_per_key() -> None:
    spec = draw("line", {"a": [1, 2], "b": [3, 4]})
    assert spec["encoding"]["color"]["field"] == "series"


def test_index_x_has_no_ticks_between_whole_numbers() -> None:
    assert draw("line", [4, 5, 6])["encoding"]["x"]["axis"] == {"tickMinStep": 1}


def test_several_y_fields_are_folded_into_series() -> None:
    spec = draw("line", ROWS)
    assert spec["transform"] == [{"fold": ["visits", "signups"], "as": ["series", "value"]}]


def test_fold_names_avoid_the_rows_own_fields() -> None:
    spec = draw("line", [{"day": "Mon", "value": 1, "series": 2}])
    assert spec["transform"][0]["as"] == ["series_", "value_"]


def test_options_pick_the_fields() -> None:
    spec = draw("line", ROWS, x="day", y="signups")
    assert (spec["encoding"]["x"]["field"], spec["encoding"]["y"]["field"]) == ("day", "signups")


def test_own_field_names_title_the_axes() -> None:
    assert draw("line", ROWS, y="visits")["encoding"]["y"]["title"] == "visits"


def test_shape_field_names_leave_the_axes_untitled() -> None:
    assert draw("line", [1, 2])["encoding"]["y"]["title"] is None


def test_axis_titles_come_from_the_options() -> None:
    encoding = draw("line", ROWS, x_title="Day", y_title="People")["encoding"]
    assert (encoding["x"]["title"], encoding["y"]["title"]) == ("Day", "People")


def test_format_applies_to_the_measure_axis_and_tooltip() -> None:
    encoding = draw("line", ROWS, y="visits", format=",.1f")["encoding"]
    assert encoding["y"]["axis"] == {"format": ",.1f"} and encoding["tooltip"][-1]["format"] == (
        ",.1f"
    )


def test_legend_false_hides_the_legend() -> None:
    assert draw("line", METRIC, legend=False)["encoding"]["color"]["legend"] is None


@pytest.mark.parametrize(
    ("widget_type", "interpolate"),
    [("line", "linear"), ("step", "step-after"), ("spline", "monotone")],
)
def test_line_types_interpolate_their_way(widget_type: str, interpolate: str) -> None:
    assert draw(widget_type, [1, 2])["mark"]["interpolate"] == interpolate


def test_interpolate_option_wins() -> None:
    assert draw("spline", [1, 2], interpolate="basis")["mark"]["interpolate"] == "basis"


def test_timeseries_x_is_temporal() -> None:
    spec = draw("timeseries", {"dates": ["2024-01-01", "2024-01-02"], "a": [1, 2]})
    assert spec["encoding"]["x"]["type"] == "temporal"


def test_few_points_are_marked() -> None:
    assert draw("line", [1, 2])["mark"]["point"] is True


def test_many_points_are_not_marked() -> None:
    assert draw("line", list(range(200)))["mark"]["point"] is False


def test_area_overlaps_series_by_default() -> None:
    spec = draw("area", {"a": [1, 2], "b": [2, 1]})
    assert spec["encoding"]["y"]["stack"] is None and spec["mark"]["opacity"] == 0.45


@pytest.mark.parametrize(("stack", "mode"), [("stacked", "zero"), ("normalized", "normalize")])
def test_area_stacks(stack: str, mode: str) -> None:
    assert draw("area", {"a": [1], "b": [2]}, stack=stack)["encoding"]["y"]["stack"] == mode


def test_bar_puts_series_side_by_side_by_default() -> None:
    assert draw("bar", {"a": [1], "b": [2]})["encoding"]["xOffset"]["field"] == "series"


def test_stacked_bar_has_no_offset() -> None:
    encoding = draw("bar", {"a": [1], "b": [2]}, stack="stacked")["encoding"]
    assert encoding["y"]["stack"] == "zero" and "xOffset" not in encoding


def test_normalized_bar_axis_shows_percentages() -> None:
    encoding = draw("bar", {"a": [1], "b": [2]}, stack="normalized")["encoding"]
    assert encoding["y"]["axis"] == {"format": ".0%"}


def test_horizontal_bar_puts_categories_on_y() -> None:
    encoding = draw("bar", {"north": 3}, orientation="horizontal")["encoding"]
    assert (encoding["y"]["field"], encoding["x"]["field"]) == ("label", "value")


def test_bar_of_whole_days_is_banded_by_date() -> None:
    x = draw("bar", METRIC)["encoding"]["x"]
    assert (x["type"], x["timeUnit"]) == ("ordinal", "yearmonthdate")


def test_bar_keeps_the_categories_in_data_order() -> None:
    assert draw("bar", {"z": 1, "a": 2})["encoding"]["x"]["sort"] is None


def test_bar_draws_wordcloud_words() -> None:
    spec = draw("bar", [{"text": "foo", "size": 10}])
    assert (spec["encoding"]["x"]["field"], spec["encoding"]["y"]["field"]) == ("text", "size")


def test_bar_draws_venn_set_sizes() -> None:
    spec = draw("bar", [{"sets": ["A", "B"], "size": 2}])
    assert spec["data"]["values"] == [{"sets": "A ∩ B", "size": 2}]


def test_bar_draws_a_funnel_breakdown_grouped_by_series() -> None:
    steps = [{"event": "visit", "count": 4}]
    result = {"steps": steps, "breakdown": [{"label": "pro", "steps": steps}]}
    encoding = draw("bar", result)["encoding"]
    assert (encoding["x"]["field"], encoding["xOffset"]["field"]) == ("event", "series")


def test_scatter_draws_voronoi_pairs() -> None:
    encoding = draw("scatter", [[1, 2], [3, 4]])["encoding"]
    assert (encoding["x"]["field"], encoding["y"]["field"]) == ("x", "y")


def test_scatter_sizes_points_by_a_field() -> None:
    rows = [{"a": 1, "b": 2, "n": 3}]
    assert draw("scatter", rows, x="a", y="b", size="n")["encoding"]["size"]["field"] == "n"


def test_scatter_size_field_must_exist() -> None:
    with pytest.raises(WidgetDataError, match=r"options\.size: no field 'm'"):
        draw("scatter", [{"a": 1, "b": 2}], size="m")


def test_line_refuses_a_tree() -> None:
    with pytest.raises(WidgetDataError, match=r"^payload: line charts accept rows of objects"):
        draw("line", {"name": "root", "children": []})


def test_timeseries_refuses_a_plain_number_list() -> None:
    with pytest.raises(WidgetDataError, match=r"got a list of int"):
        draw("timeseries", [1, 2, 3])


def test_stacked_bars_stack_in_legend_order() -> None:
    rows = [
        {"day": "mon", "route": "zeta", "value": 1},
        {"day": "mon", "route": "alpha", "value": 2},
    ]
    spec = draw("bar", rows, x="day", y="value", color="route", stack="stacked")
    svg = vl_convert.vegalite_to_svg({**spec, "width": 200, "height": 200})
    assert (
        spec["transform"][-1]["calculate"],
        spec["encoding"]["order"]["sort"],
        "<svg" in svg,
    ) == (
        'indexof(["zeta", "alpha"], \'\' + datum["route"])',
        "descending",
        True,
    )
