"""How a big number is spelled: separators, percent, currency, compact (1.2K) or raw.

Shared by ``number`` and ``number-group`` so both widgets spell a value the same way.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field

from gaugeboard.widgets.content.option_checks import ContentOptions

Format = Literal["number", "percent", "currency", "compact", "raw"]
EMPTY_TEXT = "—"
_COMPACT_STEPS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


class FormatOptions(ContentOptions):
    """The formatting options both number types accept."""

    format: Format = "number"
    decimals: int | None = Field(None, ge=0, le=10)
    prefix: str | None = Field(None, max_length=20)
    suffix: str = Field("", max_length=20)
    units: str | None = Field(None, max_length=40)


def _fixed(value: float, decimals: int | None, default: int) -> str:
    """Thousands separators; ``decimals`` None rounds to ``default`` and drops zeros."""
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    text = f"{value:,.{default}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _compact(value: float, decimals: int | None) -> str:
    for size, letter in _COMPACT_STEPS:
        if value >= size:
            return _fixed(value / size, decimals, 1) + letter
    return _fixed(value, decimals, 1)


def _digits(value: float, options: FormatOptions) -> str:
    """The unsigned digits of ``abs(value)`` in the chosen format."""
    magnitude = abs(value)
    if options.format == "percent":
        return _fixed(magnitude * 100, options.decimals, 1) + "%"
    if options.format == "currency":
        return _fixed(magnitude, 2 if options.decimals is None else options.decimals, 2)
    if options.format == "compact":
        return _compact(magnitude, options.decimals)
    if isinstance(value, int) and options.decimals is None:
        return f"{magnitude:,}"
    return _fixed(magnitude, options.decimals, 2)


def format_number(value: int | float | None, options: FormatOptions) -> str:
    """``value`` as display text: sign, prefix, digits, suffix (``—`` for no value)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return EMPTY_TEXT
    if options.format == "raw":
        return f"{options.prefix or ''}{value}{options.suffix}"
    prefix = options.prefix if options.prefix is not None else ""
    if options.format == "currency" and options.prefix is None:
        prefix = "$"
    digits = _digits(value, options)
    sign = "-" if value < 0 and digits.strip("0.,%KMBT") else ""
    return f"{sign}{prefix}{digits}{options.suffix}"


def to_number(value: object) -> int | float | None:
    """``value`` as a finite number when it is one or a plain numeric string, else None.
    Booleans are not numbers here, and ``"$12,300"`` stays text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None
