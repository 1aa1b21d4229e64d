"""``GET /api/activity``: the activity log for admins, newest first, filtered by
``action``, ``actor`` and ``since``/``until`` (ISO 8601 or epoch seconds)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.api.admin_models import ActivityList, ActivityQuery
from gaugeboard.auth.access import Access, access
from gaugeboard.http.activity_query import activity_filter, describe_entry
from gaugeboard.http.contract import described
from gaugeboard.http.responses import json_response
from gaugeboard.paging import page_args
from gaugeboard.state import db_session
from gaugeboard.store.activity import list_activity

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/activity", view_func=activity_list, methods=["GET"])


@access(Access.ADMIN)
@described(query=ActivityQuery, responses={200: ActivityList}, tags=["activity"], check=False)
def activity_list() -> Response:
    limit, page = page_args(request.args, DEFAULT_LIMIT, MAX_LIMIT)
    wanted = activity_filter(request.args)
    entries, total = list_activity(db_session(), wanted, limit, page)
    return json_response(
        {
            "ok": True,
            "items": [describe_entry(entry) for entry in entries],
            "total": total,
            "next": page + 1 if total > page * limit else None,
        }
    )
