"""Reading ``limit`` and ``page`` (and other whole numbers) from a query string, with every
problem reported at once and named by its parameter: ``WholeNumber`` in a query model,
``whole_number``/``page_args`` where a page reads its query string without one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import annotated_types
from pydantic import BeforeValidator
from pydantic_core import PydanticUseDefault

from gaugeboard.errors import ValidationFailed

MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class WholeNumber(annotated_types.GroupedMetadata):
    """``Annotated[int, WholeNumber(1, 500)]``: a whole number in ``[low, high]``, described
    as such, and checked in the words ``whole_number`` uses; empty is the field's default."""

    low: int
    high: int

    def __iter__(self) -> Iterator[object]:
        yield annotated_types.Interval(ge=self.low, le=self.high)
        yield BeforeValidator(self._check)

    def _check(self, value: Any) -> Any:
        if value is None or value == "":
            raise PydanticUseDefault()
        try:
            number = int(value) if isinstance(value, str) else _exact_int(value)
        except (TypeError, ValueError):
            raise ValueError("must be a whole number") from None
        if not self.low <= number <= self.high:
            raise ValueError(f"must be between {self.low} and {self.high}")
        return number


def _exact_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(value)
    return value


PAGE_NUMBER = WholeNumber(1, MAX_PAGE)


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
