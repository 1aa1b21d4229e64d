"""Which field goes where: kinds, guesses for plain rows, and options naming fields."""

from __future__ import annotations

import pytest

from gaugeboard.widgets.charts.fields import choose_fields, field_kind, guess_roles, time_unit
from gaugeboard.widgets.payloads import table_of
from gaugeboard.widgets.request import WidgetDataError

STATUS_ROWS = [
    {"time": "2024-01-01T10:00:00Z", "route": "/", "value": 3},
    {"time": "2024-01-01T11:00:00Z", "route": "/api", "value": None},
]


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        ([1, 2.5, None], "quantitative"),
        (["2024-01-01", "2024-01-02T10:00:00Z", "2024-05"], "temporal"),
        (["north", "2024-01-01"], "nominal"),
        ([True, False], "nominal"),
        ([None], "nominal"),
        (["12"], "nominal"),
    ],
)
def test_field_kind_from_values(values: list[object], kind: str) -> None:
    assert field_kind([{"f": value} for value in values], "f") == kind


def test_status_rows_guess_time_as_x_value_as_y_route_as_color() -> None:
    assert guess_roles(STATUS_ROWS) == ("time", ("value",), "route")


def test_rows_with_several_numbers_draw_each_as_y() -> None:
    rows = [{"day": "Mon", "a": 1, "b": 2}]
    assert guess_roles(rows) == ("day", ("a", "b"), None)


def test_rows_of_numbers_only_use_the_first_as_x() -> None:
    assert guess_roles([{"a": 1, "b": 2, "c": 3}]) == ("a", ("b", "c"), None)


def test_a_single_number_field_is_drawn_over_an_added_index() -> None:
    fields = choose_fields(table_of([{"v": 5}, {"v": 6}]))
    assert (fields.x, [row["index"] for row in fields.rows]) == ("index", [0, 1])


def test_x_option_leaves_the_other_numbers_as_y() -> None:
    fields = choose_fields(table_of([{"a": 1, "b": 2, "c": 3}]), x="b")
    assert (fields.x, fields.y) == ("b", ("a", "c"))


def test_options_override_the_shapes_roles() -> None:
    fields = choose_fields(table_of(STATUS_ROWS), x="route", y=["value"], color=None)
    assert (fields.x, fields.y, fields.color) == ("route", ("value",), None)


def test_option_naming_a_missing_field_is_refused_with_the_fields() -> None:
    with pytest.raises(WidgetDataError, match=r"options\.x: no field 'day' in the data \(fields"):
        choose_fields(table_of(STATUS_ROWS), x="day")


def test_y_field_without_numbers_is_refused() -> None:
    with pytest.raises(WidgetDataError, match=r"options\.y: field 'route' holds no numbers"):
        choose_fields(table_of(STATUS_ROWS), y=["route"])


def test_options_are_not_checked_against_an_empty_payload() -> None:
    assert choose_fields(table_of(None), x="day", y=["n"]).x == "day"


def test_metric_previous_rows_are_dropped_unless_kept() -> None:
    point = {"t": "2024-01-01T00:00:00Z", "local": "2024-01-01T00:00:00", "value": 1}
    series = [{"label": "total", "total": 1, "points": [point]}]
    result = {"series": series, "total": 1, "previous": {"series": series, "total": 1}}
    assert len(choose_fields(table_of(result)).rows) == 1


@pytest.mark.parametrize(
    ("values", "unit"),
    [
        (["2024-05", "2024-06"], "utcyearmonth"),
        (["2024-05-01", "2024-05-02"], "utcyearmonthdate"),
        (["2024-05-01T00:00:00"], "yearmonthdate"),
        (["2024-05-01T10:30:00Z"], "yearmonthdatehoursminutes"),
    ],
)
def test_time_unit_of_whole_months_days_or_minutes(values: list[str], unit: str) -> None:
    assert time_unit([{"t": value} for value in values], "t") == unit
