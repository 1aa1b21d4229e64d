"""Seed a demo instance: an admin with a fresh printed password and sample dashboards."""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.auth.passwords import hash_password
from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard, find_by_path
from gaugeboard.demo_events import demo_events
from gaugeboard.events.ingest import store_events
from gaugeboard.events.keys import create_event_key
from gaugeboard.events.validation import parse_events
from gaugeboard.store.database import begin_write
from gaugeboard.store.event_keys import find_event_key_by_name
from gaugeboard.store.users import find_user_by_name

DEMO_ADMIN = "admin"


def _weekly_visits() -> list[dict[str, Any]]:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return [{"day": day, "visits": 120 + 40 * i - 15 * (i % 3)} for i, day in enumerate(days)]


def _signups() -> list[dict[str, Any]]:
    return [
        {"date": f"2026-10-{day:02d}", "signups": round(40 + 12 * math.sin(day / 3) + day)}
        for day in range(1, 31)
    ]


def demo_dashboards() -> list[dict[str, Any]]:
    """The sample documents; each is a plain dashboard document, as a user would write."""
    return [
        {
            "title": "Welcome to gaugeboard",
            "name": "welcome",
            "folder": "examples",
            "description": "A first dashboard: charts drawn offline from inline data.",
            "widgets": [
                {
                    "id": "visits",
                    "type": "vega-lite",
                    "title": "Visits per weekday",
                    "position": {"x": 0, "y": 0, "w": 6, "h": 5},
                    "source": {"type": "inline", "data": _weekly_visits()},
                    "spec": {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "x": {"field": "day", "type": "ordinal", "sort": None},
                            "y": {"field": "visits", "type": "quantitative"},
                        },
                    },
                },
                {
                    "id": "signups",
                    "type": "vega-lite",
                    "title": "Sign-ups in October",
                    "position": {"x": 6, "y": 0, "w": 6, "h": 5},
                    "source": {"type": "inline", "data": _signups()},
                    "spec": {
                        "mark": {"type": "line", "point": True, "tooltip": True},
                        "encoding": {
                            "x": {"field": "date", "type": "temporal"},
                            "y": {"field": "signups", "type": "quantitative"},
                        },
                    },
                },
            ],
        },
        service_health_dashboard(),
    ]


def _status_widget(
    widget_id: str, title: str, measure: str, x: int, y: int, y_title: str
) -> dict[str, Any]:
    return {
        "id": widget_id,
        "title": title,
        "type": "vega-lite",
        "position": {"x": x, "y": y, "w": 6, "h": 5},
        "source": {"type": "status", "measure": measure, "hours": 24, "step": "hour"},
        "spec": {
            "mark": {"type": "line", "point": True, "tooltip": True},
            "encoding": {
                "x": {"field": "time", "type": "temporal", "title": "Hour (UTC)"},
                "y": {"field": "value", "type": "quantitative", "title": y_title},
                "color": {"field": "route", "type": "nominal", "title": "Route"},
            },
        },
    }


def service_health_dashboard() -> dict[str, Any]:
    """Fed by the status monitor: the demo server's own requests, errors and latency."""
    return {
        "title": "Service health",
        "name": "service-health",
        "folder": "operations",
        "description": "Requests, error rate and p95 latency per route over the last "
        "24 hours, from the status monitor (see also the status page at /status).",
        "widgets": [
            _status_widget("requests", "Requests per hour", "requests", 0, 0, "Requests"),
            _status_widget("errors", "Error rate per hour", "error_rate", 6, 0, "Error rate"),
            _status_widget("latency", "p95 latency per hour", "p95_ms", 0, 5, "p95 (ms)"),
        ],
    }


def seed_steps(db: Session) -> list[tuple[str, Callable[[], str | None]]]:
    """The seeding steps, each returning a line to print (or None)."""

    def admin_step() -> str | None:
        password = secrets.token_urlsafe(12)
        begin_write(db)
        user = find_user_by_name(db, DEMO_ADMIN)
        if user is None:
            create_user(db, DEMO_ADMIN, password, "admin")
        else:
            user.password_hash = hash_password(password)
        db.commit()
        return password

    steps: list[tuple[str, Callable[[], str | None]]] = [
        ("admin user", admin_step),
        ("demo events", _events_step(db)),
    ]
    for document in demo_dashboards():
        steps.append((f"dashboard {document['name']}", _dashboard_step(db, document)))
    return steps


def _dashboard_step(db: Session, document: dict[str, Any]) -> Callable[[], str | None]:
    def step() -> str | None:
        path = f"{document['folder']}/{document['name']}"
        if find_by_path(db, path) is None:
            admin = find_user_by_name(db, DEMO_ADMIN)
            create_dashboard(db, document, admin.id if admin else None)
            db.commit()
        return None

    return step


DEMO_KEY = "demo site"


def _events_step(db: Session) -> Callable[[], str | None]:
    """Seed the demo events once, under their own event key (shown the first time)."""

    def step() -> str | None:
        if find_event_key_by_name(db, DEMO_KEY) is not None:
            return None
        key, secret = create_event_key(db, DEMO_KEY)
        db.commit()
        events = demo_events()
        for start in range(0, len(events), 1000):
            store_events(db, key.id, parse_events(events[start : start + 1000]))
        return secret

    return step


def run_seed(
    db: Session,
    progress: Callable[[list[Any]], AbstractContextManager[Iterator[Any]]],
) -> dict[str, str]:
    """Run every step under a progress bar; return what to print (password, event key)."""
    results: dict[str, str] = {}
    steps = seed_steps(db)
    with progress(steps) as bar:
        for label, step in bar:
            result = step()
            if result:
                results[label] = result
    return results
