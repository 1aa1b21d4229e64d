"""``/api/settings``: every setting with its help and current value (secrets masked)."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.auth.access import Access, access
from gaugeboard.config import SETTINGS
from gaugeboard.state import current_state
from gaugeboard.web.responses import json_response

MASKED = {"SECRET_KEY", "DATABASE_URL", "STATUS_API_SECRET", "STATUS_WEBHOOK_URLS"}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/settings", view_func=settings_list, methods=["GET"])


@access(Access.ADMIN)
def settings_list() -> Response:
    values = current_state().settings
    items = [
        {
            "name": setting.name,
            "env": setting.env_var,
            "type": setting.type_name,
            "default": setting.default,
            "value": "(set)"
            if setting.name in MASKED and values[setting.name]
            else values[setting.name],
            "help": setting.help,
        }
        for setting in SETTINGS
    ]
    return json_response({"ok": True, "items": items, "next": None})
