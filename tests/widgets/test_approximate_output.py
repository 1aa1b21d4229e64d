"""A widget drawn from an estimated metric result says so in its output, whatever it draws."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.render import render_widget
from gaugeboard.widgets.request import WidgetRequest


def metric_result(approximate: bool) -> dict[str, Any]:
    point = {"t": "2026-03-01T00:00:00Z", "local": "2026-03-01T00:00:00", "value": 1200}
    series = [{"label": "total", "total": 1200, "points": [point]}]
    return {"series": series, "total": 1200, "approximate": approximate}


@pytest.mark.parametrize("widget_type", ["line", "number", "table"])
def test_an_estimate_is_marked_in_the_output(widget_type: str) -> None:
    output = render_widget(WidgetRequest(id="w", type=widget_type), metric_result(True))
    assert output.get("approximate") is True


def test_an_exact_result_is_not_marked() -> None:
    output = render_widget(WidgetRequest(id="w", type="line"), metric_result(False))
    assert "approximate" not in output
