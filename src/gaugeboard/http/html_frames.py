"""Where the browser loads an ``html`` widget from: its own response with its own policy.

A ``srcdoc`` frame inherits the page's Content-Security-Policy, which forbids inline
styles, so an author's ``<style>`` would be refused. Instead each ``html`` output names a
URL that answers the widget's HTML alone, sandboxed (an opaque origin, no script) and
allowed inline styles and images; the frame also carries ``sandbox=""``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import url_for

# The HTML widget's own policy: styles and pictures, nothing that runs or calls out.
HTML_WIDGET_POLICY = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; "
    "font-src data:; frame-ancestors 'self'"
)


def add_html_frames(
    outputs: dict[str, dict[str, Any]], dashboard_id: int, params: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """Give every ``html`` output the ``src`` of its own sandboxed document."""
    query: dict[str, Any] = {k: v for k, v in params.items() if k != "widgets"}
    for widget_id, output in outputs.items():
        if output.get("ok") and output.get("kind") == "html":
            output["src"] = url_for(
                "gaugeboard.api.dashboard_widget_html",
                dashboard_id=dashboard_id,
                widget_id=widget_id,
                **query,
            )
    return outputs
