"""``Account()``, ``Dashboard()`` and ``Schedule()`` against the real app."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from gaugeboard.client import Account, Dashboard, Data, NotFound, Schedule, Session
from tests.client.wsgi import Recorder
from tests.conftest import state
from tests.dashboards.factories import chart_document
from tests.jobs.helpers import runner_of

# --- Account ------------------------------------------------------------------------------------


def test_account_usage_as_a_frame_of_measures(session: Session, data: Data) -> None:
    data.create_data("one", "", {"x": "text"})
    usage = Account(session=session).get_account().set_index("name")
    assert (usage.loc["datasets", "usage"], usage.loc["users", "limit"]) == (1, None)
    assert not usage["over_limit"].any()


def test_account_as_the_answer(session: Session) -> None:
    account = Account(session=session).get_account(output="dict")
    assert set(account) == {"usage", "limits", "over_limit", "period"}


def viewed_twice(app: Flask, session: Session) -> dict[str, Any]:
    """A dashboard the session's user viewed twice (the views flushed to the catalog)."""
    made: dict[str, Any] = session.send("POST", "api/dashboard", chart_document())["dashboard"]
    for _ in range(2):
        session.request("GET", f"dashboards/{made['folder']}/{made['name']}")
    views = state(app).views
    assert views is not None
    views.flush()
    return made


def test_user_activity_as_a_frame(app: Flask, session: Session) -> None:
    viewed_twice(app, session)
    activity = Account(session=session).get_account_activity("users")
    (row,) = activity[activity["views"] > 0].to_dict("records")
    assert (row["views"], row["edits"]) == (2, 1)


def test_dashboard_activity_counts_views(app: Flask, session: Session) -> None:
    made = viewed_twice(app, session)
    (row,) = Account(session=session).get_account_activity("dashboards", "dict", days=7)
    assert (row["path"], row["views"], row["viewers"]) == (made["path"], 2, 1)


def test_an_unknown_activity_is_refused_before_sending(session: Session) -> None:
    with pytest.raises(ValueError, match="entity"):
        Account(session=session).get_account_activity("teams")


# --- Dashboard ----------------------------------------------------------------------------------


def make_dashboards(session: Session) -> None:
    for folder, name, title in [("open", "a", "Alpha"), ("team/reports", "b", "Beta")]:
        session.send("POST", "api/dashboard", chart_document(folder=folder, name=name, title=title))


def test_every_dashboard_in_every_folder(session: Session) -> None:
    make_dashboards(session)
    listed = Dashboard(session=session).get_dashboard()
    assert sorted(listed["title"]) == ["Alpha", "Beta"]


def test_dashboards_by_name_or_title(session: Session) -> None:
    make_dashboards(session)
    dashboards = Dashboard(session=session)
    by_name = dashboards.get_dashboard(name="b", output="dict")
    by_title = dashboards.get_dashboard(name="Alpha", output="dict")
    assert [d["title"] for d in by_name + by_title] == ["Beta", "Alpha"]


def test_dashboards_are_read_page_after_page(session: Session, wsgi: Recorder) -> None:
    for number in range(27):  # the list answers 25 per page
        session.send("POST", "api/dashboard", chart_document(folder="open", name=f"d{number}"))
    wsgi.calls.clear()
    assert len(Dashboard(session=session).get_dashboard(output="dict")) == 27
    assert len(wsgi.paths("GET")) == 2


# --- Schedule -----------------------------------------------------------------------------------


def add_schedule(session: Session, **fields: Any) -> dict[str, Any]:
    made = session.send("POST", "api/dashboard", chart_document(folder="open"))["dashboard"]
    body = {
        "name": "nightly",
        "job_type": "dashboard.refresh",
        "target_kind": "dashboard",
        "target_id": str(made["id"]),
        "cron": "0 3 * * *",
        "timezone": "Europe/Paris",
        **fields,
    }
    schedule: dict[str, Any] = session.send("POST", "api/schedule", body)["schedule"]
    return schedule


def test_every_schedule_is_listed(session: Session) -> None:
    made = add_schedule(session)
    listed = Schedule(session=session).get_schedule()
    assert made["id"] in set(listed["id"]) and "datasets.vacuum" in set(listed["name"])


def test_one_schedule_by_id(session: Session) -> None:
    made = add_schedule(session)
    found = Schedule(session=session).get_schedule(made["id"], output="dict")
    assert (found["name"], found["cron"]) == ("nightly", "0 3 * * *")


def test_one_schedule_as_a_one_row_frame(session: Session) -> None:
    made = add_schedule(session)
    assert Schedule(session=session).get_schedule(made["id"])["name"].tolist() == ["nightly"]


def test_an_unknown_schedule_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        Schedule(session=session).get_schedule(424242)


def test_trigger_queues_a_run_and_returns_it(session: Session) -> None:
    made = add_schedule(session)
    run = Schedule(session=session).trigger_schedule(made["id"])
    assert (run["state"], run["job_type"]) == ("queued", "dashboard.refresh")


def test_trigger_and_wait_returns_the_ended_run(
    app: Flask, session: Session, wsgi: Recorder
) -> None:
    made = add_schedule(session)
    runner = runner_of(app)
    wsgi.before = lambda method, path: runner.tick() if path.startswith("/api/job/") else None
    run = Schedule(session=session).trigger_schedule(made["id"], wait=True, poll_seconds=0)
    assert run["state"] == "succeeded"


def test_the_runs_of_a_schedule_newest_first(session: Session) -> None:
    made = add_schedule(session)
    schedules = Schedule(session=session)
    queued = [schedules.trigger_schedule(made["id"])["id"] for _ in range(3)]
    runs = schedules.get_schedule_runs(made["id"])
    assert runs["id"].tolist() == list(reversed(queued))


def test_waiting_too_long_for_a_run_is_a_timeout(session: Session) -> None:
    made = add_schedule(session)
    schedules = Schedule(session=session)
    run = schedules.trigger_schedule(made["id"])
    with pytest.raises(TimeoutError, match="queued"):
        schedules.wait_run(run["id"], poll_seconds=0, timeout=0)


def test_a_run_by_id(session: Session) -> None:
    made = add_schedule(session)
    schedules = Schedule(session=session)
    run = schedules.trigger_schedule(made["id"])
    assert schedules.get_run(run["id"])["id"] == run["id"]
