"""``GET /api/activity``: the activity log for admins, newest first, filtered by
``action``, ``actor`` and ``since``/``until`` (ISO 8601 or epoch seconds)."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.admin_models import ActivityList
from gaugeboard.auth.access import Access, access
from gaugeboard.http.activity_query import ActivityQuery, activity_filter, describe_entry
from gaugeboard.http.contract import checked_query, described
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session
from gaugeboard.store.activity import list_activity


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/activity", view_func=activity_list, methods=["GET"])


@access(Access.ADMIN)
@described(query=ActivityQuery, responses={200: ActivityList}, tags=["activity"])
def activity_list() -> Response:
    query = checked_query(ActivityQuery)
    limit, page = query.limit, query.page
    entries, total = list_activity(db_session(), activity_filter(query), limit, page)
    return json_response(
        {
            "ok": True,
            "items": [describe_entry(entry) for entry in entries],
            "total": total,
            "next": page + 1 if total > page * limit else None,
        }
    )
