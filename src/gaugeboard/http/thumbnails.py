"""A dashboard's thumbnail for a request: the mount's stored one, or drawn once now."""

from __future__ import annotations

from gaugeboard.errors import NotFound
from gaugeboard.state import current_state, db_session
from gaugeboard.store.dashboard_models import Dashboard


def thumbnail_of(dashboard: Dashboard) -> bytes:
    """The PNG thumbnail of a dashboard the caller may see."""
    store = current_state().thumbnails
    if store is None:
        raise NotFound("thumbnail: thumbnails are not drawn here")
    return store.drawn(db_session(), dashboard)
