"""``/explore``: the metrics explorer. The page itself holds only the form; the browser
reads the event catalog, runs the query through the dashboard preview (so the chart and
table are drawn exactly as a dashboard draws them) and can add the widget to a dashboard.
Every address the page calls is written into it here, so it works under a URL prefix."""

from __future__ import annotations

from flask import Blueprint, Response, url_for

from gaugeboard.auth.access import Access, access
from gaugeboard.web.query_form import query_form_choices
from gaugeboard.web.rendering import render_page
from gaugeboard.web.vega_bundle import bundle_version


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/explore", view_func=explore)


def _endpoints() -> dict[str, str]:
    return {
        "names": url_for("gaugeboard.api.event_catalog"),
        "preview": url_for("gaugeboard.api.preview"),
        "query": url_for("gaugeboard.api.metric_query"),
        "dashboards": url_for("gaugeboard.api.dashboard_list"),
        "browse": url_for("gaugeboard.web.browse_root"),
    }


@access(Access.VIEWER)
def explore() -> Response:
    return render_page(
        "explorer.html",
        endpoints=_endpoints(),
        vega_version=bundle_version(),
        query_form=query_form_choices(),
    )
