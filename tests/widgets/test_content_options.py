from __future__ import annotations

import pytest

from gaugeboard.widgets.catalog import CONTENT_TYPES
from gaugeboard.widgets.content import CONTENT_KINDS, content_options_problems, render_content
from gaugeboard.widgets.options import options_problems
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def test_every_content_type_has_a_renderer() -> None:
    assert set(CONTENT_KINDS) == set(CONTENT_TYPES)


@pytest.mark.parametrize("widget_type", CONTENT_TYPES)
def test_empty_options_are_valid(widget_type: str) -> None:
    assert content_options_problems(widget_type, {}) == []


@pytest.mark.parametrize("widget_type", CONTENT_TYPES)
def test_unknown_option_is_a_problem(widget_type: str) -> None:
    problems = content_options_problems(widget_type, {"colour_scheme": "x"})
    assert problems[0].startswith("colour_scheme: unknown option (known: ")


def test_problems_come_through_the_widget_options_entry_point() -> None:
    assert options_problems("table", {"page_size": 0}) == [
        "page_size: Input should be greater than or equal to 1"
    ]


def test_every_problem_is_reported() -> None:
    assert len(content_options_problems("number", {"format": "x", "decimals": -1})) == 2


def test_repeated_table_column_is_a_problem() -> None:
    assert content_options_problems("table", {"columns": ["a", "a"]}) == [
        "columns: lists 'a' more than once"
    ]


def test_iframe_javascript_url_is_an_options_problem() -> None:
    problems = content_options_problems("iframe", {"url": "javascript:alert(1)"})
    assert problems[0].startswith("url: must be an http:// or https:// URL")


def test_image_svg_data_url_is_an_options_problem() -> None:
    problems = content_options_problems("image", {"url": "data:image/svg+xml;base64,AA=="})
    assert problems[0].startswith("url:")


def test_html_option_over_one_megabyte_is_a_problem() -> None:
    problems = content_options_problems("html", {"html": "é" * 600_000})
    assert problems[0].startswith("html: is 1,200,000 bytes")


def test_unknown_widget_type_has_no_content_problems() -> None:
    assert content_options_problems("line", {"anything": 1}) == []


def test_non_content_type_is_refused_by_the_renderer() -> None:
    with pytest.raises(WidgetDataError):
        render_content(WidgetRequest(id="x", type="line"), [])
