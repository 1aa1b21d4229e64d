"""``/api/settings``: every setting with its help and current value (secrets masked)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from gaugeboard.auth.access import Access, access
from gaugeboard.config import SETTINGS
from gaugeboard.state import current_state
from gaugeboard.web.responses import json_response

MASKED = {"SECRET_KEY", "DATABASE_URL", "STATUS_API_SECRET", "STATUS_WEBHOOK_URLS"}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/settings", view_func=settings_list, methods=["GET"])


def settings_items() -> list[dict[str, Any]]:
    """Every setting as the API and the admin page show it, secrets masked."""
    values = current_state().settings
    return [
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


@access(Access.ADMIN)
def settings_list() -> Response:
    return json_response({"ok": True, "items": settings_items(), "next": None})
