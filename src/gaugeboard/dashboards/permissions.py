"""Who may see and change which dashboards: roles, folder grants, and host-app hooks.

Folder grants close a folder: once a folder (or one above it) has grants, only the users
and teams granted there, and admins, see it; the nearest folder with grants decides. A
grant can also raise a viewer to editor inside its folder. Inside a host app, callables in
``app.config["GAUGEBOARD_AUTH"]`` (jsondash's ``view``, ``create``, ``update``, ``delete``,
``clone``, ``edit_global``, ``edit_others``) decide instead of the roles when present.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gaugeboard.auth.principal import ROLE_RANK, Principal
from gaugeboard.errors import Forbidden
from gaugeboard.store.dashboard_models import Dashboard, FolderGrant

HOOK_NAMES = ("view", "create", "update", "delete", "clone", "edit_global", "edit_others")
Hook = Callable[..., Any]


@dataclass(frozen=True)
class Actor:
    """The caller of a dashboard operation with everything the rules need."""

    principal: Principal | None
    team_ids: frozenset[int] = frozenset()
    grants: Sequence[FolderGrant] = ()
    hooks: Mapping[str, Hook] = field(default_factory=dict)
    username: str | None = None
    allow_global: bool = True

    @property
    def user_id(self) -> int | None:
        return self.principal.user_id if self.principal else None

    @property
    def is_admin(self) -> bool:
        return self.principal is not None and self.principal.role == "admin"

    def role_allows(self, needed: str) -> bool:
        return self.principal is not None and self.principal.has_role(needed)


def _governing_grants(grants: Sequence[FolderGrant], folder: str) -> list[FolderGrant] | None:
    """The grants of the nearest folder at or above ``folder`` that has any; None: open."""
    parts = folder.split("/") if folder else []
    for depth in range(len(parts), -1, -1):
        here = "/".join(parts[:depth])
        found = [grant for grant in grants if grant.folder == here]
        if found:
            return found
    return None


def folder_role(actor: Actor, folder: str) -> str | None:
    """The caller's role inside ``folder``: their own role in open folders, the best
    matching grant in closed ones (None: no access), always ``admin`` for admins."""
    if actor.is_admin:
        return "admin"
    governing = _governing_grants(actor.grants, folder)
    if governing is None:
        return actor.principal.role if actor.principal else "viewer"
    matching = [
        grant.role
        for grant in governing
        if (grant.user_id is not None and grant.user_id == actor.user_id)
        or (grant.team_id is not None and grant.team_id in actor.team_ids)
    ]
    return max(matching, key=lambda role: ROLE_RANK[role]) if matching else None


def _hook(actor: Actor, name: str, **kwargs: Any) -> bool | None:
    hook = actor.hooks.get(name)
    return None if hook is None else bool(hook(**kwargs))


def can_view(actor: Actor, dashboard: Dashboard) -> bool:
    return can_view_in_folder(actor, dashboard.folder, str(dashboard.id))


def can_view_in_folder(actor: Actor, folder: str, view_id: str) -> bool:
    """Whether the caller sees the item ``view_id`` of ``folder`` (a notebook dashboard's
    ``view_id`` is ``notebook:<id>``, so a host's ``view`` hook can tell it apart)."""
    decided = _hook(actor, "view", view_id=view_id)
    if decided is not None:
        return decided
    return folder_role(actor, folder) is not None


def can_view_folder(actor: Actor, folder: str) -> bool:
    return folder_role(actor, folder) is not None


def _edits_folder(actor: Actor, folder: str) -> bool:
    role = folder_role(actor, folder)
    return role is not None and actor.principal is not None and ROLE_RANK[role] >= 2


def can_create(actor: Actor, folder: str) -> bool:
    decided = _hook(actor, "create")
    return decided if decided is not None else _edits_folder(actor, folder)


def can_update(actor: Actor, dashboard: Dashboard) -> bool:
    decided = _hook(actor, "update")
    allowed = decided if decided is not None else _edits_folder(actor, dashboard.folder)
    if not allowed:
        return False
    if dashboard.created_by is not None and dashboard.created_by != actor.user_id:
        others = _hook(actor, "edit_others", view_id=str(dashboard.id))
        return True if others is None else others
    return True


def can_delete(actor: Actor, dashboard: Dashboard) -> bool:
    decided = _hook(actor, "delete")
    if decided is not None:
        return decided
    return can_update(actor, dashboard)


def can_clone(actor: Actor, dashboard: Dashboard, target_folder: str) -> bool:
    decided = _hook(actor, "clone")
    allowed = decided if decided is not None else _edits_folder(actor, target_folder)
    return allowed and can_view(actor, dashboard)


def can_edit_global(actor: Actor) -> bool:
    decided = _hook(actor, "edit_global")
    return decided if decided is not None else actor.is_admin


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Forbidden(message)
