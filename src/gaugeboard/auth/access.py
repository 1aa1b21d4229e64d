"""Per-route access declarations. Every route must declare one; undeclared routes are denied.

``@access(Access.EDITOR)`` on a view says who may call it. The request guard reads the
declaration before the view runs, and a test sweeps the URL map so no route is left open
by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from gaugeboard.view_marks import F, mark_of, marker


class Access(Enum):
    """Who may use a route."""

    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_IN = "signed_in"  # any signed-in user, any role
    DASHBOARD_READER = "dashboard_reader"  # viewers, or anyone when DASHBOARD_ACCESS=public
    STATUS_READER = "status_reader"  # viewers, or anyone when STATUS_ACCESS=public
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


def access(level: Access) -> Callable[[F], F]:
    """Declare who may call the decorated view."""
    return marker("access", level)


def csrf_exempt(view: F) -> F:
    """Mark a view that checks the request origin itself (the login form has no session yet)."""
    return marker("csrf_exempt", True)(view)


def sessionless(view: F) -> F:
    """Mark a public view that never looks at the caller's session or token (it is
    authenticated by an event key), so cross-site calls need no CSRF or origin check."""
    return marker("sessionless", True)(view)


def declared_access(view: Callable[..., Any] | None) -> Access | None:
    level = mark_of(view, "access")
    return level if isinstance(level, Access) else None


def is_csrf_exempt(view: Callable[..., Any] | None) -> bool:
    return bool(mark_of(view, "csrf_exempt"))


def is_sessionless(view: Callable[..., Any] | None) -> bool:
    return bool(mark_of(view, "sessionless"))


READER_LEVELS = {Access.DASHBOARD_READER: "DASHBOARD_ACCESS", Access.STATUS_READER: "STATUS_ACCESS"}


def public_levels(settings: Any) -> frozenset[Access]:
    """The reader levels that the settings open to anyone."""
    return frozenset(level for level, name in READER_LEVELS.items() if settings[name] == "public")


def required_role(level: Access, opened: frozenset[Access]) -> str | None:
    """The least role a level needs; None when no sign-in is needed."""
    if level is Access.PUBLIC or level in opened:
        return None
    if level in READER_LEVELS:
        return "viewer"
    if level is Access.SIGNED_IN:
        return "viewer"
    return str(level.value)
