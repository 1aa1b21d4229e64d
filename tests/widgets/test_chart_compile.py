"""Every chart type's spec compiles with Vega-Lite (through vl_convert), for each payload
shape it accepts, in both themes, and with no data at all."""

from __future__ import annotations

from typing import Any

import pytest
import vl_convert as vlc

from gaugeboard.widgets.catalog import CHART_TYPES
from gaugeboard.widgets.charts import CHARTS, accepted_shapes, render_chart
from gaugeboard.widgets.request import WidgetRequest


def point(day: int, value: Any) -> dict[str, Any]:
    return {"t": f"2024-01-0{day}T00:00:00Z", "local": f"2024-01-0{day}T00:00:00", "value": value}


def step(event: str, count: int, share: float) -> dict[str, Any]:
    return {
        "event": event,
        "count": count,
        "conversion_from_previous": share,
        "conversion_from_start": share,
    }


SAMPLES: dict[str, Any] = {
    "rows": [
        {"time": "2024-01-01T10:00:00Z", "route": "/", "value": 3},
        {"time": "2024-01-01T11:00:00Z", "route": "/api", "value": 5},
    ],
    "series": {"dates": ["2024-01-01", "2024-01-02"], "a": [1, 2], "b": [3, None]},
    "labels": {"north": 3, "south": 4},
    "numbers": [1, 2, 3, 5, 8, 13],
    "pairs": [[1, 2], [2, 4], [3, 1]],
    "tree": {
        "name": "root",
        "children": [
            {"name": "a", "children": [{"name": "x", "size": 3}]},
            {"name": "b", "size": 7},
        ],
    },
    "venn": [{"sets": ["A"], "size": 12}, {"sets": ["A", "B"], "size": 2}],
    "metric": {
        "series": [
            {"label": "pro", "total": 5, "points": [point(1, 2), point(2, 3)]},
            {"label": "free", "total": 1, "points": [point(1, 1), point(2, None)]},
        ],
        "total": 6,
        "previous": {
            "series": [{"label": "pro", "total": 2, "points": [point(3, 1), point(4, 1)]}],
            "total": 2,
        },
        "change": 2.0,
    },
    "funnel": {
        "steps": [step("visit", 100, 1.0), step("buy", 10, 0.1)],
        "breakdown": [
            {"label": "pro", "steps": [step("visit", 60, 1.0), step("buy", 8, 0.13)]},
            {"label": "free", "steps": [step("visit", 40, 1.0), step("buy", 2, 0.05)]},
        ],
    },
    "retention": {
        "cohorts": [
            {
                "start": "2024-01-01T00:00:00Z",
                "local": "2024-01-01T00:00:00",
                "size": 10,
                "values": [
                    {"period": 0, "count": 10, "share": 1.0},
                    {"period": 1, "count": 4, "share": 0.4},
                    {"period": 2, "count": None, "share": None},
                ],
            }
        ]
    },
}
CASES = [
    (widget_type, shape)
    for widget_type, (_, shapes) in CHARTS.items()
    for shape in shapes
    if shape in SAMPLES
]


def compiles(widget_type: str, payload: Any, theme: str = "light", **options: Any) -> bool:
    request = WidgetRequest(id="w", type=widget_type, options=options, theme=theme)
    spec = render_chart(request, payload)["spec"]
    return bool(vlc.vegalite_to_vega(spec).get("marks"))


def test_every_chart_type_has_a_builder() -> None:
    assert set(CHARTS) | {"vega-lite"} == set(CHART_TYPES)


def test_every_accepted_shape_has_a_sample() -> None:
    assert {shape for _, shapes in CHARTS.values() for shape in shapes} <= set(SAMPLES)


@pytest.mark.parametrize(("widget_type", "shape"), CASES)
def test_spec_compiles_for_each_accepted_shape(widget_type: str, shape: str) -> None:
    assert compiles(widget_type, SAMPLES[shape])


@pytest.mark.parametrize("widget_type", list(CHARTS))
def test_spec_compiles_with_no_data(widget_type: str) -> None:
    assert compiles(widget_type, None)


@pytest.mark.parametrize("widget_type", list(CHARTS))
def test_spec_compiles_in_the_dark_theme(widget_type: str) -> None:
    assert compiles(widget_type, SAMPLES[accepted_shapes(widget_type)[0]], theme="dark")


def test_vega_lite_widget_compiles_with_rows_inline() -> None:
    request = WidgetRequest(
        id="w",
        type="vega-lite",
        spec={
            "mark": "bar",
            "encoding": {
                "x": {"field": "route", "type": "nominal"},
                "y": {"field": "value", "type": "quantitative"},
            },
        },
    )
    spec = render_chart(request, SAMPLES["rows"])["spec"]
    assert vlc.vegalite_to_vega(spec)["marks"]


def test_line_with_the_previous_period_compiles() -> None:
    assert compiles("line", SAMPLES["metric"], previous=True)


@pytest.mark.parametrize("stack", ["grouped", "stacked", "normalized"])
def test_bar_compiles_in_every_stack_mode(stack: str) -> None:
    assert compiles("bar", SAMPLES["series"], stack=stack, orientation="horizontal")


@pytest.mark.parametrize("stack", ["grouped", "stacked", "normalized"])
def test_area_compiles_in_every_stack_mode(stack: str) -> None:
    assert compiles("area", SAMPLES["series"], stack=stack)


@pytest.mark.parametrize("mark", ["line", "bar", "area"])
def test_sparkline_compiles_as_each_mark(mark: str) -> None:
    assert compiles("sparkline", SAMPLES["numbers"], mark=mark)


def test_chart_with_every_common_option_compiles() -> None:
    assert compiles(
        "line",
        SAMPLES["rows"],
        x="time",
        y="value",
        color="route",
        x_title="When",
        y_title="Requests",
        legend=False,
        format=",.1f",
        height=240,
        colors=["#4c78a8", "teal"],
        interpolate="monotone",
        points=True,
    )


def test_spec_renders_to_svg_with_the_data() -> None:
    request = WidgetRequest(id="w", type="bar", options={"height": 200})
    spec = render_chart(request, SAMPLES["labels"])["spec"]
    assert "<svg" in vlc.vegalite_to_svg({**spec, "width": 300})
