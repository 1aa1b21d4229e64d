"""``/api/event/key``: list, create (secret shown once) and revoke event keys (admins)."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.event_models import EventKeyCreated, EventKeyList, EventKeyRevoked
from gaugeboard.auth.access import Access, access
from gaugeboard.events.keys import (
    EventKeyCreate,
    describe_event_key,
    issue_event_key,
    revoke_event_key,
)
from gaugeboard.http.contract import checked_body, described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session
from gaugeboard.store.event_keys import list_event_keys


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/event/key", view_func=key_list, methods=["GET"])
    bp.add_url_rule("/event/key", view_func=key_create, methods=["POST"])
    bp.add_url_rule("/event/key/<int:key_id>", view_func=key_revoke, methods=["DELETE"])


@access(Access.ADMIN)
@described(responses={200: EventKeyList}, tags=["events"])
def key_list() -> Response:
    keys = [describe_event_key(key) for key in list_event_keys(db_session())]
    return json_response({"ok": True, "items": keys, "next": None})


@access(Access.ADMIN)
@described(json=EventKeyCreate, responses={201: EventKeyCreated}, tags=["events"])
def key_create() -> Response:
    name = checked_body(EventKeyCreate).name
    key, secret = issue_event_key(db_session(), require_principal(), name)
    return json_response({"ok": True, "key": describe_event_key(key), "secret": secret}, 201)


@access(Access.ADMIN)
@described(responses={200: EventKeyRevoked}, tags=["events"])
def key_revoke(key_id: int) -> Response:
    key = revoke_event_key(db_session(), require_principal(), key_id)
    return json_response({"ok": True, "key": describe_event_key(key)})
