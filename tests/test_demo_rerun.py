"""Running the demo again: events topped up to today, the admin's own password kept,
passwords that never start with "-", and status history for the service-health page."""

from __future__ import annotations

import time
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.auth.passwords import hash_password
from gaugeboard.demo import (
    DEMO_ADMIN,
    DEMO_KEY,
    KEPT_PASSWORD,
    DemoFolders,
    demo_password,
    run_seed,
)
from gaugeboard.demo_dashboards import service_health_dashboard
from gaugeboard.demo_events import demo_events, events_since
from gaugeboard.demo_status import ROUTES, add_status_history
from gaugeboard.events.ingest import store_events
from gaugeboard.events.keys import create_event_key
from gaugeboard.events.listing import EventListQuery, list_events
from gaugeboard.events.validation import parse_events
from gaugeboard.monitor.counters import DAY
from gaugeboard.store.events import tail_count
from gaugeboard.store.users import find_user_by_name
from tests.conftest import state


def seed(app: Flask) -> dict[str, str]:
    folders = DemoFolders(state(app).data_dir, state(app).segments_dir)
    with state(app).database.sessions() as session:
        return run_seed(
            session,
            lambda steps: nullcontext(steps),
            state(app).datasets,
            state(app).notebooks,
            folders,
        )


def events(app: Flask) -> int:
    with state(app).database.sessions() as session:
        return tail_count(session)


def test_printed_password_never_starts_with_a_dash() -> None:
    assert all(demo_password()[0].isalnum() for _ in range(2000))


def test_unchanged_password_is_replaced_and_printed_again(app: Flask) -> None:
    first = seed(app)["admin user"]
    second = seed(app)["admin user"]
    assert second not in (first, KEPT_PASSWORD) and second[0].isalnum()


def test_password_the_user_changed_is_kept(app: Flask, client: FlaskClient) -> None:
    seed(app)
    with state(app).database.sessions() as session:
        user = find_user_by_name(session, DEMO_ADMIN)
        assert user is not None
        user.password_hash = hash_password("my own password")
        session.commit()
    assert seed(app)["admin user"] == KEPT_PASSWORD
    response = client.post("/login", json={"username": DEMO_ADMIN, "password": "my own password"})
    assert response.status_code == 200


def test_events_since_only_follow_the_moment() -> None:
    end = datetime(2026, 12, 6, tzinfo=UTC)
    after = (end - timedelta(days=3)).timestamp()
    added = events_since(after, end)
    assert added and all(event["_t"] > after for event in added)


def test_events_since_an_hour_ago_add_nothing() -> None:
    assert events_since(time.time() - 600) == []


def newest_demo_event(app: Flask) -> float:
    query = EventListQuery.model_validate({"key": DEMO_KEY, "limit": 1})
    with state(app).database.sessions() as session:
        items, _more = list_events(session, state(app).segments_dir, query)
    return float(items[0]["time"])


def test_top_up_brings_week_old_events_to_today(app: Flask) -> None:
    week_ago = datetime.now(UTC) - timedelta(days=7)
    with state(app).database.sessions() as session:
        key, _secret = create_event_key(session, DEMO_KEY)
        session.commit()
        store_events(session, key.id, parse_events(demo_events(persons=40, end=week_ago)))
    before = events(app)
    seed(app)
    assert events(app) > before and newest_demo_event(app) > time.time() - DAY


def test_second_run_adds_no_events_within_the_hour(app: Flask) -> None:
    seed(app)
    count = events(app)
    seed(app)
    assert events(app) == count


def test_status_history_covers_the_last_day_for_each_demo_route(app: Flask) -> None:
    with state(app).database.sessions() as session:
        hours = add_status_history(session.connection(), time.time())
        session.commit()
    assert hours == 14 * 24


def test_status_history_is_added_once(app: Flask) -> None:
    now = time.time()
    with state(app).database.sessions() as session:
        add_status_history(session.connection(), now)
        again = add_status_history(session.connection(), now)
        session.commit()
    assert again == 0


def test_service_health_dashboard_draws_the_seeded_history(app: Flask, client: FlaskClient) -> None:
    password = seed(app)["admin user"]
    client.post("/login", json={"username": DEMO_ADMIN, "password": password})
    html = client.get("/dashboards/operations/service-health").get_data(as_text=True)
    drawn = html.replace(" ", "").replace("\\u003c", "<").replace("\\u003e", ">")
    assert all(f'"route":"{route.info.rule}"' in drawn for route in ROUTES)


def test_service_health_description_names_the_widgets_range() -> None:
    document = service_health_dashboard()
    hours = {widget["source"]["hours"] for widget in document["widgets"]}
    assert hours == {24} and "last 24 hours" in document["description"]
