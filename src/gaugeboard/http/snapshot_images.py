"""Where the current request reached this gaugeboard, for a snapshot to draw the server's
own static pictures (``render.own_images``): the request's origin and mount prefix, and
``PUBLIC_URL`` when it is set."""

from __future__ import annotations

from flask import request

from gaugeboard.render.own_images import OwnImages, own_images
from gaugeboard.state import current_state


def request_images() -> OwnImages:
    """This server's addresses as the current request and the settings name them."""
    state = current_state()
    here = request.url_root.rstrip("/") + state.url_prefix
    return own_images([here, str(state.settings["PUBLIC_URL"] or "")])
