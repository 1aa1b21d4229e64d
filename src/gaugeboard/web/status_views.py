"""The status page, its incident history and Atom feed.

They hang off their own blueprint at the app root (``/status`` by default, as FlaskStatus
had it), outside gaugeboard's mount prefix, with the same guard and error handling; the
API adds FlaskStatus's configure URL to the same blueprint.
"""

from __future__ import annotations

from typing import Annotated

from flask import Blueprint, Response, url_for
from pydantic import BaseModel

from gaugeboard.auth.access import Access, access
from gaugeboard.http.contract import checked_query, described
from gaugeboard.monitor.feed import incident_feed
from gaugeboard.monitor.incident_service import incident_state
from gaugeboard.monitor.page_data import all_route_rules, gather
from gaugeboard.monitor.readings import STATE_LABELS, format_percent, sparkline_points
from gaugeboard.monitor.status_monitor import running_monitor
from gaugeboard.paging import PAGE_NUMBER, WholeNumber
from gaugeboard.state import current_state, db_session
from gaugeboard.store.status_incidents import page_of_incidents
from gaugeboard.store.types import utcnow
from gaugeboard.web.markdown import render_markdown
from gaugeboard.web.rendering import render_page

HISTORY_PAGE_SIZE = 20
FEED_SIZE = 50
PAGE: dict[int | str, str] = {200: "text/html", "default": "text/html"}


class HistoryQuery(BaseModel):
    page: Annotated[int, PAGE_NUMBER] = 1
    limit: Annotated[int, WholeNumber(1, HISTORY_PAGE_SIZE)] = HISTORY_PAGE_SIZE


def build_status_blueprint(status_url: str) -> Blueprint:
    bp = Blueprint("gaugeboard_status", __name__)
    bp.add_url_rule(status_url, view_func=status_page)
    bp.add_url_rule(f"{status_url}/incidents", view_func=incident_history)
    bp.add_url_rule(f"{status_url}/feed.atom", view_func=incident_atom)
    return bp


@access(Access.STATUS_READER)
@described(responses={200: None}, media=PAGE, tags=["status"])
def status_page() -> Response:
    monitor = running_monitor(current_state().monitor)
    settings = current_state().settings
    page = gather(db_session(), monitor, settings["STATUS_MAJOR_OUTAGE_BELOW"])
    return render_page(
        "status.html",
        page=page,
        labels=STATE_LABELS,
        percent=format_percent,
        sparkline=sparkline_points,
        incident_state=incident_state,
        markdown=render_markdown,
    )


@access(Access.STATUS_READER)
@described(query=HistoryQuery, responses={200: None}, media=PAGE, tags=["status"])
def incident_history() -> Response:
    running_monitor(current_state().monitor)
    query = checked_query(HistoryQuery)
    limit, page = query.limit, query.page
    db = db_session()
    items, total = page_of_incidents(db, limit, (page - 1) * limit)
    return render_page(
        "status_incidents.html",
        incidents=items,
        rules=all_route_rules(db),
        page=page,
        has_next=page * limit < total,
        now=utcnow(),
        incident_state=incident_state,
        markdown=render_markdown,
    )


@access(Access.STATUS_READER)
@described(
    responses={200: None},
    media={200: "application/atom+xml", "default": "text/html"},
    tags=["status"],
)
def incident_atom() -> Response:
    running_monitor(current_state().monitor)
    items, _total = page_of_incidents(db_session(), FEED_SIZE, 0)
    page_url = url_for("gaugeboard_status.incident_history", _external=True)
    feed_url = url_for("gaugeboard_status.incident_atom", _external=True)
    body = incident_feed(items, page_url, feed_url, utcnow())
    return Response(body, mimetype="application/atom+xml")
