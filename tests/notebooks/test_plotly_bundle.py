"""The installed plotly.js still works the way the page relies on: it exports
``window.Plotly``, and skips its <style> injections when the marker elements the page
adds exist (the CSP refuses inline styles)."""

from __future__ import annotations

import re
from pathlib import Path

import gaugeboard
from gaugeboard.web.plotly_bundle import plotly_bundle_path

PLOTLY_JS = Path(gaugeboard.__file__).parent / "web" / "static" / "widgets" / "plotly.js"


def bundle_text() -> str:
    path = plotly_bundle_path()
    assert path is not None
    return path.read_text(encoding="utf-8")


def test_the_bundle_sets_window_plotly() -> None:
    assert "window.Plotly = Plotly" in bundle_text()


def test_plotly_skips_its_styles_when_the_marker_exists() -> None:
    assert '"plotly.js-style-"' in bundle_text() and ".no-inline-styles" in bundle_text()


def test_the_map_librarys_style_id_is_the_one_the_page_marks() -> None:
    marked = re.search(r'MAPLIBRE_STYLE_ID = "([0-9a-f]{64})"', PLOTLY_JS.read_text())
    assert marked is not None
    injected = re.findall(
        r'getElementById\("([0-9a-f]{64})"\)\)\{var \w+=document\.createElement\("style"\)',
        bundle_text(),
    )
    assert injected == [marked.group(1)]
