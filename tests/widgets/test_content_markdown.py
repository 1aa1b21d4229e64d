from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.content.markdown import TAGS
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest


def nodes(payload: Any = None, **options: Any) -> list[dict[str, Any]]:
    request = WidgetRequest(id="m", type="markdown", options=options)
    output = render_content(request, payload)
    assert output["kind"] == "markdown"
    return list(output["nodes"])


def walk(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for node in tree:
        found.append(node)
        found.extend(walk(node.get("children", [])))
    return found


def texts(tree: list[dict[str, Any]]) -> str:
    return "".join(node["text"] for node in walk(tree) if "text" in node)


def test_heading_and_paragraph() -> None:
    assert nodes(text="# Hi\n\nthere") == [
        {"tag": "h1", "children": [{"text": "Hi"}]},
        {"tag": "p", "children": [{"text": "there"}]},
    ]


def test_text_from_a_string_payload() -> None:
    assert nodes("*x*") == [{"tag": "p", "children": [{"tag": "em", "children": [{"text": "x"}]}]}]


def test_text_from_a_text_object() -> None:
    assert texts(nodes({"text": "hello"})) == "hello"


def test_options_text_wins_over_payload() -> None:
    assert texts(nodes("from source", text="from options")) == "from options"


def test_tight_list_items_hold_their_text_directly() -> None:
    assert nodes(text="- a\n- b")[0]["children"][0] == {"tag": "li", "children": [{"text": "a"}]}


def test_fenced_code_is_pre_code() -> None:
    assert nodes(text="```\nx = 1\n```") == [
        {"tag": "pre", "children": [{"tag": "code", "children": [{"text": "x = 1\n"}]}]}
    ]


def test_strikethrough_is_del() -> None:
    assert nodes(text="~~old~~")[0]["children"][0]["tag"] == "del"


def test_tables_are_built() -> None:
    tags = [node.get("tag") for node in walk(nodes(text="| a |\n|---|\n| 1 |"))]
    assert tags[:6] == ["table", "thead", "tr", "th", None, "tbody"]


def test_every_tag_is_allowed() -> None:
    text = "# a\n> q\n\n1. *b* **c** `d`\n\n---\n\nx  \ny [l](https://e.org)\n\n| a |\n|---|\n| 1 |"
    assert {node["tag"] for node in walk(nodes(text=text)) if "tag" in node} <= TAGS


def test_raw_html_becomes_text() -> None:
    tree = nodes(text="<script>alert(1)</script>")
    assert tree == [{"tag": "p", "children": [{"text": "<script>alert(1)</script>"}]}]


def test_inline_html_becomes_text() -> None:
    assert texts(nodes(text='a <img src=x onerror="alert(1)"> b')) == (
        'a <img src=x onerror="alert(1)"> b'
    )


def test_http_link_keeps_href() -> None:
    link = nodes(text="[x](https://example.org/a)")[0]["children"][0]
    assert link == {"tag": "a", "href": "https://example.org/a", "children": [{"text": "x"}]}


def test_relative_link_keeps_href() -> None:
    assert nodes(text="[x](/dashboards/a)")[0]["children"][0]["href"] == "/dashboards/a"


def test_mailto_link_keeps_href() -> None:
    assert nodes(text="<mailto:a@b.org>")[0]["children"][0]["href"] == "mailto:a@b.org"


def test_javascript_link_has_no_href() -> None:
    hrefs = [node.get("href") for node in walk(nodes(text="[x](javascript:alert(1))"))]
    assert not any(href and "javascript" in href.lower() for href in hrefs)


def test_javascript_reference_link_has_no_href() -> None:
    tree = nodes(text="[x][1]\n\n[1]: JavaScript:alert(1)")
    assert all("href" not in node for node in walk(tree))


def test_image_shows_its_alt_text() -> None:
    assert nodes(text="![a chart](https://e.org/c.png)")[0]["children"] == [{"text": "a chart"}]


def test_no_text_is_refused() -> None:
    with pytest.raises(WidgetDataError) as caught:
        nodes([1, 2])
    assert "options.text" in caught.value.message


def test_unknown_option_refused() -> None:
    with pytest.raises(WidgetDataError) as caught:
        nodes(txt="x")
    assert caught.value.message.startswith("options.txt: unknown option")
