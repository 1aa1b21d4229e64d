"""Heatmap, retention, histogram and boxplot specs."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.charts import render_chart
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def draw(widget_type: str, payload: Any, **options: Any) -> dict[str, Any]:
    request = WidgetRequest(id="w", type=widget_type, options=options)
    spec: dict[str, Any] = render_chart(request, payload)["spec"]
    return spec


def cohort(day: int, shares: list[float | None]) -> dict[str, Any]:
    return {
        "start": f"2024-01-0{day}T00:00:00Z",
        "local": f"2024-01-0{day}T00:00:00",
        "size": 10,
        "values": [
            {"period": index, "count": None if share is None else share * 10, "share": share}
            for index, share in enumerate(shares)
        ],
    }


RETENTION = {"cohorts": [cohort(1, [1.0, 0.4, 0.2]), cohort(8, [1.0, None, None])]}


def cells(spec: dict[str, Any]) -> dict[str, Any]:
    encoding: dict[str, Any] = spec["layer"][0]["encoding"]
    return encoding


def test_retention_draws_periods_across_and_cohorts_down() -> None:
    encoding = cells(draw("retention", RETENTION))
    assert (encoding["x"]["field"], encoding["y"]["field"]) == ("period", "cohort")


def test_retention_colours_cells_by_share() -> None:
    assert cells(draw("retention", RETENTION))["color"]["field"] == "share"


def test_retention_labels_cells_as_percentages() -> None:
    text = draw("retention", RETENTION)["layer"][1]["encoding"]["text"]
    assert (text["field"], text["format"]) == ("share", ".0%")


def test_retention_leaves_unfinished_periods_out() -> None:
    assert draw("retention", RETENTION)["transform"] == [{"filter": 'isValid(datum["share"])'}]


def test_retention_cohorts_are_labelled_by_day() -> None:
    assert cells(draw("retention", RETENTION))["y"]["timeUnit"] == "yearmonthdate"


def test_retention_format_option_wins() -> None:
    text = draw("retention", RETENTION, format=".1%")["layer"][1]["encoding"]["text"]
    assert text["format"] == ".1%"


def test_retention_reads_rows_with_the_results_fields() -> None:
    rows = [{"cohort": "2024-01-01", "period": 1, "share": 0.5, "count": 5}]
    assert cells(draw("retention", rows))["color"]["field"] == "share"


def test_retention_options_name_other_fields() -> None:
    rows = [{"week": "2024-01-01", "age": 1, "kept": 0.5}]
    encoding = cells(draw("retention", rows, x="age", y="week", color="kept"))
    assert [encoding[c]["field"] for c in ("x", "y", "color")] == ["age", "week", "kept"]


def test_heatmap_of_a_metric_has_a_row_per_series() -> None:
    point = {"t": "2024-01-01T00:00:00Z", "local": "2024-01-01T00:00:00", "value": 1}
    series = [{"label": name, "total": 1, "points": [point]} for name in ("a", "b")]
    encoding = cells(draw("heatmap", {"series": series, "total": 2}))
    assert (encoding["x"]["field"], encoding["y"]["field"], encoding["color"]["field"]) == (
        "local",
        "series",
        "value",
    )


def test_heatmap_of_rows_with_two_numbers_uses_the_first_as_rows() -> None:
    encoding = cells(draw("heatmap", [{"day": "Mon", "hour": 3, "count": 5}]))
    assert (encoding["y"]["field"], encoding["color"]["field"]) == ("hour", "count")


def test_heatmap_has_no_cell_labels() -> None:
    assert len(draw("heatmap", {"a": [1, 2]})["layer"]) == 1


def test_heatmap_value_must_be_numbers() -> None:
    with pytest.raises(WidgetDataError, match=r"options\.color: field 'day' holds no numbers"):
        draw("heatmap", [{"day": "Mon", "hour": 3}], color="day")


def test_histogram_bins_a_plain_list_of_numbers() -> None:
    x = draw("histogram", [1, 2, 3])["encoding"]["x"]
    assert (x["field"], x["bin"]) == ("value", {"maxbins": 20})


def test_histogram_bins_option_sets_the_most_bins() -> None:
    assert draw("histogram", [1, 2, 3], bins=5)["encoding"]["x"]["bin"] == {"maxbins": 5}


def test_histogram_counts_per_bin() -> None:
    assert draw("histogram", [1])["encoding"]["y"]["aggregate"] == "count"


def test_histogram_bins_the_named_field() -> None:
    rows = [{"a": 1, "b": 2}]
    assert draw("histogram", rows, x="b")["encoding"]["x"]["field"] == "b"


def test_histogram_names_its_own_option_when_the_field_is_missing() -> None:
    with pytest.raises(WidgetDataError, match=r"^options\.x: no field 'c'"):
        draw("histogram", [{"a": 1}], x="c")


def test_histogram_of_a_series_object_stacks_the_series() -> None:
    assert draw("histogram", {"a": [1], "b": [2]})["encoding"]["color"]["field"] == "series"


def test_boxplot_draws_a_box_per_series() -> None:
    encoding = draw("boxplot", {"a": [1, 2, 3], "b": [2, 3]})["encoding"]
    assert (encoding["x"]["field"], encoding["y"]["field"]) == ("series", "value")


def test_boxplot_of_plain_numbers_is_one_box() -> None:
    assert "x" not in draw("boxplot", [1, 2, 3])["encoding"]


def test_boxplot_horizontal_puts_boxes_on_y() -> None:
    encoding = draw("boxplot", {"a": [1, 2]}, orientation="horizontal")["encoding"]
    assert (encoding["y"]["field"], encoding["x"]["field"]) == ("series", "value")


def test_boxplot_whiskers_reach_one_and_a_half_iqr() -> None:
    assert draw("boxplot", [1, 2])["mark"] == {"type": "boxplot", "extent": 1.5}
