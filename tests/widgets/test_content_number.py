from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.content.colors import NEGATIVE_COLOR, POSITIVE_COLOR
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def draw(payload: Any, **options: Any) -> dict[str, Any]:
    return render_content(WidgetRequest(id="n", type="number", options=options), payload)


def refused(payload: Any, **options: Any) -> str:
    with pytest.raises(WidgetDataError) as caught:
        draw(payload, **options)
    return caught.value.message


def metric(compare: bool = True) -> dict[str, Any]:
    points = [
        {"t": "2024-01-01T00:00:00Z", "local": "2024-01-01T00:00:00", "value": 10},
        {"t": "2024-01-02T00:00:00Z", "local": "2024-01-02T00:00:00", "value": 15},
    ]
    result: dict[str, Any] = {
        "series": [{"label": "total", "total": 25, "points": points}],
        "total": 25,
    }
    if compare:
        result["previous"] = {
            "series": [{"label": "total", "total": 20, "points": []}],
            "total": 20,
        }
        result["change"] = 0.25
    return result


def test_output_has_every_key_of_the_contract() -> None:
    assert set(draw(5)) >= {
        "kind",
        "value",
        "text",
        "previous",
        "delta",
        "units",
        "color",
        "sparkline",
        "label",
    }


def test_plain_number_is_the_value() -> None:
    assert draw(1234)["value"] == 1234


def test_plain_number_is_formatted_with_separators() -> None:
    assert draw(1234567)["text"] == "1,234,567"


def test_jsondash_string_data_is_shown_as_given() -> None:
    assert draw({"data": "$12,300"})["text"] == "$12,300"


def test_jsondash_nested_data_is_unwrapped() -> None:
    assert draw({"data": {"data": 42}})["value"] == 42


def test_jsondash_numeric_string_becomes_a_number() -> None:
    assert draw({"data": "42"})["value"] == 42


def test_jsondash_leading_minus_is_negative_colour() -> None:
    assert draw({"data": "-5%"})["color"] == NEGATIVE_COLOR


def test_jsondash_positive_value_is_positive_colour() -> None:
    assert draw({"data": 5})["color"] == POSITIVE_COLOR


def test_jsondash_color_ignored_without_noformat() -> None:
    assert draw({"data": 5, "color": "purple"})["color"] == POSITIVE_COLOR


def test_jsondash_color_applied_with_noformat() -> None:
    assert draw({"data": -5, "color": "Purple", "noformat": True})["color"] == "purple"


def test_jsondash_noformat_without_color_has_no_colour() -> None:
    assert draw({"data": -5, "noformat": True})["color"] is None


def test_jsondash_nested_noformat_from_outer_object() -> None:
    assert draw({"noformat": True, "color": "#abc", "data": {"data": 1}})["color"] == "#abc"


def test_plain_number_has_no_colour() -> None:
    assert draw(-5)["color"] is None


def test_metric_total_is_the_value() -> None:
    assert draw(metric())["value"] == 25


def test_metric_previous_total_is_previous() -> None:
    assert draw(metric())["previous"] == 20


def test_metric_change_is_delta() -> None:
    assert draw(metric())["delta"] == 0.25


def test_metric_without_compare_has_no_delta() -> None:
    assert draw(metric(compare=False))["delta"] is None


def test_metric_delta_computed_when_change_missing() -> None:
    result = metric()
    del result["change"]
    assert draw(result)["delta"] == pytest.approx(0.25)


def test_metric_sparkline_draws_the_first_series_points() -> None:
    spec = draw(metric())["sparkline"]
    assert [point["value"] for point in spec["data"]["values"]] == [10, 15]


def test_metric_sparkline_is_a_temporal_vega_lite_line() -> None:
    spec = draw(metric())["sparkline"]
    assert (spec["mark"]["type"], spec["encoding"]["x"]["type"]) == ("line", "temporal")


def test_metric_sparkline_can_be_turned_off() -> None:
    assert draw(metric(), sparkline=False)["sparkline"] is None


