"""Declarations a view function carries (who may call it, how its errors look…): one
mechanism for all of them — a decorator sets a named mark, the request code reads it back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_PREFIX = "_gaugeboard_"


def marker(name: str, value: Any) -> Callable[[F], F]:
    """A decorator that marks a view with ``name = value``."""

    def mark(view: F) -> F:
        setattr(view, _PREFIX + name, value)
        return view

    return mark


def mark_of(view: Callable[..., Any] | None, name: str) -> Any:
    """The value a view was marked with, or None (also for no view at all)."""
    return getattr(view, _PREFIX + name, None) if view is not None else None
