"""The standalone app's URL rules build their URLs on first use, and build exactly what
werkzeug's own builders build, for every rule of the app."""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter, IntegerConverter, PathConverter

from gaugeboard.http.lazy_rules import LazyBuilderRule


def sample_values(rule: Rule) -> dict[str, Any]:
    """A value each argument of ``rule`` accepts, and one unknown argument."""
    values: dict[str, Any] = {"extra": "a b"}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = 7
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif isinstance(converter, PathConverter):
            values[name] = "folder/name"
        else:
            values[name] = "name"
    return values


def test_every_rule_builds_what_werkzeug_builds(app: Flask) -> None:
    rules = list(app.url_map.iter_rules())
    assert rules and all(isinstance(rule, LazyBuilderRule) for rule in rules)
    for rule in rules:
        values = sample_values(rule)
        for append_unknown in (True, False):
            eager = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            assert rule.build(values, append_unknown) == eager(**values), rule.rule


def test_url_for_works_through_the_lazy_builders(app: Flask) -> None:
    with app.test_request_context():
        assert url_for("gaugeboard.web.browse", path="a/b", page=2) == "/dashboards/a/b?page=2"
