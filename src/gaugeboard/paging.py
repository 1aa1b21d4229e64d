"""Reading ``limit`` and ``page`` (and other whole numbers) from a query string, with every
problem reported at once and named by its parameter."""

from __future__ import annotations

from collections.abc import Mapping

from gaugeboard.errors import ValidationFailed

MAX_PAGE = 1_000_000


def whole_number(
    name: str, raw: str | None, default: int, low: int, high: int, problems: list[str]
) -> int:
    """``raw`` as an int in ``[low, high]``; a problem is appended when it is not."""
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        problems.append(f"{name}: must be a whole number")
        return default
    if not low <= value <= high:
        problems.append(f"{name}: must be between {low} and {high}")
    return value


def page_args(args: Mapping[str, str], default_limit: int, max_limit: int) -> tuple[int, int]:
    """``(limit, page)``, 1-based; ValidationFailed lists every bad parameter."""
    problems: list[str] = []
    limit = whole_number("limit", args.get("limit"), default_limit, 1, max_limit, problems)
    page = whole_number("page", args.get("page"), 1, 1, MAX_PAGE, problems)
    if problems:
        raise ValidationFailed(problems)
    return limit, page
