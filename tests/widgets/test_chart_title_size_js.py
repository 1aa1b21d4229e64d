"""A chart's title is sized to its widget (``titleConfig`` in ``web/static/widgets/vega.js``):
11 px up to 300 px wide, 13 px up to 500, 15 px beyond, and cut with an ellipsis (Vega's
``limit``) where it would overflow; run in node (skipped without it, except in CI). The
server's theme leaves the size to the page, since a spec's config beats the page's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import gaugeboard
from gaugeboard.widgets.charts.theme import chart_config
from tests.node_module import run_with_module

VEGA_JS = Path(gaugeboard.__file__).parent / "web" / "static" / "widgets" / "vega.js"

NODE_SCRIPT = """
const vega = await import(process.argv[1]);
const widths = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(widths.map((width) => vega.sizeConfig(width).title ?? null)));
"""


def titles(*widths: float) -> list[Any]:
    answer: list[Any] = run_with_module(VEGA_JS, NODE_SCRIPT, list(widths))
    return answer


@pytest.mark.parametrize(("width", "size"), [(200, 11), (300, 11), (301, 13), (500, 13), (501, 15)])
def test_title_size_steps_with_the_widget_width(width: int, size: int) -> None:
    assert titles(width)[0]["fontSize"] == size


def test_a_long_title_is_limited_to_the_chart_width() -> None:
    assert [title["limit"] for title in titles(240, 800.4)] == [224, 784]


def test_a_tiny_chart_still_shows_a_few_letters() -> None:
    assert titles(30)[0]["limit"] == 40


def test_an_unmeasured_chart_keeps_the_defaults() -> None:
    assert titles(0) == [None]


@pytest.mark.parametrize("theme", ["light", "dark", "auto"])
def test_the_server_theme_leaves_the_title_size_to_the_page(theme: str) -> None:
    assert "fontSize" not in chart_config(theme, None)["title"]
