"""Markdown for incident updates, with raw HTML turned off: whatever a user writes ends up
as text or as the few safe elements Markdown makes (links get only safe schemes)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_RENDERER = MarkdownIt("commonmark", {"html": False, "linkify": False})


def render_markdown(text: str) -> Markup:
    return Markup(_RENDERER.render(text))
