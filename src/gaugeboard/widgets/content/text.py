"""Plain text out of payload values and out of HTML snippets.

Content widgets hand the browser text it sets with ``textContent``; HTML in a source
(TimelineJS texts) is reduced to its words so no markup reaches the page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from gaugeboard.widgets.request import WidgetDataError

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


def plain_text(value: Any, where: str) -> str | None:
    """A payload value as text: strings as they are, numbers and booleans spelled out,
    null as None; objects and lists are refused naming ``where``."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise WidgetDataError(f"{where}: must be text, got {type(value).__name__}")


class _TagStripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def strip_tags(markup: str) -> str:
    """The text of an HTML snippet: tags dropped, entities decoded, script and style
    contents removed, block elements as line breaks, runs of spaces squeezed."""
    stripper = _TagStripper()
    stripper.feed(markup)
    stripper.close()
    text = "".join(stripper.parts)
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()
