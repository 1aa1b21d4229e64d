from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def draw(payload: Any, **options: Any) -> dict[str, Any]:
    return render_content(WidgetRequest(id="t", type="table", options=options), payload)


def refused(payload: Any, **options: Any) -> str:
    with pytest.raises(WidgetDataError) as caught:
        draw(payload, **options)
    return caught.value.message


ROWS = [
    {"name": "b", "sales": 10, "active": True},
    {"name": "a", "sales": 30, "since": "2024-01-05"},
    {"name": "C", "sales": None, "since": "2023-12-01T10:00:00Z"},
]


def names(output: dict[str, Any]) -> list[str]:
    return [column["name"] for column in output["columns"]]


def test_output_has_every_key_of_the_contract() -> None:
    assert set(draw(ROWS)) >= {
        "kind",
        "columns",
        "rows",
        "page_size",
        "sort",
        "searchable",
        "total_rows",
    }


def test_columns_are_the_union_of_keys_in_first_seen_order() -> None:
    assert names(draw(ROWS)) == ["name", "sales", "active", "since"]


def test_missing_keys_are_empty_cells() -> None:
    assert draw(ROWS)["rows"][0] == ["b", 10, True, None]


def test_column_types_are_inferred() -> None:
    types = [column["type"] for column in draw(ROWS)["columns"]]
    assert types == ["string", "number", "boolean", "date"]


def test_mixed_column_is_string() -> None:
    assert draw([{"a": 1}, {"a": "x"}])["columns"][0]["type"] == "string"


def test_nested_values_become_json_text() -> None:
    assert draw([{"a": {"b": [1, 2]}}])["rows"] == [['{"b":[1,2]}']]


def test_defaults() -> None:
    output = draw(ROWS)
    assert (output["page_size"], output["sort"], output["searchable"], output["total_rows"]) == (
        25,
        None,
        True,
        3,
    )


def test_columns_option_picks_and_orders() -> None:
    assert draw(ROWS, columns=["sales", "name"])["rows"][0] == [10, "b"]


def test_unknown_picked_column_is_refused_listing_columns() -> None:
    message = refused(ROWS, columns=["nme"])
    assert message.startswith("options.columns:") and "name, sales" in message


def test_sort_ascending_puts_empty_cells_last() -> None:
    rows = draw(ROWS, sort="sales")["rows"]
    assert [row[1] for row in rows] == [10, 30, None]


def test_sort_descending_puts_empty_cells_last() -> None:
    rows = draw(ROWS, sort="sales", descending=True)["rows"]
    assert [row[1] for row in rows] == [30, 10, None]


def test_text_sort_ignores_case() -> None:
    rows = draw(ROWS, sort="name")["rows"]
    assert [row[0] for row in rows] == ["a", "b", "C"]


def test_sort_is_reported() -> None:
    assert draw(ROWS, sort="name", descending=True)["sort"] == {
        "column": "name",
        "descending": True,
    }


def test_sort_on_unknown_column_refused() -> None:
    assert refused(ROWS, sort="price").startswith("options.sort:")


def test_max_rows_caps_after_sorting() -> None:
    output = draw(ROWS, sort="sales", descending=True, max_rows=1)
    assert (output["rows"], output["total_rows"]) == ([["a", 30, None, "2024-01-05"]], 3)


def test_columns_and_rows_payload() -> None:
    payload = {"columns": ["a", {"name": "b"}], "rows": [[1, "x"], [2, "y"]]}
    assert draw(payload)["rows"] == [[1, "x"], [2, "y"]]


def test_columns_and_rows_declared_type_wins() -> None:
    payload = {"columns": [{"name": "zip", "type": "string"}], "rows": [[12345]]}
    assert draw(payload)["columns"] == [{"name": "zip", "type": "string"}]


def test_short_row_refused_naming_it() -> None:
    payload = {"columns": ["a", "b"], "rows": [[1, 2], [3]]}
    assert refused(payload).startswith("payload.rows[1]:")


def test_metric_result_is_time_by_series() -> None:
    points = [{"t": "2024-01-01T00:00:00Z", "local": "2024-01-01T00:00:00", "value": 4}]
    result = {
        "series": [
            {"label": "web", "total": 4, "points": points},
            {"label": "ios", "total": 1, "points": [{**points[0], "value": 1}]},
        ],
        "total": 5,
    }
    output = draw(result)
    assert (names(output), output["rows"]) == (
        ["Time", "web", "ios"],
        [["2024-01-01T00:00:00Z", 4, 1]],
    )


def test_metric_result_without_buckets_lists_totals() -> None:
    result = {"series": [{"label": "total", "total": 9, "points": []}], "total": 9}
    assert draw(result)["rows"] == [["total", 9]]


