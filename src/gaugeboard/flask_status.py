"""``FlaskStatus(app, routes=None, url_prefix=None)``: FlaskStatus's constructor, so an app
written for it switches to gaugeboard by changing one import.

It mounts gaugeboard (under ``/gaugeboard``) with the status page at ``url_prefix``
(default ``/status``; a missing leading slash is fine) showing ``routes``, and FlaskStatus's
``API_ENABLED``/``API_SECRET`` settings keep working for ``/flask-status/configure``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Flask

from gaugeboard.extension import Gaugeboard


class FlaskStatus(Gaugeboard):
    def __init__(
        self,
        app: Flask | None = None,
        routes: Sequence[str] | None = None,
        url_prefix: str | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            app,
            overrides=overrides,
            status_routes=list(routes) if routes else None,
            status_url=url_prefix,
        )
