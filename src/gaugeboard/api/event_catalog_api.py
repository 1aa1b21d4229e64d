"""``GET /api/event/names``: the event names tracked so far with their counts, or with
``?name=X`` the property keys of that event, for pickers such as the metrics explorer."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.event_models import EventCatalog, EventNamesQuery
from gaugeboard.auth.access import Access, access
from gaugeboard.events.catalog import event_names, event_properties
from gaugeboard.http.contract import checked_query, described
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/event/names", view_func=event_catalog, methods=["GET"])


@access(Access.VIEWER)
@described(query=EventNamesQuery, responses={200: EventCatalog}, tags=["events"])
def event_catalog() -> Response:
    root = current_state().segments_dir
    name = checked_query(EventNamesQuery).name
    if name is None:
        return json_response({"ok": True, "names": event_names(db_session(), root)})
    return json_response({"ok": True, **event_properties(db_session(), root, name)})
