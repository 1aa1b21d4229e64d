"""``/api/settings``: every setting with its help and current value (secrets masked)."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.admin_models import SettingList
from gaugeboard.auth.access import Access, access
from gaugeboard.config import settings_items
from gaugeboard.http.contract import described
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/settings", view_func=settings_list, methods=["GET"])


@access(Access.ADMIN)
@described(responses={200: SettingList}, tags=["settings"])
def settings_list() -> Response:
    return json_response(
        {"ok": True, "items": settings_items(current_state().settings), "next": None}
    )
