"""Charts drawn without Vega's label limits (one measurement fewer per label) come out as
the page draws them, with its limits: short labels are never cut, long ones are."""

from __future__ import annotations

import math

import vl_convert

from gaugeboard.render.charts import chart_svg, untruncated
from gaugeboard.render.snapshot import forget_drawings
from gaugeboard.render.text_paths import widest_line
from gaugeboard.render.theme import FONT_FAMILY, LIGHT, chart_config


def bars(labels: list[str]) -> dict[str, object]:
    return {
        "data": {
            "values": [{"k": label, "v": n + 1, "c": label} for n, label in enumerate(labels)]
        },
        "mark": "bar",
        "encoding": {
            "x": {"field": "k", "type": "nominal"},
            "y": {"field": "v", "type": "quantitative"},
            "color": {"field": "c", "type": "nominal"},
        },
        "width": 300,
        "height": 120,
    }


def as_the_page_draws(spec: dict[str, object]) -> str:
    return str(vl_convert.vegalite_to_svg(spec, config=chart_config(LIGHT), allowed_base_urls=[]))


def test_short_labels_come_out_as_with_the_limits() -> None:
    forget_drawings()
    spec = bars(["north", "south", "east & west"])
    assert chart_svg(spec, LIGHT) == as_the_page_draws(spec)


def test_a_label_near_the_limit_is_cut_as_the_page_cuts_it() -> None:
    forget_drawings()
    spec = bars(["short", "a very long category name that the page cuts with an ellipsis"])
    drawn = chart_svg(spec, LIGHT)
    assert "…" in drawn
    assert drawn == as_the_page_draws(spec)


def test_untruncated_config_keeps_the_theme() -> None:
    config = chart_config(LIGHT)
    quick = untruncated(config)
    assert quick["axis"]["labelLimit"] == 0 and quick["legend"]["labelLimit"] == 0
    assert quick["axis"]["labelColor"] == config["axis"]["labelColor"]  # type: ignore[index]
    assert "labelLimit" not in config["axis"]  # type: ignore[operator]


def test_widest_line_measures_with_the_font_or_bounds_it() -> None:
    family = f'font-family="{FONT_FAMILY}"'
    narrow = widest_line(f'<text font-size="10px" {family}>iii</text>')
    wide = widest_line(f'<text font-size="10px" {family}>WWW</text>')
    assert 0 < narrow < wide <= 33
    assert widest_line('<text font-size="10px" font-family="serif">WWW</text>') == 33
    assert widest_line(f"<text {family}><tspan>a</tspan></text>") == math.inf
