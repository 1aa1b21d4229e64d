"""A small seeded event set, and plain-Python answers computed from it independently."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

START = datetime(2026, 3, 1, tzinfo=UTC)
DAYS = 21
PERSONS = [f"p{i}" for i in range(40)]
PLANS = ["free", "pro", "team", "enterprise"]
COUNTRIES = ["fr", "de", "us", None]


def make_events(seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    events = []
    for person in PERSONS:
        plan = rng.choice(PLANS)
        moment = START + timedelta(hours=rng.randrange(0, 24 * 5))
        for _ in range(rng.randrange(1, 8)):
            moment += timedelta(hours=rng.randrange(1, 60))
            if moment >= START + timedelta(days=DAYS):
                break
            name = rng.choice(["view", "view", "signup", "buy"])
            event: dict[str, Any] = {
                "_n": name,
                "_p": person,
                "_t": moment.timestamp(),
                "plan": plan,
            }
            country = rng.choice(COUNTRIES)
            if country:
                event["country"] = country
            if name == "buy":
                event["amount"] = rng.randrange(5, 200) / 2
            events.append(event)
    return events


def when(event: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(event["_t"], UTC)


def local_day(event: dict[str, Any], zone: str) -> str:
    return when(event).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d")


def per_day(
    events: list[dict[str, Any]],
    keep: Callable[[dict[str, Any]], bool],
    value: Callable[[list[dict[str, Any]]], Any],
    zone: str = "UTC",
) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        if keep(event):
            groups[local_day(event, zone)].append(event)
    return {day: value(items) for day, items in groups.items()}


def funnel_counts(
    events: list[dict[str, Any]], steps: list[str], window: timedelta, end: datetime
) -> list[int]:
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in sorted(events, key=when):
        by_person[event["_p"]].append(event)
    counts = [0] * len(steps)
    for items in by_person.values():
        firsts = [e for e in items if e["_n"] == steps[0] and when(e) < end]
        if not firsts:
            continue
        reached = when(firsts[0])
        counts[0] += 1
        for index, name in enumerate(steps[1:], start=1):
            later = [e for e in items if e["_n"] == name and reached < when(e) <= reached + window]
            if not later:
                break
            reached = when(later[0])
            counts[index] += 1
    return counts


def weekly_retention(
    events: list[dict[str, Any]], start_event: str, return_event: str | None, end: datetime
) -> dict[str, list[int]]:
    """Cohort counts per week; ``return_event`` None counts a return of any event."""

    def week_of(moment: datetime) -> datetime:
        day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        return day - timedelta(days=day.weekday())

    first: dict[str, datetime] = {}
    for event in sorted(events, key=when):
        if event["_n"] == start_event and START <= when(event) < end:
            first.setdefault(event["_p"], week_of(when(event)))
    cohorts: dict[str, list[int]] = {}
    for person, cohort in first.items():
        row = cohorts.setdefault(cohort.strftime("%Y-%m-%d"), [0, 0, 0, 0])
        row[0] += 1
        weeks = {
            (week_of(when(e)) - cohort).days // 7
            for e in events
            if e["_p"] == person and return_event in (None, e["_n"]) and week_of(when(e)) > cohort
        }
        for offset in weeks:
            if 1 <= offset <= 3:
                row[offset] += 1
    return cohorts
