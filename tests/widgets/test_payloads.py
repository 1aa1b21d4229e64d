"""Every accepted payload shape read into tidy rows (gaugeboard.widgets.payloads)."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.payloads import (
    Table,
    rows_of,
    shape_of,
    table_of,
    totals_of,
    unknown_shape_error,
)
from gaugeboard.widgets.request import WidgetDataError


def point(day: int, value: Any) -> dict[str, Any]:
    return {"t": f"2024-01-0{day}T00:00:00Z", "local": f"2024-01-0{day}T00:00:00", "value": value}


METRIC: dict[str, Any] = {
    "series": [
        {"label": "pro", "total": 5, "points": [point(1, 2), point(2, 3)]},
        {"label": "free", "total": 1, "points": [point(1, 1), point(2, 0)]},
    ],
    "total": 6,
}


@pytest.mark.parametrize(
    ("payload", "shape"),
    [
        (None, "empty"),
        ([], "empty"),
        ({}, "empty"),
        ([{"x": 1, "y": 2}], "rows"),
        ({"a": [1, 2], "b": [3, None]}, "series"),
        ({"dates": ["2024-01-01"], "a": [1]}, "series"),
        ({"a": 1, "b": 2.5}, "labels"),
        ({"data": 40}, "labels"),
        ([1, 2, None], "numbers"),
        ([[1, 2], [3, 4]], "pairs"),
        ({"name": "root", "children": []}, "tree"),
        ({"name": "leaf", "value": 3}, "tree"),
        ([{"sets": ["A"], "size": 3}], "venn"),
        (METRIC, "metric"),
        ({"steps": [{"event": "a", "count": 1}]}, "funnel"),
        ({"cohorts": []}, "retention"),
        ("text", None),
        ({"a": "b"}, None),
        ([1, "two"], None),
    ],
)
def test_shape_of_names_each_shape(payload: Any, shape: str | None) -> None:
    assert shape_of(payload) == shape


def test_rows_pass_through_as_copies() -> None:
    payload = [{"region": "north", "total": 7}]
    rows = rows_of(payload)
    assert rows == payload and rows[0] is not payload[0]


def test_status_rows_are_plain_rows() -> None:
    payload = [{"time": "2024-01-01T10:00:00Z", "route": "/", "value": 3}]
    assert table_of(payload) == Table("rows", payload)


def test_series_object_gives_one_row_per_value_over_its_index() -> None:
    assert rows_of({"a": [5, 6], "b": [7]}) == [
        {"x": 0, "series": "a", "value": 5},
        {"x": 1, "series": "a", "value": 6},
        {"x": 0, "series": "b", "value": 7},
    ]


def test_series_object_with_dates_uses_them_as_x() -> None:
    payload = {"dates": ["2024-01-01", "2024-01-02"], "a": [5, 6]}
    assert [row["x"] for row in rows_of(payload)] == ["2024-01-01", "2024-01-02"]


def test_series_object_roles() -> None:
    table = table_of({"a": [1]})
    assert (table.x, table.y, table.color) == ("x", ("value",), "series")


def test_label_object_gives_label_and_value_rows() -> None:
    assert rows_of({"north": 3, "south": 4}) == [
        {"label": "north", "value": 3},
        {"label": "south", "value": 4},
    ]


def test_jsondash_gauge_payload_is_one_labelled_value() -> None:
    assert rows_of({"data": 40}) == [{"label": "data", "value": 40}]


def test_number_list_gives_index_and_value() -> None:
    assert rows_of([3, 1]) == [{"x": 0, "value": 3}, {"x": 1, "value": 1}]


def test_pairs_give_x_and_y() -> None:
    assert rows_of([[1, 10], [2, 20]]) == [{"x": 1, "y": 10}, {"x": 2, "y": 20}]


def test_tree_gives_its_leaves_with_their_paths_below_the_root() -> None:
    tree = {
        "name": "flare",
        "children": [
            {"name": "a", "children": [{"name": "x", "size": 3}]},
            {"name": "b", "size": 7},
        ],
    }
    assert rows_of(tree) == [
        {"path": "a / x", "name": "x", "value": 3, "depth": 2},
        {"path": "b", "name": "b", "value": 7, "depth": 1},
    ]


def test_flamegraph_tree_reads_value_on_leaves() -> None:
    tree = {"name": "main", "value": 10, "children": [{"name": "f", "value": 4}]}
    assert rows_of(tree) == [{"path": "f", "name": "f", "value": 4, "depth": 1}]


def test_tree_leaf_without_size_counts_as_one() -> None:
    assert rows_of({"name": "root", "children": [{"name": "a"}]})[0]["value"] == 1


def test_single_node_tree_is_its_own_leaf() -> None:
    assert rows_of({"name": "only", "size": 2}) == [
        {"path": "only", "name": "only", "value": 2, "depth": 0}
    ]


def test_deep_tree_does_not_hit_the_recursion_limit() -> None:
    node: dict[str, Any] = {"name": "leaf", "size": 1}
    for level in range(5000):
        node = {"name": f"n{level}", "children": [node]}
    assert rows_of(node)[0]["depth"] == 5000


def test_venn_sets_are_joined_into_one_label() -> None:
    payload = [{"sets": ["A"], "size": 12}, {"sets": ["A", "B"], "size": 2}]
    assert rows_of(payload) == [{"sets": "A", "size": 12}, {"sets": "A ∩ B", "size": 2}]


def test_wordcloud_words_are_rows() -> None:
    payload = [{"text": "foo", "size": 10}]
    assert table_of(payload).shape == "rows"


def test_metric_result_gives_a_row_per_label_and_bucket() -> None:
    rows = rows_of(METRIC)
    assert [(row["series"], row["local"], row["value"]) for row in rows] == [
        ("pro", "2024-01-01T00:00:00", 2),
        ("pro", "2024-01-02T00:00:00", 3),
        ("free", "2024-01-01T00:00:00", 1),
        ("free", "2024-01-02T00:00:00", 0),
    ]


def test_metric_roles_split_by_series_when_there_are_several() -> None:
    table = table_of(METRIC)
    assert (table.x, table.y, table.color) == ("local", ("value",), "series")


def test_metric_with_one_series_has_no_color_role() -> None:
    single = {"series": METRIC["series"][:1], "total": 5}
    assert table_of(single).color is None


def test_metric_previous_period_is_placed_on_the_current_buckets() -> None:
    previous = {"series": [{"label": "pro", "total": 1, "points": [point(3, 1), point(4, 0)]}]}
    rows = rows_of({**METRIC, "previous": previous})
    earlier = [row for row in rows if row["period"] == "previous"]
    assert [(row["local"], row["at"]) for row in earlier] == [
        ("2024-01-01T00:00:00", "2024-01-03T00:00:00Z"),
        ("2024-01-02T00:00:00", "2024-01-04T00:00:00Z"),
    ]


def test_metric_without_buckets_gives_a_total_per_series() -> None:
    result = {"series": [{"label": "/", "total": 9, "points": []}], "total": 9}
    assert rows_of(result) == [{"series": "/", "value": 9, "period": "current"}]


def test_totals_of_metric_reads_series_totals_not_bucket_sums() -> None:
    table = totals_of({**METRIC, "series": [{**METRIC["series"][0], "total": 42}]})
    assert table.rows == [{"series": "pro", "value": 42, "period": "current"}]


def test_funnel_result_gives_a_row_per_step() -> None:
    result = {
        "steps": [
            {
                "event": "visit",
                "count": 10,
                "conversion_from_previous": 1.0,
                "conversion_from_start": 1.0,
            },
            {
                "event": "buy",
                "count": 2,
                "conversion_from_previous": 0.2,
                "conversion_from_start": 0.2,
            },
        ]
    }
    assert rows_of(result)[1] == {
        "step": 1,
        "event": "buy",
        "count": 2,
        "conversion_from_previous": 0.2,
        "conversion_from_start": 0.2,
        "series": "total",
    }


def test_funnel_breakdown_gives_rows_per_group() -> None:
    steps = [{"event": "visit", "count": 4}]
    result = {
        "steps": steps,
        "breakdown": [{"label": "pro", "steps": steps}, {"label": "free", "steps": steps}],
    }
    table = table_of(result)
    assert [row["series"] for row in table.rows] == ["pro", "free"] and table.color == "series"


def test_retention_result_gives_a_row_per_cohort_and_period() -> None:
    result = {
        "cohorts": [
            {
                "start": "2024-01-01T00:00:00Z",
                "local": "2024-01-01T00:00:00",
                "size": 4,
                "values": [
                    {"period": 0, "count": 4, "share": 1.0},
                    {"period": 1, "count": None, "share": None},
                ],
            }
        ]
    }
    assert rows_of(result) == [
        {
            "cohort": "2024-01-01T00:00:00",
            "start": "2024-01-01T00:00:00Z",
            "size": 4,
            "period": 0,
            "count": 4,
            "share": 1.0,
        },
        {
            "cohort": "2024-01-01T00:00:00",
            "start": "2024-01-01T00:00:00Z",
            "size": 4,
            "period": 1,
            "count": None,
            "share": None,
        },
    ]


def test_empty_payload_gives_no_rows() -> None:
    assert rows_of(None) == []


def test_unknown_shape_is_refused_naming_the_shapes() -> None:
    with pytest.raises(WidgetDataError, match=r"accept rows of objects .* got a str"):
        rows_of("hello")


def test_unknown_shape_error_lists_only_the_accepted_shapes() -> None:
    error = unknown_shape_error({"a": "b"}, ("numbers",), "histogram charts")
    assert error.message == (
        "payload: histogram charts accept a list of numbers [n, ...] (or nothing); "
        "got an object with keys a"
    )
