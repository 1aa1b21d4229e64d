from __future__ import annotations

import pytest

from gaugeboard.widgets.content.colors import css_color
from gaugeboard.widgets.content.dates import parse_moment
from gaugeboard.widgets.content.number_format import FormatOptions, format_number, to_number
from gaugeboard.widgets.content.text import strip_tags
from gaugeboard.widgets.content.urls import embed_source, safe_link


@pytest.mark.parametrize(
    "color",
    [
        "red",
        "RebeccaPurple",
        "#fff",
        "#ffffff80",
        "rgb(1, 2, 3)",
        "rgba(1,2,3,0.5)",
        "rgb(10% 20% 30% / 50%)",
        "hsl(120, 50%, 50%)",
        "hsla(120deg 50% 50% / .5)",
    ],
)
def test_css_colours_pass(color: str) -> None:
    assert css_color(color) == color.lower()


@pytest.mark.parametrize(
    "color",
    [
        "red;background:url(x)",
        "expression(alert(1))",
        "url(javascript:x)",
        "#ggg",
        "reddish",
        "rgb(1,2,3);x",
        "var(--x)",
        "rgb(1,2,3)}body{",
        "</style>",
    ],
)
def test_css_colour_lookalikes_fail(color: str) -> None:
    assert css_color(color) is None


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://e.org", "https://e.org"),
        ("mailto:a@b.org", "mailto:a@b.org"),
        ("/path?q=1", "/path?q=1"),
        ("#top", "#top"),
        ("java\nscript:alert(1)", None),
        ("  javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("\x01javascript:alert(1)", None),
    ],
)
def test_safe_link(href: str, kept: str | None) -> None:
    assert safe_link(href) == kept


def test_embed_source_reads_the_first_iframe() -> None:
    code = '<div><iframe src="https://a.org/1"></iframe><iframe src="https://b.org"></iframe>'
    assert embed_source(code) == "https://a.org/1"


def test_embed_source_of_a_plain_url_is_none() -> None:
    assert embed_source("https://a.org/") is None


def test_strip_tags_decodes_entities_and_breaks_blocks() -> None:
    assert strip_tags("<p>a &lt;b&gt;</p><p>c</p>") == "a <b>\nc"


def test_strip_tags_drops_style_contents() -> None:
    assert strip_tags("<style>p{}</style>x") == "x"


def test_numeric_strings_are_numbers() -> None:
    assert (to_number("12"), to_number("1.5"), to_number("$12")) == (12, 1.5, None)


def test_booleans_are_not_numbers() -> None:
    assert to_number(True) is None


def test_compact_trillions() -> None:
    assert format_number(2.5e12, FormatOptions(format="compact")) == "2.5T"


def test_negative_zero_after_rounding_has_no_sign() -> None:
    assert format_number(-0.001, FormatOptions()) == "0"


def test_float_drops_trailing_zeros() -> None:
    assert format_number(2.50, FormatOptions()) == "2.5"


def test_year_month_moment() -> None:
    moment = parse_moment("1969-07", "t")
    assert moment is not None and (moment.iso(), moment.label()) == ("1969-07", "July 1969")


def test_year_moment_sorts_before_a_later_day() -> None:
    year, day = parse_moment("1969", "t"), parse_moment("1969-01-02", "t")
    assert year is not None and day is not None and year.sort_key() < day.sort_key()
