"""The ``markdown`` widget: CommonMark parsed on the server into a tree of allowed tags.

The browser builds the tree with ``createElement``/``textContent``, so raw HTML in the
text (parsing has HTML off) arrives as words, and links keep only safe addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import Field

from gaugeboard.widgets.content.option_checks import ContentOptions, read_options
from gaugeboard.widgets.content.shapes import wrong_shape
from gaugeboard.widgets.content.urls import safe_link
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

MAX_TEXT = 200_000
ACCEPTED = ("options.text", "a string", '{"text": string}')
_TAG_NAMES = "p h1 h2 h3 h4 h5 h6 ul ol li strong em code pre blockquote a hr br del"
TAGS = frozenset(_TAG_NAMES.split()) | {"table", "thead", "tbody", "tr", "th", "td"}
# markdown-it's tag names that are spelled differently in the node tree.
_RENAMED = {"s": "del"}

Node = dict[str, Any]
ImageResolver = Callable[[str, str], Node | None]


class MarkdownOptions(ContentOptions):
    """The text, when it is written into the dashboard rather than fetched."""

    text: str | None = Field(None, max_length=MAX_TEXT)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _element(token: Token) -> Node | None:
    """The node a token opens, or None for a token that adds no element of its own."""
    tag = _RENAMED.get(token.tag, token.tag)
    if token.hidden or tag not in TAGS:
        return None
    node: Node = {"tag": tag, "children": []}
    if tag == "a":
        href = safe_link(str(token.attrGet("href") or ""))
        if href is not None:
            node["href"] = href
    if tag == "ol" and token.attrGet("start") is not None:
        node["start"] = int(str(token.attrGet("start")))
    return node


def _leaf(token: Token, images: ImageResolver | None) -> list[Node]:
    """The nodes of a token with no children of its own."""
    if token.type in ("code_block", "fence"):
        return [
            {"tag": "pre", "children": [{"tag": "code", "children": [{"text": token.content}]}]}
        ]
    if token.type == "code_inline":
        return [{"tag": "code", "children": [{"text": token.content}]}]
    if token.type in ("hr", "hardbreak"):
        return [{"tag": token.tag, "children": []}]
    if token.type == "softbreak":
        return [{"text": "\n"}]
    if token.type == "image":
        alt = "".join(child.content for child in token.children or [])
        node = images(str(token.attrGet("src") or ""), alt) if images else None
        return [node if node is not None else {"text": alt}]
    return [{"text": token.content}] if token.content else []


class _TreeBuilder:
    """Turns markdown-it's flat token stream into nested nodes."""

    def __init__(self, images: ImageResolver | None) -> None:
        self.root: list[Node] = []
        self.stack: list[list[Node]] = [self.root]
        self.images = images

    def feed(self, tokens: list[Token]) -> None:
        for token in tokens:
            if token.type == "inline":
                self.feed(token.children or [])
            elif token.nesting == 1:
                node = _element(token)
                if node is not None:
                    self.stack[-1].append(node)
                self.stack.append(node["children"] if node is not None else self.stack[-1])
            elif token.nesting == -1:
                self.stack.pop()
            else:
                self.stack[-1].extend(_leaf(token, self.images))


def markdown_nodes(text: str, images: ImageResolver | None = None) -> list[Node]:
    """The node tree of ``text``: ``{"tag", "children", "href"?}`` or ``{"text"}``.

    Images become their alt text, unless ``images`` (given an image's address and alt
    text) returns the node that shows it: ``{"tag": "img", "src"|"resource", "alt"}``,
    which its caller checked (notebooks show their attachments and bundle pictures)."""
    builder = _TreeBuilder(images)
    builder.feed(_parser().parse(text))
    return builder.root


def _text(payload: Any, options: MarkdownOptions) -> str:
    if options.text is not None:
        return options.text
    if isinstance(payload, str):
        return payload
    if isinstance(payload, dict) and isinstance(payload.get("text"), str):
        return str(payload["text"])
    raise wrong_shape("markdown", ACCEPTED, payload)


def render_markdown(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "markdown", "nodes": [...]}``."""
    options = read_options(MarkdownOptions, request.options)
    text = _text(payload, options)
    if len(text) > MAX_TEXT:
        raise WidgetDataError(f"payload: the text is longer than {MAX_TEXT} characters")
    return {"kind": "markdown", "nodes": markdown_nodes(text)}