def test_funnel_result_is_one_row_per_step() -> None:
    steps = [
        {
            "event": "visit",
            "count": 10,
            "conversion_from_previous": 1.0,
            "conversion_from_start": 1.0,
        },
        {"event": "buy", "count": 2, "conversion_from_previous": 0.2, "conversion_from_start": 0.2},
    ]
    assert draw({"steps": steps})["rows"][1] == [2, "buy", 2, 0.2, 0.2]


def test_funnel_breakdown_adds_a_label_column() -> None:
    step = {"event": "visit", "count": 3, "conversion_from_previous": 1, "conversion_from_start": 1}
    result = {"steps": [step], "breakdown": [{"label": "web", "steps": [step]}]}
    assert draw(result)["rows"] == [["web", 1, "visit", 3, 1, 1]]


def test_markup_in_cells_stays_text() -> None:
    assert draw([{"a": "<script>x()</script>"}])["rows"] == [["<script>x()</script>"]]


def test_empty_list_is_an_empty_table() -> None:
    assert (draw([])["columns"], draw([])["rows"]) == ([], [])


def test_page_size_out_of_range_refused() -> None:
    assert refused(ROWS, page_size=501).startswith("options.page_size:")


def test_wrong_shape_lists_accepted_shapes() -> None:
    assert "an events funnel result" in refused({"a": 1})


def test_metric_totals_are_headed_by_the_breakdown_and_what_is_counted() -> None:
    result = {
        "series": [{"label": "FR", "total": 3}, {"label": "DE", "total": 2}],
        "total": 5,
        "query": {"metric": "count", "event": "sign_up", "breakdown": "country", "bucket": None},
    }
    assert names(draw(result)) == ["Country", "Sign up"]


def test_a_metric_over_time_names_its_bucket_and_tells_the_browser_its_grain() -> None:
    points = [{"t": "2024-01-01T00:00:00Z", "local": "2024-01-01T00:00:00", "value": 4}]
    result = {
        "series": [{"label": "total", "total": 4, "points": points}],
        "total": 4,
        "query": {"metric": "unique_persons", "bucket": "week"},
    }
    assert draw(result)["columns"] == [
        {"name": "Week", "type": "date", "grain": "week"},
        {"name": "Unique persons", "type": "number"},
    ]


def test_older_column_names_still_pick_and_sort() -> None:
    result = {
        "series": [{"label": "FR", "total": 3}, {"label": "DE", "total": 2}],
        "total": 5,
        "query": {"metric": "count", "breakdown": "country", "bucket": None},
    }
    output = draw(result, columns=["total", "series"], sort="series")
    assert (names(output), output["rows"]) == (["Events", "Country"], [[2, "DE"], [3, "FR"]])


def test_funnel_rates_are_percentages_and_currency_columns_carry_their_code() -> None:
    rows = [{"region": "north", "amount": 12.5}]
    funnel = {
        "steps": [
            {"event": "view", "count": 4, "conversion_from_previous": 1, "conversion_from_start": 1}
        ]
    }
    money = draw(rows, formats={"amount": "currency"}, currency="EUR")["columns"][1]
    rate = draw(funnel)["columns"][4]
    assert (money, rate) == (
        {"name": "amount", "type": "number", "format": "currency", "currency": "EUR"},
        {"name": "Conversion from start", "type": "number", "format": "percent"},
    )


def test_a_compared_breakdown_puts_each_series_previous_total_and_change_beside_it() -> None:
    result = {
        "series": [{"label": "FR", "total": 3}, {"label": "DE", "total": 2}],
        "total": 5,
        "previous": {"series": [{"label": "DE", "total": 4}, {"label": "FR", "total": 2}]},
        "query": {"metric": "count", "breakdown": "country", "bucket": None, "compare": True},
    }
    output = draw(result)
    assert (names(output), output["rows"], output["columns"][3].get("format")) == (
        ["Country", "Events", "Previous period", "Change"],
        [["FR", 3, 2, 0.5], ["DE", 2, 4, -0.5]],
        "percent",
    )


def test_a_compared_metric_over_time_has_a_previous_column_per_series() -> None:
    point = {"t": "2024-01-01T00:00:00Z", "local": "2024-01-01T00:00:00"}
    result = {
        "series": [{"label": "FR", "total": 3, "points": [{**point, "value": 3}]}],
        "total": 3,
        "previous": {"series": [{"label": "FR", "total": 1, "points": [{**point, "value": 1}]}]},
        "query": {"metric": "count", "breakdown": "country", "bucket": "day", "compare": True},
    }
    output = draw(result)
    assert (names(output), output["rows"]) == (
        ["Day", "FR", "FR (previous period)"],
        [["2024-01-01T00:00:00Z", 3, 1]],
    )


def test_a_compared_period_without_events_still_gets_its_columns() -> None:
    result = {
        "series": [{"label": "FR", "total": 3}],
        "total": 3,
        "previous": {"series": [], "total": 0},
        "query": {"metric": "count", "breakdown": "country", "bucket": None, "compare": True},
    }
    assert draw(result)["rows"] == [["FR", 3, None, None]]
