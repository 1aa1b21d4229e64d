"""An input's ``validator_regex``, run in RE2 so checking a viewer's value takes linear time.

The pattern comes from the document's author and the value from any viewer, anonymous
embed links included; Python's backtracking ``re`` can spend minutes on ``(a+)+b`` against a
few dozen characters. RE2 refuses the constructs that need backtracking (backreferences,
lookarounds), so such a pattern is refused when the document is saved.
"""

from __future__ import annotations

import functools
from typing import Any

import re2

# Bounds the automaton RE2 builds for one pattern (its default); larger patterns are refused.
MAX_PATTERN_MEMORY = 8 << 20


def _options() -> Any:
    options = re2.Options()
    options.max_mem = MAX_PATTERN_MEMORY
    options.log_errors = False  # a refused pattern is reported to its author, not logged
    return options


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> Any:
    """Compiling is the costly part, and a dashboard's patterns are checked on every view."""
    return re2.compile(pattern, _options())


def pattern_problem(pattern: str) -> str | None:
    """Why RE2 cannot run ``pattern``; None when it can."""
    try:
        _compiled(pattern)
    except UnicodeEncodeError:
        return "not valid Unicode"
    except re2.error as exc:
        reason = exc.args[0] if exc.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        return (
            f"not a pattern the linear-time engine (RE2) accepts ({reason}); "
            "backreferences and lookarounds are not supported"
        )
    return None


def fully_matches(pattern: str, value: str) -> bool:
    """Whether all of ``value`` matches ``pattern``; a pattern RE2 refuses matches nothing."""
    if pattern_problem(pattern) is not None:
        return False
    try:
        return _compiled(pattern).fullmatch(value) is not None
    except UnicodeEncodeError:
        return False
