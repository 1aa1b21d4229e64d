"""The sites one dashboard page may load images and frames from: the origins its
``image`` and ``iframe`` widgets show (as written in the document, and as drawn for this
page) and the ``options.images`` of its charts and timelines. Nothing else gets into the page's
Content-Security-Policy, so a chart spec cannot send a picture request anywhere else.

A widget whose source hands it an address from a new site after the page loaded (a
refresh) is refused by the browser until the page is reloaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gaugeboard.dashboards.document import DashboardDocument, Widget
from gaugeboard.http.headers import WidgetSources
from gaugeboard.widgets.catalog import CHART_TYPES
from gaugeboard.widgets.chart_images import image_origins, origin_of
from gaugeboard.widgets.content.urls import embed_url

_KINDS = {"image": "images", "iframe": "frames"}


def _written_url(widget: Widget) -> str | None:
    """The address an image or iframe widget's options name (an iframe's embed code
    stands for its ``src``)."""
    url = widget.options.get("url")
    if not isinstance(url, str):
        return None
    return (embed_url(url) or url) if widget.type == "iframe" else url


def _drawn_url(output: Mapping[str, Any] | None) -> str | None:
    if not output or not output.get("ok"):
        return None
    url = output.get("url")
    return url if isinstance(url, str) else None


def dashboard_sources(
    document: DashboardDocument, outputs: Mapping[str, Mapping[str, Any]]
) -> WidgetSources:
    """Where the page of ``document``, drawn as ``outputs``, loads images and frames from."""
    found: dict[str, set[str]] = {"images": set(), "frames": set()}
    for widget in document.widgets:
        if widget.type in CHART_TYPES or widget.type == "timeline":
            found["images"].update(image_origins(widget.options))
            continue
        kind = _KINDS.get(widget.type)
        if kind is None:
            continue
        for url in (_written_url(widget), _drawn_url(outputs.get(widget.id))):
            origin = origin_of(url) if url is not None else None
            if origin is not None:
                found[kind].add(origin)
    return WidgetSources(
        images=tuple(sorted(found["images"])), frames=tuple(sorted(found["frames"]))
    )
