"""The caller of a dashboard operation, with its teams, the folder grants and host hooks.

Inside a host app, ``app.config["GAUGEBOARD_AUTH"]`` holds permission callables
(jsondash's ``view``, ``create``, ``update``, ``delete``, ``clone``, ``edit_global``,
``edit_others``) and ``app.config["GAUGEBOARD_METADATA"]`` zero-argument callables whose
values are saved into each document (``created_by``, ``username``…). jsondash's own
``app.config["JSONDASH"]["auth"]`` and ``["metadata"]`` are read too (``jsondash_host``);
gaugeboard's keys win, hook by hook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app, g

from gaugeboard.dashboards.permissions import HOOK_NAMES, Actor
from gaugeboard.errors import ConfigurationError
from gaugeboard.http.guard import current_principal
from gaugeboard.http.jsondash_host import host_callables
from gaugeboard.state import current_state, db_session
from gaugeboard.store.folder_grants import all_grants, team_ids_of

_ACTOR_KEY = "gaugeboard_dashboard_actor"
PROTECTED_KEYS = frozenset({"title", "name", "folder", "widgets", "layout", "global"})


def _callables(name: str, allowed: tuple[str, ...] | None) -> Mapping[str, Callable[..., Any]]:
    configured = host_callables(current_app.config, name)
    for key, value in configured.items():
        if not callable(value) or (allowed is not None and key not in allowed):
            raise ConfigurationError(
                [
                    f"{name}[{key!r}]: must be a callable"
                    + (f" named one of {allowed}" if allowed else "")
                ]
            )
    return configured


def dashboard_actor() -> Actor:
    """The caller, built once per request: a request that finds, checks and saves a
    dashboard reads the teams and grants once."""
    actor = g.get(_ACTOR_KEY)
    if not isinstance(actor, Actor):
        actor = _build_actor()
        setattr(g, _ACTOR_KEY, actor)
    return actor


def _build_actor() -> Actor:
    principal = current_principal()
    db = db_session()
    metadata = _callables("GAUGEBOARD_METADATA", None)
    username_hook = metadata.get("username")
    return Actor(
        principal=principal,
        team_ids=frozenset(team_ids_of(db, principal.user_id)) if principal else frozenset(),
        grants=tuple(all_grants(db)),
        hooks=_callables("GAUGEBOARD_AUTH", HOOK_NAMES),
        username=str(username_hook()) if username_hook else (principal.name if principal else None),
        allow_global=bool(current_state().settings["DASHBOARD_GLOBAL"]),
    )


def with_metadata(raw: dict[str, Any], stored: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The document with the host's metadata values merged in (jsondash behaviour). The
    fields that define the dashboard itself are never overwritten, and a saved
    ``created_by`` stays with the dashboard when someone else updates it."""
    metadata = _callables("GAUGEBOARD_METADATA", None)
    extra = {key: hook() for key, hook in metadata.items() if key not in PROTECTED_KEYS}
    if stored is not None and "created_by" in stored:
        extra["created_by"] = stored["created_by"]
    return {**raw, **extra}
