"""``GET /api/event/names``: the event names tracked so far with their counts, or with
``?name=X`` the property keys of that event; ``GET /api/event/property-values``: the most
frequent recent values of one property. Both feed pickers such as the query builder's."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.event_models import (
    EventCatalog,
    EventNamesQuery,
    PropertyValues,
    PropertyValuesQuery,
)
from gaugeboard.auth.access import Access, access
from gaugeboard.events.catalog import event_names, event_properties, property_values
from gaugeboard.http.contract import checked_query, described
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/event/names", view_func=event_catalog, methods=["GET"])
    bp.add_url_rule("/event/property-values", view_func=event_property_values, methods=["GET"])


@access(Access.VIEWER)
@described(query=EventNamesQuery, responses={200: EventCatalog}, tags=["events"])
def event_catalog() -> Response:
    root = current_state().segments_dir
    name = checked_query(EventNamesQuery).name
    if name is None:
        return json_response({"ok": True, "names": event_names(db_session(), root)})
    return json_response({"ok": True, **event_properties(db_session(), root, name)})


@access(Access.VIEWER)
@described(query=PropertyValuesQuery, responses={200: PropertyValues}, tags=["events"])
def event_property_values() -> Response:
    """The most frequent values of a property in recent events, for filter suggestions."""
    query = checked_query(PropertyValuesQuery)
    found = property_values(
        db_session(),
        current_state().segments_dir,
        query.event,
        query.property,
        query.q,
        query.limit,
    )
    return json_response({"ok": True, **found})
