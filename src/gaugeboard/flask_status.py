"""``FlaskStatus(app, routes=None, url_prefix=None)``: FlaskStatus's constructor, so an app
written for it switches to gaugeboard by changing one import.

It mounts gaugeboard (under ``/gaugeboard``) with the status page at ``url_prefix``
(default ``/status``; a missing leading slash is fine) showing ``routes``, and FlaskStatus's
``API_ENABLED``/``API_SECRET`` settings keep working for ``/flask-status/configure``.
Its status page is public unless ``STATUS_ACCESS`` is chosen (in ``overrides``, the app's
config or the environment), as FlaskStatus's was; ``Gaugeboard(app)`` keeps ``login``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask

from gaugeboard.config import ENV_PREFIX
from gaugeboard.extension import Gaugeboard

ACCESS_SETTING = f"{ENV_PREFIX}STATUS_ACCESS"


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

    def init_app(self, app: Flask) -> None:
        if not access_chosen(self.overrides, app.config):
            self.overrides["STATUS_ACCESS"] = "public"
        super().init_app(app)


def access_chosen(overrides: Mapping[str, Any], config: Mapping[str, Any]) -> bool:
    """Whether the host said who may read the status page, in any of the three places."""
    return (
        "STATUS_ACCESS" in overrides
        or ACCESS_SETTING in overrides
        or ACCESS_SETTING in config
        or ACCESS_SETTING in os.environ
    )
