from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

YOUTUBE = (
    '<iframe width="650" height="366" src="https://www.youtube.com/embed/abc123" '
    'frameborder="0" allowfullscreen></iframe>'
)
PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ=="


def draw(widget_type: str, payload: Any, widget_title: str = "", **options: Any) -> dict[str, Any]:
    request = WidgetRequest(id="e", type=widget_type, title=widget_title, options=options)
    return render_content(request, payload)


def refused(widget_type: str, payload: Any, **options: Any) -> str:
    with pytest.raises(WidgetDataError) as caught:
        draw(widget_type, payload, **options)
    return caught.value.message


def test_html_string_passes_unchanged() -> None:
    assert draw("html", "<b onclick='x()'>hi</b>") == {
        "kind": "html",
        "html": "<b onclick='x()'>hi</b>",
    }


def test_html_object_payload() -> None:
    assert draw("html", {"html": "<p>x</p>"})["html"] == "<p>x</p>"


def test_html_from_options() -> None:
    assert draw("html", None, html="<p>y</p>")["html"] == "<p>y</p>"


def test_html_over_one_megabyte_refused() -> None:
    assert "at most 1 MB" in refused("html", "x" * (1024 * 1024 + 1))


def test_html_wrong_shape_refused() -> None:
    assert "a string of HTML" in refused("html", [1])


def test_iframe_url_from_options() -> None:
    assert draw("iframe", None, url="https://example.org/")["url"] == "https://example.org/"


def test_iframe_url_from_string_payload() -> None:
    assert draw("iframe", "http://example.org/x")["url"] == "http://example.org/x"


def test_iframe_url_from_youtube_embed_code() -> None:
    assert draw("iframe", YOUTUBE)["url"] == "https://www.youtube.com/embed/abc123"


def test_iframe_url_from_youtube_embed_code_in_options() -> None:
    assert draw("iframe", None, url=YOUTUBE)["url"] == "https://www.youtube.com/embed/abc123"


def test_iframe_scheme_relative_embed_src_becomes_https() -> None:
    code = '<iframe src="//www.youtube.com/embed/x"></iframe>'
    assert draw("iframe", code)["url"] == "https://www.youtube.com/embed/x"


def test_iframe_title_defaults_to_the_widget_title() -> None:
    assert draw("iframe", "https://e.org/", widget_title="Docs")["title"] == "Docs"


def test_iframe_title_option_wins() -> None:
    assert draw("iframe", "https://e.org/", widget_title="Docs", title="Manual")["title"] == (
        "Manual"
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        "https:///no-host",
    ],
)
def test_iframe_refuses_non_http_urls(url: str) -> None:
    assert refused("iframe", url).startswith("payload:")


def test_iframe_refuses_javascript_embed_src() -> None:
    code = '<iframe src="javascript:alert(1)"></iframe>'
    assert "iframe src" in refused("iframe", code)


def test_iframe_bad_option_url_names_the_option() -> None:
    assert refused("iframe", None, url="javascript:alert(1)").startswith("options.url:")


def test_iframe_without_url_refused() -> None:
    assert "options.url" in refused("iframe", None)


def test_image_from_options_with_alt() -> None:
    assert draw("image", None, url="https://e.org/a.png", alt="A chart") == {
        "kind": "image",
        "url": "https://e.org/a.png",
        "alt": "A chart",
    }


def test_image_from_string_payload() -> None:
    assert draw("image", "https://e.org/a.png")["url"] == "https://e.org/a.png"


def test_image_from_src_object() -> None:
    output = draw("image", {"src": "https://e.org/b.jpg", "alt": "B"})
    assert (output["url"], output["alt"]) == ("https://e.org/b.jpg", "B")


def test_image_alt_defaults_to_the_widget_title() -> None:
    assert draw("image", "https://e.org/a.png", widget_title="Logo")["alt"] == "Logo"


def test_image_accepts_a_base64_png_data_url() -> None:
    assert draw("image", PNG)["url"] == PNG


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "data:text/html;base64,PHNjcmlwdD4=",
        'data:image/png;base64,abc"onerror="x',
    ],
)
def test_image_refuses_unsafe_urls(url: str) -> None:
    assert refused("image", {"url": url}).startswith("payload.url:")


def test_image_bad_option_url_names_the_option() -> None:
    assert refused("image", None, url="javascript:x").startswith("options.url:")
