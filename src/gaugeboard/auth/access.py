"""Per-route access declarations. Every route must declare one; undeclared routes are denied.

``@access(Access.EDITOR)`` on a view says who may call it. The request guard reads the
declaration before the view runs, and a test sweeps the URL map so no route is left open
by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

ACCESS_ATTRIBUTE = "_gaugeboard_access"
CSRF_EXEMPT_ATTRIBUTE = "_gaugeboard_csrf_exempt"
SESSIONLESS_ATTRIBUTE = "_gaugeboard_sessionless"


class Access(Enum):
    """Who may use a route."""

    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_IN = "signed_in"  # any signed-in user, any role
    DASHBOARD_READER = "dashboard_reader"  # viewers, or anyone when DASHBOARD_ACCESS=public
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


def access(level: Access) -> Callable[[F], F]:
    """Declare who may call the decorated view."""

    def mark(view: F) -> F:
        setattr(view, ACCESS_ATTRIBUTE, level)
        return view

    return mark


def csrf_exempt(view: F) -> F:
    """Mark a view that checks the request origin itself (the login form has no session yet)."""
    setattr(view, CSRF_EXEMPT_ATTRIBUTE, True)
    return view


def sessionless(view: F) -> F:
    """Mark a public view that never looks at the caller's session or token (it is
    authenticated by an event key), so cross-site calls need no CSRF or origin check."""
    setattr(view, SESSIONLESS_ATTRIBUTE, True)
    return view


def is_sessionless(view: Callable[..., Any] | None) -> bool:
    return bool(getattr(view, SESSIONLESS_ATTRIBUTE, False))


def declared_access(view: Callable[..., Any] | None) -> Access | None:
    return getattr(view, ACCESS_ATTRIBUTE, None) if view is not None else None


def is_csrf_exempt(view: Callable[..., Any] | None) -> bool:
    return bool(getattr(view, CSRF_EXEMPT_ATTRIBUTE, False))


def required_role(level: Access, dashboards_public: bool) -> str | None:
    """The least role a level needs; None when no sign-in is needed."""
    if level is Access.PUBLIC:
        return None
    if level is Access.DASHBOARD_READER:
        return None if dashboards_public else "viewer"
    if level is Access.SIGNED_IN:
        return "viewer"
    return str(level.value)
