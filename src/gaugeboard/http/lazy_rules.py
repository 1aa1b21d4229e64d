"""URL rules whose URL builders are made on first use.

Werkzeug writes and compiles two Python functions for every rule as the rule is added
(one to build its URL with unknown arguments as a query string, one without), whether or
not ``url_for`` ever asks for that rule. For gaugeboard's 170-odd rules that was about
half of ``create_app``'s CPU time (88 ms against 47 ms with this class, measured on 2
cores): it is paid by every test app, every gunicorn worker and every CLI command, while a
process builds URLs for only a few rules. Matching is untouched; building gives the same
URLs (tests/test_lazy_rules.py compares every rule with werkzeug's own)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule

Builder = Callable[..., tuple[str, str]]


class LazyBuilderRule(Rule):
    """A werkzeug ``Rule`` that compiles each URL builder the first time it is called."""

    def _compile_builder(self, append_unknown: bool = True) -> Builder:
        compiled: Builder | None = None

        def build(rule: Rule, **values: Any) -> tuple[str, str]:
            nonlocal compiled
            if compiled is None:
                compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            return compiled(**values)

        return build
