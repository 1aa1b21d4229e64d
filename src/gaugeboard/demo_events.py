"""Demo events: a small product's 90 days (visits, sign-ups, activation, purchases), and
the events since a given moment to top a demo up to today."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

PLANS = [("free", 0.0), ("pro", 29.0), ("team", 99.0)]
PAGES = ["/", "/pricing", "/docs", "/blog", "/features", "/changelog"]
COUNTRIES = ["fr", "de", "us", "gb", "jp", "br"]


def _journey(
    rng: random.Random, person: str, start: datetime, end: datetime
) -> Iterator[dict[str, Any]]:
    moment = start + timedelta(hours=rng.uniform(0, (end - start).total_seconds() / 3600))
    country = rng.choice(COUNTRIES)
    signed_up = False
    for _ in range(rng.randrange(2, 40)):
        if moment >= end:
            return
        yield {
            "_n": "pageview",
            "_p": person,
            "_t": moment.timestamp(),
            "path": rng.choice(PAGES),
            "country": country,
        }
        if not signed_up and rng.random() < 0.25:
            signed_up = True
            plan, price = rng.choice(PLANS)
            yield {
                "_n": "signup",
                "_p": person,
                "_t": moment.timestamp() + 60,
                "plan": plan,
                "country": country,
            }
            if rng.random() < 0.6:
                yield {
                    "_n": "activate",
                    "_p": person,
                    "_t": moment.timestamp() + 3600,
                    "plan": plan,
                }
            if price and rng.random() < 0.5:
                amount = round(price * rng.choice([1, 1, 1, 12 * 0.8]), 2)
                yield {
                    "_n": "purchase",
                    "_p": person,
                    "_t": moment.timestamp() + 7200,
                    "plan": plan,
                    "amount": amount,
                }
        moment += timedelta(hours=rng.expovariate(1 / 40))


def demo_events(
    persons: int = 600,
    days: int = 90,
    seed: int = 2026,
    end: datetime | None = None,
    prefix: str = "user",
) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    end = end or datetime.now(UTC)
    start = end - timedelta(days=days)
    events = [
        event for i in range(persons) for event in _journey(rng, f"{prefix}{i:04d}", start, end)
    ]
    return sorted(events, key=lambda event: event["_t"])


def events_since(after: float, end: datetime | None = None) -> list[dict[str, Any]]:
    """The events of a fresh 90 days that fall after ``after`` (epoch seconds): the same
    rate and mix as the first seed, by people named after the day they were added (so a
    top-up never signs up the same person twice). Nothing when less than an hour passed."""
    end = end or datetime.now(UTC)
    if end.timestamp() - after < 3600:
        return []
    tag = datetime.fromtimestamp(after, UTC).strftime("%Y%m%d%H")
    fresh = demo_events(seed=int(after), end=end, prefix=f"u{tag}-")
    return [event for event in fresh if event["_t"] > after]