def test_rows_without_field_are_counted() -> None:
    assert draw([{"a": 1}, {"a": 2}, {"a": 3}])["value"] == 3


def test_rows_with_field_are_summed_by_default() -> None:
    assert draw([{"a": 1}, {"a": 2.5}], field="a")["value"] == 3.5


@pytest.mark.parametrize(
    ("how", "expected"),
    [("count", 3), ("sum", 9), ("avg", 3), ("min", 1), ("max", 6), ("last", 2)],
)
def test_rows_aggregate(how: str, expected: float) -> None:
    rows = [{"a": 1}, {"a": 6}, {"a": None}, {"a": "2"}]
    assert draw(rows, field="a", aggregate=how)["value"] == expected


def test_columns_rows_table_is_aggregated() -> None:
    payload = {"columns": ["a"], "rows": [[2], [4]]}
    assert draw(payload, field="a", aggregate="avg")["value"] == 3


def test_empty_rows_count_zero() -> None:
    assert draw([])["value"] == 0


def test_average_of_no_values_is_empty() -> None:
    assert draw([], field="a", aggregate="avg")["text"] == "—"


def test_rows_sparkline_on_request() -> None:
    spec = draw([{"a": 1}, {"a": 3}], field="a", sparkline=True)["sparkline"]
    assert [point["value"] for point in spec["data"]["values"]] == [1, 3]


def test_rows_aggregate_other_than_count_needs_field() -> None:
    assert refused([{"a": 1}], aggregate="sum").startswith("options.field:")


def test_rows_field_missing_everywhere_is_named() -> None:
    assert "no row has 'b'" in refused([{"a": 1}], field="b")


def test_rows_non_numeric_value_names_the_row() -> None:
    assert refused([{"a": 1}, {"a": "lots"}], field="a").startswith("payload[1].a:")


def test_format_percent() -> None:
    assert draw(0.253, format="percent")["text"] == "25.3%"


def test_format_currency_defaults_to_dollars_and_cents() -> None:
    assert draw(-1234.5, format="currency")["text"] == "-$1,234.50"


def test_format_currency_with_prefix() -> None:
    assert draw(3, format="currency", prefix="€")["text"] == "€3.00"


def test_format_compact() -> None:
    assert draw(1_520_000, format="compact")["text"] == "1.5M"


def test_format_decimals() -> None:
    assert draw(2, decimals=2)["text"] == "2.00"


def test_format_raw_keeps_the_number_as_is() -> None:
    assert draw(1234.5, format="raw")["text"] == "1234.5"


def test_suffix_is_appended() -> None:
    assert draw(5, suffix=" ms")["text"] == "5 ms"


def test_units_and_label_from_options() -> None:
    output = draw(5, units="req/s", label="Throughput")
    assert (output["units"], output["label"]) == ("req/s", "Throughput")


def test_units_from_jsondash_payload() -> None:
    assert draw({"data": 5, "units": "ms"})["units"] == "ms"


def test_script_in_text_stays_a_plain_string() -> None:
    output = draw({"data": "<script>alert(1)</script>"})
    assert output["text"] == "<script>alert(1)</script>"


def test_colour_injection_refused() -> None:
    message = refused({"data": 1, "noformat": True, "color": "red; background: url(//x)"})
    assert message.startswith("payload.color:")


def test_colour_injection_refused_even_without_noformat() -> None:
    assert refused({"data": 1, "color": "red;}"}).startswith("payload.color:")


def test_data_that_is_a_list_is_refused() -> None:
    assert refused({"data": [1, 2]}).startswith("payload.data:")


def test_wrong_shape_lists_accepted_shapes() -> None:
    message = refused([1, 2, 3])
    assert "an events metric result" in message and "got a list of 3 items" in message


def test_no_payload_is_refused() -> None:
    assert "got nothing" in refused(None)


def test_bad_options_are_reported_with_options_prefix() -> None:
    assert refused(5, format="fancy").startswith("options.format:")
