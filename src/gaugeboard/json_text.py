"""Reading JSON text from outside, and checking text before it is stored.

Python's reader fails in several ways besides a syntax error (a number of more than
4,300 digits is a ValueError, deep nesting a RecursionError), and it accepts what no
database stores: ``"\\ud800"`` decodes into a lone surrogate that cannot be encoded,
and PostgreSQL refuses NUL in text. Everything is refused here, at the door, with the
JSON path of the bad value, rather than as a 500 from deep inside a write.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from gaugeboard.json_paths import json_path

# Deeper values are refused before they reach code that walks them recursively
# (document validation fails at about 250 levels); real documents stay far below.
MAX_DEPTH = 100
MAX_PROBLEMS = 20
# A value's place: its parent's step and its key or index (None for the whole value).
Step = tuple["Step", int | str] | None


class UnreadableJson(ValueError):
    """The text is not JSON gaugeboard can read; the message is the reason, for the client."""


def load_json(data: str | bytes) -> Any:
    """``json.loads`` with every way it can fail turned into ``UnreadableJson``."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise UnreadableJson(
            f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except UnicodeDecodeError:
        raise UnreadableJson("not valid JSON (the text is not UTF-8)") from None
    except RecursionError:
        raise UnreadableJson("nested too deeply") from None
    except ValueError:
        # The only other ValueError: an integer beyond int_max_str_digits.
        limit = sys.get_int_max_str_digits()
        raise UnreadableJson(f"not valid JSON (a number has more than {limit} digits)") from None


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None: a lone surrogate or a NUL character."""
    if "\x00" in text:
        return f"has a NUL character at position {text.index(chr(0))}, which cannot be stored"
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        return f"has a lone surrogate (U+{code:04X}) at position {exc.start}: not valid Unicode"
    return None


def printable(text: str) -> str:
    """``text`` with what ``text_problem`` refuses escaped, so a message can quote it."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def value_problems(value: Any, root: str) -> list[str]:
    """Every string (keys too) that cannot be stored and any nesting beyond ``MAX_DEPTH``,
    as ``path: reason``; ``root`` names the whole value. Walks without recursion, and
    spells a path only for a problem (each step links to its parent)."""
    problems: list[str] = []
    _check(value, None, root, problems)
    stack: list[tuple[Any, int, Step]] = [(value, 0, None)] if _is_container(value) else []
    while stack and len(problems) < MAX_PROBLEMS:
        item, depth, step = stack.pop()
        if depth >= MAX_DEPTH:
            problems.append(
                f"{_where(step, root)}: nested too deeply (more than {MAX_DEPTH} levels)"
            )
            break
        pairs = item.items() if type(item) is dict else enumerate(item)
        for key, child in pairs:
            if type(key) is str:
                _check_key(key, step, root, problems)
            if type(child) is str:
                _check(child, (step, key), root, problems)
            elif _is_container(child):
                stack.append((child, depth + 1, (step, key)))
    return problems


def _is_container(value: Any) -> bool:
    return type(value) is dict or type(value) is list


def _check(value: Any, step: Step, root: str, problems: list[str]) -> None:
    if type(value) is str and not (value.isascii() and "\x00" not in value):
        reason = text_problem(value)
        if reason is not None:
            problems.append(f"{_where(step, root)}: {reason}")


def _check_key(key: str, step: Step, root: str, problems: list[str]) -> None:
    if not (key.isascii() and "\x00" not in key):
        reason = text_problem(key)
        if reason is not None:
            problems.append(f"{_where(step, root)}: the key '{printable(key)}' {reason}")


def _where(step: Step, root: str) -> str:
    location: list[int | str] = []
    while step is not None:
        step, key = step
        location.append(printable(key) if isinstance(key, str) else key)
    return json_path(tuple(reversed(location))) if location else root
