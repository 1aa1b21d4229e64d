"""SVG outputs keep their drawing and lose everything that could run or call out."""

from __future__ import annotations

import pytest

from gaugeboard.notebooks.svg import SvgRefused, sanitized_svg

SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def clean(body: str, attributes: str = "") -> str:
    return sanitized_svg(f"<svg {SVG} {attributes}>{body}</svg>")


def test_drawing_is_kept() -> None:
    assert '<rect width="4" height="2" fill="red"/>' in clean(
        '<rect width="4" height="2" fill="red"/>'
    )


def test_script_elements_are_removed() -> None:
    assert "alert" not in clean("<script>alert(1)</script><circle r='1'/>")


def test_event_handlers_are_removed() -> None:
    assert "onload" not in clean("", 'onload="alert(1)"')
    assert "onclick" not in clean('<rect onclick="alert(1)"/>')


def test_foreign_html_is_removed() -> None:
    body = '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>'
    assert "foreignObject" not in clean(body) and "hi" not in clean(body)


def test_links_keep_their_drawing_but_go_nowhere() -> None:
    result = clean('<a xlink:href="javascript:alert(1)"><rect width="1"/></a>')
    assert "javascript" not in result and '<g><rect width="1"/></g>' in result


def test_references_inside_the_picture_are_kept() -> None:
    assert 'xlink:href="#glyph"' in clean('<use xlink:href="#glyph"/>')


def test_references_elsewhere_are_removed() -> None:
    assert "evil" not in clean('<use xlink:href="https://evil.example/x.svg#a"/>')
    assert "evil" not in clean('<image href="https://evil.example/x.png"/>')


def test_css_cannot_load_anything() -> None:
    css = "@import url(https://evil.example/a.css); rect { fill: url(https://evil.example/x); }"
    result = clean(f"<style>{css}</style>")
    assert "evil" not in result


def test_animation_cannot_rewrite_links() -> None:
    assert "animate" not in clean('<animate attributeName="href" to="javascript:alert(1)"/>')


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<svg", "not well-formed"),
        ("<html><body/></html>", "not an <svg>"),
        ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "declares entities"),
    ],
)
def test_what_is_not_svg_is_refused(text: str, reason: str) -> None:
    with pytest.raises(SvgRefused, match=reason):
        sanitized_svg(text)


def test_deep_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(SvgRefused, match="nested too deeply"):
        sanitized_svg(f"<svg {SVG}>" + "<g>" * 5000 + "</g>" * 5000 + "</svg>")
