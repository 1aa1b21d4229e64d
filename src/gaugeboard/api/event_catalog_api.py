"""``GET /api/event/names``: the event names tracked so far with their counts, or with
``?name=X`` the property keys of that event, for pickers such as the metrics explorer."""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.api.event_models import EventCatalog, EventNamesQuery
from gaugeboard.auth.access import Access, access
from gaugeboard.errors import ValidationFailed
from gaugeboard.events.catalog import event_names, event_properties
from gaugeboard.http.contract import described
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session

MAX_NAME_LENGTH = 255


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/event/names", view_func=event_catalog, methods=["GET"])


@access(Access.VIEWER)
@described(query=EventNamesQuery, responses={200: EventCatalog}, tags=["events"], check=False)
def event_catalog() -> Response:
    root = current_state().segments_dir
    name = request.args.get("name")
    if name is None:
        return json_response({"ok": True, "names": event_names(db_session(), root)})
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise ValidationFailed(f"name: must be 1-{MAX_NAME_LENGTH} characters")
    return json_response({"ok": True, **event_properties(db_session(), root, name)})
