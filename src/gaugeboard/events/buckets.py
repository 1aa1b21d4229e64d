"""Time buckets in a named time zone, generated in Python so empty buckets are filled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from gaugeboard.errors import ValidationFailed
from gaugeboard.events.query_model import MAX_BUCKETS


def truncate(local: datetime, unit: str) -> datetime:
    """Start of the bucket holding a naive local time (weeks start on Monday)."""
    if unit == "minute":
        return local.replace(second=0, microsecond=0)
    if unit == "hour":
        return local.replace(minute=0, second=0, microsecond=0)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def step(local: datetime, unit: str) -> datetime:
    if unit == "minute":
        return local + timedelta(minutes=1)
    if unit == "hour":
        return local + timedelta(hours=1)
    if unit == "day":
        return local + timedelta(days=1)
    if unit == "week":
        return local + timedelta(weeks=1)
    return (local.replace(day=28) + timedelta(days=4)).replace(day=1)


def local_naive(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def bucket_starts(start: datetime, end: datetime, unit: str, zone: str) -> list[datetime]:
    """Naive local starts of every bucket touching [start, end)."""
    current = truncate(local_naive(start, zone), unit)
    last = local_naive(end - timedelta(microseconds=1), zone)
    starts: list[datetime] = []
    while current <= last:
        # The hour that clocks skip in spring does not exist: no bucket for it. (The hour
        # repeated in autumn is one bucket, as grouping by wall-clock time makes it.)
        if unit in ("day", "week", "month") or _exists(current, zone):
            starts.append(current)
        if len(starts) > MAX_BUCKETS:
            raise ValidationFailed(
                f"bucket: more than {MAX_BUCKETS} {unit} buckets; "
                "pick a larger bucket or a shorter range"
            )
        current = step(current, unit)
    return starts


def _exists(local: datetime, zone: str) -> bool:
    tz = ZoneInfo(zone)
    return local.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local


def to_utc_iso(local: datetime, zone: str) -> str:
    if zone == "UTC":
        return local.isoformat() + "Z"
    aware = local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    return aware.isoformat().replace("+00:00", "Z")
