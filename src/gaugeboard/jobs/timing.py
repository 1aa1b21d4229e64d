"""When a schedule is due: cron expressions in a time zone (croniter), or every N seconds.

Two rules croniter alone does not give. On the night clocks go back, a job pinned to a
wall-clock hour (``30 1 * * *``) runs once, at the first 01:30, as cron does; jobs on every
hour or minute run at both, since both are real hours that passed. On the night clocks go
forward, a time that does not exist runs at the first minute that does (03:00 for 02:30).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from croniter.croniter import CroniterError

MIN_EVERY_SECONDS = 1
MAX_EVERY_SECONDS = 366 * 24 * 3600
MAX_CATCH_UP_SLOTS = 10_000


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; ValueError naming it when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a known time zone such as Europe/Paris") from None


def check_cron(expression: str) -> str:
    """The expression with its spacing normalised; ValueError saying what is wrong."""
    cleaned = " ".join(expression.split())
    if len(cleaned.split(" ")) not in (5, 1) or (" " not in cleaned and cleaned[:1] != "@"):
        raise ValueError("use five fields (minute hour day month weekday), e.g. '0 6 * * 1'")
    try:
        croniter(cleaned)
    except (CroniterError, ValueError, KeyError) as exc:
        raise ValueError(f"not a cron expression: {exc}") from None
    return cleaned


def _pins_wall_clock_hour(expression: str) -> bool:
    fields = expression.split(" ")
    if len(fields) == 1:  # @daily, @weekly… run at midnight; @hourly does not pin the hour
        return expression not in ("@hourly",)
    return fields[1] != "*" and not fields[1].startswith("*/")


def _is_second_of_fold(moment: datetime, tz: ZoneInfo) -> bool:
    wall = moment.astimezone(tz).replace(tzinfo=None)
    first = wall.replace(tzinfo=tz, fold=0).utcoffset()
    return first != moment.astimezone(tz).utcoffset()


def next_cron(expression: str, timezone: str, after: datetime) -> datetime:
    """The first due time of ``expression`` strictly after ``after``, in UTC."""
    tz = zone(timezone)
    pinned = _pins_wall_clock_hour(expression)
    moments = croniter(expression, after.astimezone(tz))
    for _ in range(4):
        candidate: datetime = moments.get_next(datetime)
        if not (pinned and _is_second_of_fold(candidate, tz)):
            return candidate.astimezone(UTC)
    raise ValueError(f"cron {expression!r} yields no due time")  # pragma: no cover


def next_every(seconds: int, after: datetime) -> datetime:
    """The next multiple of ``seconds`` since the epoch after ``after``: every process agrees
    on the same due times without talking to each other."""
    stamp = int(after.timestamp()) // seconds * seconds + seconds
    return datetime.fromtimestamp(stamp, UTC)


def next_due(
    cron: str | None, every_seconds: int | None, timezone: str, after: datetime
) -> datetime:
    if cron:
        return next_cron(cron, timezone, after)
    if every_seconds:
        return next_every(every_seconds, after)
    raise ValueError("a schedule needs a cron expression or a number of seconds")


def slot_to_run(
    cron: str | None,
    every_seconds: int | None,
    timezone: str,
    due: datetime,
    now: datetime,
    catch_up: bool,
) -> tuple[datetime, datetime]:
    """(the due time to run now, the next due time) for a schedule due at ``due`` <= now.

    With ``catch_up`` each missed slot runs in turn (the next due time is the slot after this
    one, already past, so the next tick takes it). Without, only the latest missed slot runs,
    once, and the next due time is the first one after ``now``."""
    if catch_up:
        return due, next_due(cron, every_seconds, timezone, due)
    latest = due
    if every_seconds and not cron:
        steps = int((now - due).total_seconds()) // every_seconds
        latest = due + timedelta(seconds=steps * every_seconds)
    else:
        for _ in range(MAX_CATCH_UP_SLOTS):
            following = next_due(cron, every_seconds, timezone, latest)
            if following > now:
                break
            latest = following
    return latest, next_due(cron, every_seconds, timezone, max(latest, now))
