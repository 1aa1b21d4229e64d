from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.content.colors import NEGATIVE_COLOR, POSITIVE_COLOR
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def items(payload: Any, **options: Any) -> list[dict[str, Any]]:
    request = WidgetRequest(id="g", type="number-group", options=options)
    output = render_content(request, payload)
    assert output["kind"] == "number-group"
    return list(output["items"])


def refused(payload: Any, **options: Any) -> str:
    with pytest.raises(WidgetDataError) as caught:
        items(payload, **options)
    return caught.value.message


JSONDASH = [
    {"title": "Visits", "description": "today", "data": 1200, "units": "k", "width": "30%"},
    {"title": "Errors", "data": "-3", "color": "orange", "noformat": True},
]


def test_jsondash_item_has_every_key_of_the_contract() -> None:
    assert set(items(JSONDASH)[0]) >= {
        "title",
        "description",
        "value",
        "text",
        "units",
        "color",
        "delta",
        "width",
    }


def test_jsondash_item_fields_are_kept() -> None:
    first = items(JSONDASH)[0]
    assert (first["title"], first["description"], first["units"], first["width"]) == (
        "Visits",
        "today",
        "k",
        "30%",
    )


def test_jsondash_item_value_is_formatted() -> None:
    assert items(JSONDASH)[0]["text"] == "1,200"


def test_jsondash_item_positive_colour() -> None:
    assert items(JSONDASH)[0]["color"] == POSITIVE_COLOR


def test_jsondash_item_negative_colour() -> None:
    assert items([{"title": "x", "data": -1}])[0]["color"] == NEGATIVE_COLOR


def test_jsondash_item_colour_with_noformat() -> None:
    assert items(JSONDASH)[1]["color"] == "orange"


def test_bare_number_width_is_percent() -> None:
    assert items([{"title": "x", "data": 1, "width": 25}])[0]["width"] == "25%"


def test_width_injection_refused() -> None:
    message = refused([{"title": "x", "data": 1, "width": "10%;position:fixed"}])
    assert message.startswith("payload[0].width:")


def test_colour_injection_refused_naming_the_item() -> None:
    message = refused([{"title": "x", "data": 1}, {"data": 2, "noformat": 1, "color": "url(x)"}])
    assert message.startswith("payload[1].color:")


def test_markup_in_titles_stays_plain_text() -> None:
    shown = items([{"title": "<img src=x onerror=alert(1)>", "data": "<b>1</b>"}])[0]
    assert (shown["title"], shown["text"]) == ("<img src=x onerror=alert(1)>", "<b>1</b>")


def test_item_without_data_is_refused() -> None:
    assert refused([{"title": "x"}]).startswith("payload[0]:")


def test_object_title_is_refused() -> None:
    assert refused([{"title": {"a": 1}, "data": 1}]).startswith("payload[0].title:")


def test_rows_with_value_and_title_fields() -> None:
    rows = [{"name": "a", "n": 1}, {"name": "b", "n": 2}]
    shown = items(rows, title_field="name", value_field="n")
    assert [(item["title"], item["value"]) for item in shown] == [("a", 1), ("b", 2)]


def test_rows_description_field() -> None:
    rows = [{"n": 1, "why": "because"}]
    assert items(rows, value_field="n", description_field="why")[0]["description"] == "because"


def test_rows_take_units_and_format_from_options() -> None:
    shown = items([{"n": 0.5}], value_field="n", format="percent", units="of users")[0]
    assert (shown["text"], shown["units"]) == ("50%", "of users")


def test_rows_without_value_field_are_refused() -> None:
    message = refused({"columns": ["n"], "rows": [[1]]})
    assert message.startswith("options.value_field:")


def test_metric_series_become_items() -> None:
    result = {
        "series": [{"label": "web", "total": 5}, {"label": "ios", "total": 3}],
        "total": 8,
    }
    assert [item["title"] for item in items(result)] == ["web", "ios"]


def test_metric_series_delta_from_previous_period() -> None:
    result = {
        "series": [{"label": "web", "total": 6}],
        "total": 6,
        "previous": {"series": [{"label": "web", "total": 4}], "total": 4},
    }
    assert items(result)[0]["delta"] == pytest.approx(0.5)


def test_empty_list_is_an_empty_group() -> None:
    assert items([]) == []


def test_too_many_items_refused() -> None:
    assert "at most" in refused([{"title": "x", "data": 1}] * 101)


def test_wrong_shape_lists_accepted_shapes() -> None:
    assert "jsondash" in refused("12")
