"""The ``plotly`` widget (jsondash's ``plotly-any``): a sealed Plotly figure."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.content.plotly import sealed_figure
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

FIGURE: dict[str, Any] = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"title": "T"}}


def render(payload: Any, **options: Any) -> dict[str, Any]:
    return render_content(WidgetRequest(id="p", type="plotly", options=options), payload)


def test_a_figure_from_the_source_is_drawn() -> None:
    assert render(FIGURE) == {"kind": "plotly", "figure": FIGURE}


def test_a_figure_in_the_options_is_drawn() -> None:
    assert render(None, figure=FIGURE)["figure"]["data"] == FIGURE["data"]


def test_config_and_frames_never_leave_the_server() -> None:
    sealed = sealed_figure({**FIGURE, "config": {"displayModeBar": True}, "frames": [{}]})
    assert set(sealed) == {"data", "layout"}


def test_layout_pictures_must_be_inline() -> None:
    images = [{"source": "https://evil.example/a.png"}, {"source": "data:image/png;base64,iVBOR"}]
    sealed = sealed_figure({"data": [], "layout": {"images": images}})
    assert sealed["layout"]["images"] == [images[1]]


def test_a_trace_without_a_type_is_a_scatter() -> None:
    assert sealed_figure({"data": [{"x": [1]}]})["data"] == [{"x": [1]}]


@pytest.mark.parametrize("kind", ["scatter3d", "choropleth", "scattermapbox", "parcoords"])
def test_traces_needing_the_network_or_eval_are_refused(kind: str) -> None:
    with pytest.raises(WidgetDataError, match=f"payload.data\\[0\\].type: '{kind}' traces"):
        sealed_figure({"data": [{"type": kind}]})


def test_a_payload_that_is_no_figure_names_the_shape() -> None:
    with pytest.raises(WidgetDataError, match="a plotly widget takes"):
        render([1, 2, 3])


def test_unknown_options_are_refused() -> None:
    with pytest.raises(WidgetDataError, match="options.spec"):
        render(FIGURE, spec={})
