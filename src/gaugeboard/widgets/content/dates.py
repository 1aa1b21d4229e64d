"""Moments in payloads (ISO 8601 text, epoch numbers, TimelineJS date objects) with the
precision they were given in, so "1969" stays a year and sorts before "1969-07-20".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from gaugeboard.widgets.request import WidgetDataError

ISO_DATE = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_YEAR_MONTH = re.compile(r"([+-]\d{1,6}|\d{4})(?:-(0[1-9]|1[0-2]))?")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# An epoch number this large is in milliseconds (1e11 seconds is the year 5138).
MILLISECONDS_FROM = 1e11
_PARTS = ("year", "month", "day", "hour", "minute", "second")
_LIMITS = {"month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}


@dataclass(frozen=True)
class Moment:
    """A point in time to a given precision; ``utc`` when it was converted from a zone."""

    parts: tuple[int, ...]
    utc: bool = False

    def sort_key(self) -> tuple[int, ...]:
        return self.parts + (1, 1, 0, 0, 0)[len(self.parts) - 1 :]

    def iso(self) -> str:
        """ISO 8601 with reduced precision (``1969``, ``1969-07``) where given so."""
        year = f"{self.parts[0]:04d}" if 0 <= self.parts[0] <= 9999 else f"{self.parts[0]:+05d}"
        text = year + "".join(f"-{part:02d}" for part in self.parts[1:3])
        if len(self.parts) > 3:
            hour, minute, second = (self.parts[3:] + (0, 0))[:3]
            text += f"T{hour:02d}:{minute:02d}:{second:02d}" + ("Z" if self.utc else "")
        return text

    def label(self) -> str:
        """Display text: ``1969``, ``July 1969``, ``20 July 1969``, ``20 July 1969 20:17``."""
        text = str(self.parts[0])
        if len(self.parts) > 1:
            text = f"{MONTHS[self.parts[1] - 1]} {text}"
        if len(self.parts) > 2:
            text = f"{self.parts[2]} {text}"
        if len(self.parts) > 3:
            shown = (self.parts[3:] + (0,))[: max(2, len(self.parts) - 3)]
            text += " " + ":".join(f"{part:02d}" for part in shown)
            text += " UTC" if self.utc else ""
        return text


def _from_datetime(moment: datetime) -> Moment:
    utc = moment.tzinfo is not None
    if utc:
        moment = moment.astimezone(UTC)
    parts = (moment.year, moment.month, moment.day, moment.hour, moment.minute)
    return Moment(parts + ((moment.second,) if moment.second else ()), utc=utc)


def parse_moment(value: Any, where: str) -> Moment | None:
    """A moment from ISO text (``1969``, ``1969-07``, dates, datetimes), an epoch number
    (seconds, or milliseconds when huge), a date or datetime; None for null or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return _from_datetime(value)
    if isinstance(value, date):
        return Moment((value.year, value.month, value.day))
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) >= MILLISECONDS_FROM else value
        try:
            return _from_datetime(datetime.fromtimestamp(seconds, UTC))
        except (OverflowError, OSError, ValueError):
            raise WidgetDataError(f"{where}: {value} is out of range for a time") from None
    if isinstance(value, str):
        return _parse_text(value.strip(), where)
    raise WidgetDataError(f"{where}: must be an ISO 8601 date or time, or epoch seconds")


def _parse_text(text: str, where: str) -> Moment:
    short = _YEAR_MONTH.fullmatch(text)
    if short:
        year, month = int(short.group(1)), short.group(2)
        return Moment((year, int(month)) if month else (year,))
    if ISO_DATE.fullmatch(text):
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is not None and len(text) == 10:
            return Moment((parsed.year, parsed.month, parsed.day))
        if parsed is not None:
            return _from_datetime(parsed)
    raise WidgetDataError(f"{where}: {text[:40]!r} is not an ISO 8601 date or time")


def _part(value: Any, name: str, where: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise WidgetDataError(
            f"{where}.{name}: {str(value)[:20]!r} is not a whole number"
        ) from None
    low, high = _LIMITS.get(name, (-(10**9), 10**9))
    if not low <= number <= high:
        raise WidgetDataError(f"{where}.{name}: {number} is not between {low} and {high}")
    return number


def timelinejs_moment(value: Any, where: str) -> Moment | None:
    """A TimelineJS date object ``{"year", "month"?, "day"?, "hour"?, …}``."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise WidgetDataError(f'{where}: must be an object like {{"year": 1969, "month": 7}}')
    parts: list[int] = []
    for name in _PARTS:
        number = _part(value.get(name), name, where)
        if number is None:
            break
        parts.append(number)
    if not parts:
        raise WidgetDataError(f"{where}.year: missing")
    if len(parts) > 2 and 1 <= parts[0] <= 9999:
        last_day = calendar.monthrange(parts[0], parts[1])[1]
        if parts[2] > last_day:
            raise WidgetDataError(f"{where}.day: {parts[2]} is past the end of the month")
    return Moment(tuple(parts))
