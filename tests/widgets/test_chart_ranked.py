"""Funnel and sparkline specs."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.charts import render_chart
from gaugeboard.widgets.charts.fields import choose_fields
from gaugeboard.widgets.charts.ranked import funnel_steps, largest
from gaugeboard.widgets.payloads import table_of
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def draw(widget_type: str, payload: Any, **options: Any) -> dict[str, Any]:
    request = WidgetRequest(id="w", type=widget_type, options=options)
    spec: dict[str, Any] = render_chart(request, payload)["spec"]
    return spec


FUNNEL = {
    "steps": [
        {
            "event": "visit",
            "count": 100,
            "conversion_from_previous": 1.0,
            "conversion_from_start": 1.0,
        },
        {
            "event": "buy",
            "count": 10,
            "conversion_from_previous": 0.1,
            "conversion_from_start": 0.1,
        },
    ]
}


def test_funnel_steps_compute_conversions_from_rows() -> None:
    rows = [{"step": "visit", "n": 200}, {"step": "signup", "n": 50}, {"step": "buy", "n": 10}]
    steps = funnel_steps(choose_fields(table_of(rows)))
    assert [
        (s["event"], s["conversion_from_previous"], s["conversion_from_start"]) for s in steps
    ] == [
        ("visit", 1.0, 1.0),
        ("signup", 0.25, 0.25),
        ("buy", 0.2, 0.05),
    ]


def test_funnel_steps_restart_per_series() -> None:
    rows = [
        {"step": "visit", "plan": "pro", "n": 10},
        {"step": "buy", "plan": "pro", "n": 5},
        {"step": "visit", "plan": "free", "n": 20},
    ]
    steps = funnel_steps(choose_fields(table_of(rows)))
    assert [(s["series"], s["step"]) for s in steps] == [("pro", 0), ("pro", 1), ("free", 0)]


def test_funnel_step_after_an_empty_step_has_no_conversion() -> None:
    steps = funnel_steps(choose_fields(table_of({"a": 0, "b": 0})))
    assert steps[1]["conversion_from_previous"] is None


def test_funnel_draws_the_events_result_as_it_is() -> None:
    assert draw("funnel", FUNNEL)["data"]["values"][1]["conversion_from_start"] == 0.1


def test_funnel_bars_are_horizontal_in_step_order() -> None:
    y = draw("funnel", FUNNEL)["layer"][0]["encoding"]["y"]
    assert (y["field"], y["sort"]) == ("event", {"field": "step", "op": "min"})


def test_funnel_labels_each_bar_with_count_and_share_of_the_start() -> None:
    label = draw("funnel", FUNNEL)["transform"][0]["calculate"]
    assert 'format(datum.count, ",~f")' in label and "format(datum.conversion_from_start" in label


def test_funnel_breakdown_puts_groups_side_by_side() -> None:
    steps = FUNNEL["steps"]
    result = {"steps": steps, "breakdown": [{"label": "pro", "steps": steps}]}
    assert draw("funnel", result)["layer"][0]["encoding"]["yOffset"]["field"] == "series"


def test_funnel_of_a_label_object_keeps_its_order() -> None:
    values = draw("funnel", {"visit": 10, "buy": 2})["data"]["values"]
    assert [(row["event"], row["count"]) for row in values] == [("visit", 10), ("buy", 2)]


def test_funnel_refuses_a_number_list() -> None:
    with pytest.raises(WidgetDataError, match=r"funnel charts accept an events funnel result"):
        draw("funnel", [1, 2])


def test_largest_keeps_the_biggest_and_sums_the_rest() -> None:
    rows = [{"k": "a", "v": 1}, {"k": "b", "v": 5}, {"k": "c", "v": 2}, {"k": "d", "v": 1}]
    assert largest(rows, "k", "v", 2) == [
        {"k": "b", "v": 5},
        {"k": "c", "v": 2},
        {"k": "(other) (2)", "v": 2},
    ]


def test_sparkline_has_no_axes() -> None:
    encoding = draw("sparkline", [1, 3, 2])["encoding"]
    assert (encoding["x"]["axis"], encoding["y"]["axis"]) == (None, None)


def test_sparkline_has_no_frame() -> None:
    assert draw("sparkline", [1, 3, 2])["config"]["view"] == {"stroke": None}


def test_sparkline_draws_pairs() -> None:
    assert draw("sparkline", [[1, 5], [2, 6]])["encoding"]["y"]["field"] == "y"


def test_sparkline_bar_mark() -> None:
    assert draw("sparkline", [1, 2], mark="bar")["mark"] == {"type": "bar"}


def draw_themed(widget_type: str, payload: Any, theme: str) -> dict[str, Any]:
    request = WidgetRequest(id="w", type=widget_type, theme=theme)
    spec: dict[str, Any] = render_chart(request, payload)["spec"]
    return spec


def test_funnel_labels_follow_the_page_when_the_theme_follows_the_system() -> None:
    label_mark = draw_themed("funnel", FUNNEL, "auto")["layer"][1]["mark"]
    assert "color" not in label_mark


def test_funnel_labels_are_light_on_a_dark_dashboard() -> None:
    label_mark = draw_themed("funnel", FUNNEL, "dark")["layer"][1]["mark"]
    assert label_mark["color"] == "#e6e6e6"


def test_funnel_leaves_room_for_the_widest_bars_label() -> None:
    scale = draw("funnel", FUNNEL)["layer"][0]["encoding"]["x"]["scale"]
    assert scale["domainMax"] > 100


def test_tristate_sparkline_draws_gains_losses_and_flat_values() -> None:
    spec = draw("sparkline", [2, -1, 0], mark="tristate")
    assert spec["encoding"]["color"]["scale"]["domain"] == [1, -1, 0]


def test_discrete_sparkline_draws_ticks() -> None:
    assert draw("sparkline", [2, 5, 3], mark="discrete")["mark"]["type"] == "tick"


def test_bullet_sparkline_has_ranges_performance_and_target() -> None:
    layers = draw("sparkline", [10, 12, 15, 9], mark="bullet")["layer"]
    assert [layer["data"]["values"] for layer in layers][1:] == [
        [{"performance": 12}],
        [{"target": 10}],
    ]
    assert [row["end"] for row in layers[0]["data"]["values"]] == [15, 9]


def test_bullet_sparkline_needs_a_target_and_a_performance() -> None:
    with pytest.raises(WidgetDataError, match="bullet sparkline takes"):
        draw("sparkline", [10], mark="bullet")
