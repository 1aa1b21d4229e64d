"""Which routes of the app are monitored, and what they are called.

A route's name is the first ``# Name`` line of its view's docstring (FlaskStatus's
convention), else its endpoint; the rest of the docstring is its description. Static
files are never recorded, nor the status pages themselves; gaugeboard's own routes are
left out when it is mounted in a host app, where the host's routes are what matter.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection
from typing import Any

from flask import Flask
from werkzeug.routing import Rule

from gaugeboard.store.status_routes import RouteInfo

STATUS_BLUEPRINT = "gaugeboard_status"
GAUGEBOARD_BLUEPRINT = "gaugeboard"


def name_and_doc(view: Callable[..., Any] | None, endpoint: str) -> tuple[str, str]:
    """``(name, doc)`` from a view's docstring: ``# Name`` names it, the rest describes it."""
    text = (inspect.getdoc(view) or "") if view is not None else ""
    name = ""
    rest: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not name and stripped.startswith("#") and stripped.lstrip("#").strip():
            name = stripped.lstrip("#").strip()
        else:
            rest.append(line)
    return (name or endpoint)[:255], "\n".join(rest).strip()


class RouteSelection:
    """Decides once per rule whether it is recorded; the answer is cached by rule."""

    def __init__(self, chosen: Collection[str], skip_gaugeboard: bool) -> None:
        self.chosen = frozenset(chosen)
        self.skip_gaugeboard = skip_gaugeboard
        self._decided: dict[int, str | None] = {}

    def recorded_rule(self, rule: Rule) -> str | None:
        """The rule text to record under, or None when the route is not monitored."""
        key = id(rule)
        try:
            return self._decided[key]
        except KeyError:
            decided = rule.rule if self.includes(rule) else None
            self._decided[key] = decided
            return decided

    def includes(self, rule: Rule) -> bool:
        endpoint = rule.endpoint
        blueprint, _, last = endpoint.rpartition(".")
        if last in {"static", "static_file"}:
            return False
        top = endpoint.split(".", 1)[0] if blueprint else ""
        if top == STATUS_BLUEPRINT:
            return False
        if self.skip_gaugeboard and top == GAUGEBOARD_BLUEPRINT:
            return False
        return not self.chosen or rule.rule in self.chosen

    def describe(self, app: Flask) -> list[RouteInfo]:
        """Every monitored route of the app, one entry per rule text."""
        found: dict[str, RouteInfo] = {}
        for rule in app.url_map.iter_rules():
            if rule.rule in found or not self.includes(rule):
                continue
            name, doc = name_and_doc(app.view_functions.get(rule.endpoint), rule.endpoint)
            found[rule.rule] = RouteInfo(rule.rule, rule.endpoint, name, doc)
        return list(found.values())
