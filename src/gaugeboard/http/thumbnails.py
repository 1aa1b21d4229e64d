"""A dashboard's thumbnail for a request: the mount's stored one, or drawn once now."""

from __future__ import annotations

import base64
from typing import Any

from gaugeboard.errors import NotFound
from gaugeboard.state import current_state, db_session
from gaugeboard.store.dashboard_models import Dashboard


def thumbnail_of(dashboard: Dashboard) -> bytes:
    """The PNG thumbnail of a dashboard the caller may see."""
    store = current_state().thumbnails
    if store is None:
        raise NotFound("thumbnail: thumbnails are not drawn here")
    return store.drawn(db_session(), dashboard)


def with_thumbnails(items: list[dict[str, Any]]) -> None:
    """Add each listed dashboard's stored thumbnail as base64 text (``thumbnail``; None
    until the ``render.thumbnails`` job has drawn it: a listing never draws)."""
    store = current_state().thumbnails
    for item in items:
        found = store.cached(int(item["id"])) if store is not None else None
        item["thumbnail"] = base64.b64encode(found).decode() if found is not None else None
