"""Demo events: a small product's 90 days (visits, sign-ups, activation, purchases)."""

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


def demo_events(persons: int = 600, days: int = 90, seed: int = 2026) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    end = datetime.now(UTC)
    start = end - timedelta(days=days)
    events = [event for i in range(persons) for event in _journey(rng, f"user{i:04d}", start, end)]
    return sorted(events, key=lambda event: event["_t"])
