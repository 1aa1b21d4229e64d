"""Which routes of the app are monitored, and what they are called.

A route's name is the first ``# Name`` line of its view's docstring (FlaskStatus's
convention), else its endpoint; the rest of the docstring is its description. Static
files are never recorded, nor the status pages themselves. Mounted in a host app, only the
host's routes are monitored: they are what matter there. Standalone, only gaugeboard's
public entry points are (event tracking and the pages people open), never its JSON API,
admin screens or assets: a status page is for the service's users, not a route table.
A ``STATUS_ROUTES`` list overrides the choice.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Collection
from typing import Any

from flask import Flask
from werkzeug.routing import Rule

from gaugeboard.store.status_routes import RouteInfo

STATUS_BLUEPRINT = "gaugeboard_status"
GAUGEBOARD_BLUEPRINT = "gaugeboard"
# Standalone, the public entry points: event tracking and the pages people open.
PUBLIC_BLUEPRINTS = frozenset({"gaugeboard.track", "gaugeboard.web"})
RST_MARKUP = re.compile(r":[a-z]+:`([^`]*)`")
NOT_PAGES = frozenset({"favicon", "plotly_bundle", "vega_bundle", "notebook_output"})


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
    return (name or endpoint)[:255], first_line("\n".join(rest))


def first_line(doc: str) -> str:
    """The docstring's first sentence line as plain text: reST literals and roles lose
    their markup, since the status page shows text, not a reference manual."""
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped:
            return RST_MARKUP.sub(r"\1", stripped).replace("``", "")[:500]
    return ""


def is_public_entry(blueprint: str, view: str) -> bool:
    """A gaugeboard route a visitor or a tracked app calls: not the API, admin or assets."""
    if blueprint not in PUBLIC_BLUEPRINTS:
        return False
    return view not in NOT_PAGES and not view.startswith("admin_")


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
        if top == GAUGEBOARD_BLUEPRINT and self.skip_gaugeboard:
            return False
        if self.chosen:
            return rule.rule in self.chosen
        return top != GAUGEBOARD_BLUEPRINT or is_public_entry(blueprint, last)

    def describe(self, app: Flask) -> list[RouteInfo]:
        """Every monitored route of the app, one entry per rule text."""
        found: dict[str, RouteInfo] = {}
        for rule in app.url_map.iter_rules():
            if rule.rule in found or not self.includes(rule):
                continue
            name, doc = name_and_doc(app.view_functions.get(rule.endpoint), rule.endpoint)
            found[rule.rule] = RouteInfo(rule.rule, rule.endpoint, name, doc)
        return list(found.values())
