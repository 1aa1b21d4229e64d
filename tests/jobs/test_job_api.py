"""``/api/job`` and ``/api/job-types``: queue a run of a job type now, read its state and
progress, list runs filtered by state, type and schedule a page at a time, cancel one; each
error naming its field, and who may see and do what."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.jobs.api_helpers import (
    REFRESH,
    SYSTEM,
    Callers,
    add_schedule,
)
from tests.jobs.helpers import queue, register_echo, register_waiter, runner_of


def fields_named(answer: Any) -> list[str]:
    body = answer.get_json()
    assert body["ok"] is False, body
    return [str(problem).split(":")[0] for problem in body["errors"]]


def queue_refresh(
    client: FlaskClient, headers: dict[str, str], target: int, **overrides: Any
) -> int:
    body = {"job_type": REFRESH, "target_id": str(target), **overrides}
    answer = client.post("/api/job", json=body, headers=headers)
    assert answer.status_code == 202, answer.get_json()
    return int(answer.get_json()["run_id"])


def listed_ids(client: FlaskClient, headers: dict[str, str], query: str = "") -> list[int]:
    answer = client.get(f"/api/job{query}", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return [run["id"] for run in answer.get_json()["runs"]]


# --- queue and read ----------------------------------------------------------------------------


def test_queue_answers_202_and_the_run_succeeds(
    app: Flask, client: FlaskClient, callers: Callers, ran: list[int]
) -> None:
    body = {"job_type": REFRESH, "target_id": str(callers.mine), "arguments": {"note": "hi"}}
    answer = client.post("/api/job", json=body, headers=callers.admin)
    queued = answer.get_json()
    run_id = queued["run_id"]
    assert (answer.status_code, queued) == (
        202,
        {"ok": True, "run_id": run_id, "state": "queued", "url": f"/api/job/{run_id}"},
    )
    runner_of(app).tick()
    run = client.get(f"/api/job/{run_id}", headers=callers.admin).get_json()["run"]
    got = (ran, run["state"], run["result"], run["schedule_id"], run["arguments"])
    assert got == ([run_id], "succeeded", {"note": "hi"}, None, {"note": "hi"})
    assert run["ended_at"].endswith("Z") and run["duration_seconds"] >= 0


def test_a_queued_run_reads_as_queued(client: FlaskClient, callers: Callers) -> None:
    run_id = queue_refresh(client, callers.admin, callers.mine)
    run = client.get(f"/api/job/{run_id}", headers=callers.admin).get_json()["run"]
    shown = (run["state"], run["started_at"], run["attempt"], run["progress"])
    assert shown == ("queued", None, 0, {"done": 0, "total": 0, "message": ""})


@pytest.fixture
def quick_heartbeat(settings_overrides: dict[str, Any]) -> None:
    """Heartbeats every second, so progress reaches the catalog soon."""
    settings_overrides["JOBS_HEARTBEAT_SECONDS"] = 1


def test_a_running_run_shows_its_progress(
    quick_heartbeat: None, app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    release = threading.Event()
    started = register_waiter(app, release)
    run_id = queue(app, "test.wait")
    worker = threading.Thread(target=runner_of(app).tick)
    worker.start()
    try:
        assert started.wait(10)
        run = _wait_for_progress(client, auth_headers, run_id)
        assert (run["state"], run["progress"]["message"].startswith("step")) == ("running", True)
    finally:
        release.set()
        worker.join(10)


def _wait_for_progress(client: FlaskClient, headers: dict[str, str], run_id: int) -> Any:
    """The run once its heartbeat wrote some progress (the heartbeat is its own thread)."""
    for _ in range(500):
        run = client.get(f"/api/job/{run_id}", headers=headers).get_json()["run"]
        if run["progress"]["done"]:
            return run
        threading.Event().wait(0.02)
    raise AssertionError("no progress was recorded")


def test_an_unknown_run_is_404(client: FlaskClient, callers: Callers) -> None:
    answer = client.get("/api/job/9999", headers=callers.admin)
    assert (answer.status_code, answer.get_json()["code"]) == (404, "not_found")


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"job_type": "no.such.job"}, "job_type", 400),
        ({"job_type": REFRESH}, "target_id", 400),
        ({"job_type": REFRESH, "target_id": "9999"}, "target_id", 400),
        ({"job_type": REFRESH, "target_id": "x", "target_kind": "notebook"}, "target_kind", 400),
        ({"job_type": REFRESH, "target_id": "MINE", "arguments": {"x": 1}}, "arguments.x", 400),
        ({"job_type": SYSTEM, "target_id": "MINE"}, "target_id", 400),
        ({"target_id": "MINE"}, "job_type", 400),
        ({"job_type": REFRESH, "target_id": "MINE", "when": "now"}, "when", 400),
    ],
    ids=[
        "unknown-type",
        "missing-target",
        "unknown-target",
        "wrong-target-kind",
        "bad-argument",
        "target-on-an-untargeted-type",
        "missing-type",
        "unknown-field",
    ],
)
def test_a_bad_run_request_is_refused_naming_the_field(
    client: FlaskClient, callers: Callers, body: dict[str, Any], field: str, status: int
) -> None:
    if body.get("target_id") == "MINE":
        body = {**body, "target_id": str(callers.mine)}
    answer = client.post("/api/job", json=body, headers=callers.admin)
    assert (answer.status_code, fields_named(answer)) == (status, [field])


def test_admin_runs_a_system_job_now(app: Flask, client: FlaskClient, callers: Callers) -> None:
    answer = client.post("/api/job", json={"job_type": SYSTEM}, headers=callers.admin)
    runner_of(app).tick()
    run = client.get(answer.get_json()["url"], headers=callers.admin).get_json()["run"]
    assert (answer.status_code, run["state"]) == (202, "succeeded")


# --- listing ---------------------------------------------------------------------------------


@pytest.fixture
def three_runs(app: Flask, client: FlaskClient, callers: Callers) -> Iterator[list[int]]:
    """A refresh that succeeded, a queued refresh of a schedule, and a failed echo."""
    register_echo(app)
    done = queue_refresh(client, callers.admin, callers.mine)
    failed = queue(app, "test.echo", {"fail_times": 5})
    runner_of(app).tick()
    schedule = add_schedule(client, callers.admin, callers.mine)
    waiting = client.post(f"/api/schedule/{schedule['id']}/trigger", headers=callers.admin)
    yield [done, failed, waiting.get_json()["run_id"]]


def test_runs_are_listed_newest_first(
    client: FlaskClient, callers: Callers, three_runs: list[int]
) -> None:
    assert listed_ids(client, callers.admin) == list(reversed(three_runs))


def test_runs_are_filtered_by_state(
    client: FlaskClient, callers: Callers, three_runs: list[int]
) -> None:
    done, failed, waiting = three_runs
    assert (
        listed_ids(client, callers.admin, "?state=succeeded"),
        listed_ids(client, callers.admin, "?state=failed,queued"),
    ) == ([done], [waiting, failed])


def test_runs_are_filtered_by_type(
    client: FlaskClient, callers: Callers, three_runs: list[int]
) -> None:
    done, failed, waiting = three_runs
    assert (
        listed_ids(client, callers.admin, f"?job_type={REFRESH}"),
        listed_ids(client, callers.admin, f"?job_type=test.echo,{REFRESH}&state=failed"),
        listed_ids(client, callers.admin, "?job_type=no.such.job"),
    ) == ([waiting, done], [failed], [])


def test_runs_are_filtered_by_schedule(
    client: FlaskClient, callers: Callers, three_runs: list[int]
) -> None:
    schedule_id = client.get(f"/api/job/{three_runs[2]}", headers=callers.admin).get_json()["run"][
        "schedule_id"
    ]
    assert listed_ids(client, callers.admin, f"?schedule_id={schedule_id}") == [three_runs[2]]


def test_runs_are_paged_with_has_more_data(
    client: FlaskClient, callers: Callers, three_runs: list[int]
) -> None:
    first = client.get("/api/job?limit=2", headers=callers.admin).get_json()
    second = client.get("/api/job?limit=2&page=2", headers=callers.admin).get_json()
    shown = [(len(page["runs"]), page["has_more_data"], page["total"]) for page in (first, second)]
    assert shown == [(2, True, 3), (1, False, 3)]


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("?state=done", ["state"]),
        ("?state=queued,later", ["state"]),
        ("?schedule_id=0", ["schedule_id"]),
        ("?page=0&limit=0", ["page", "limit"]),
        ("?colour=red", ["colour"]),
    ],
)
def test_a_bad_filter_is_named(
    client: FlaskClient, callers: Callers, query: str, fields: list[str]
) -> None:
    answer = client.get(f"/api/job{query}", headers=callers.admin)
    assert (answer.status_code, fields_named(answer)) == (400, fields)


# --- cancel ------------------------------------------------------------------------------------


def test_cancel_ends_a_queued_run_and_it_never_runs(
    app: Flask, client: FlaskClient, callers: Callers, ran: list[int]
) -> None:
    run_id = queue_refresh(client, callers.admin, callers.mine)
    answer = client.post(f"/api/job/{run_id}/cancel", headers=callers.admin)
    runner_of(app).tick()
    after = client.get(f"/api/job/{run_id}", headers=callers.admin).get_json()["run"]
    assert (answer.status_code, answer.get_json()["run"]["state"], after["state"], ran) == (
        200,
        "cancelled",
        "cancelled",
        [],
    )


def test_cancel_of_an_ended_run_is_409(app: Flask, client: FlaskClient, callers: Callers) -> None:
    run_id = queue_refresh(client, callers.admin, callers.mine)
    runner_of(app).tick()
    answer = client.post(f"/api/job/{run_id}/cancel", headers=callers.admin)
    assert (answer.status_code, answer.get_json()["code"]) == (409, "conflict")
    assert "already ended (succeeded)" in answer.get_json()["error"]


def test_cancel_of_an_unknown_run_is_404(client: FlaskClient, callers: Callers) -> None:
    assert client.post("/api/job/9999/cancel", headers=callers.admin).status_code == 404


# --- job types -------------------------------------------------------------------------------


def test_admin_sees_every_job_type_with_its_argument_schema(
    client: FlaskClient, callers: Callers
) -> None:
    types = client.get("/api/job-types", headers=callers.admin).get_json()["job_types"]
    by_name = {item["name"]: item for item in types}
    refresh = by_name[REFRESH]
    assert (by_name[SYSTEM]["system"], refresh["target_kind"]) == (True, "dashboard")
    assert refresh["arguments"]["properties"]["note"]["type"] == "string"


def test_editor_sees_only_the_job_types_they_may_run(client: FlaskClient, callers: Callers) -> None:
    everything = client.get("/api/job-types", headers=callers.admin).get_json()["job_types"]
    types = client.get("/api/job-types", headers=callers.editor).get_json()["job_types"]
    targeted = [item["name"] for item in everything if item["target_kind"] and not item["system"]]
    names = [item["name"] for item in types]
    assert (names, REFRESH in names, SYSTEM in names) == (targeted, True, False)


# --- who may ---------------------------------------------------------------------------------

EVERY_ROUTE = [
    ("GET", "/api/job"),
    ("POST", "/api/job"),
    ("GET", "/api/job/1"),
    ("POST", "/api/job/1/cancel"),
    ("GET", "/api/job-types"),
]


@pytest.mark.parametrize(("method", "path"), EVERY_ROUTE)
def test_anonymous_callers_are_refused_401(client: FlaskClient, method: str, path: str) -> None:
    answer = client.open(path, method=method, json={})
    assert (answer.status_code, answer.get_json()["code"]) == (401, "unauthorized")


@pytest.mark.parametrize(("method", "path"), EVERY_ROUTE)
def test_viewers_are_refused_403(
    client: FlaskClient, callers: Callers, method: str, path: str
) -> None:
    answer = client.open(path, method=method, json={}, headers=callers.viewer)
    assert (answer.status_code, answer.get_json()["code"]) == (403, "forbidden")


def test_editor_runs_a_job_on_a_dashboard_they_may_change(
    app: Flask, client: FlaskClient, callers: Callers, ran: list[int]
) -> None:
    run_id = queue_refresh(client, callers.editor, callers.mine)
    runner_of(app).tick()
    run = client.get(f"/api/job/{run_id}", headers=callers.editor).get_json()["run"]
    assert (run["state"], run["triggered_by"], ran) == ("succeeded", "ed", [run_id])


def test_editor_may_not_run_a_job_on_a_dashboard_they_only_view(
    client: FlaskClient, callers: Callers
) -> None:
    body = {"job_type": REFRESH, "target_id": str(callers.theirs)}
    answer = client.post("/api/job", json=body, headers=callers.editor)
    assert (answer.status_code, fields_named(answer)) == (403, ["target_id"])


def test_editor_may_not_run_a_system_job(client: FlaskClient, callers: Callers) -> None:
    answer = client.post("/api/job", json={"job_type": SYSTEM}, headers=callers.editor)
    assert (answer.status_code, fields_named(answer)) == (403, ["job_type"])


def test_editor_sees_only_the_runs_they_may_manage(client: FlaskClient, callers: Callers) -> None:
    mine = queue_refresh(client, callers.admin, callers.mine)
    queue_refresh(client, callers.admin, callers.theirs)
    client.post("/api/job", json={"job_type": SYSTEM}, headers=callers.admin)
    listed = client.get("/api/job", headers=callers.editor).get_json()
    assert ([run["id"] for run in listed["runs"]], listed["total"]) == ([mine], 1)


@pytest.mark.parametrize("suffix", ["", "/cancel"])
def test_a_run_the_editor_may_not_manage_is_404_to_them(
    client: FlaskClient, callers: Callers, suffix: str
) -> None:
    theirs = queue_refresh(client, callers.admin, callers.theirs)
    system = client.post("/api/job", json={"job_type": SYSTEM}, headers=callers.admin)
    method = "POST" if suffix else "GET"
    answers = [
        client.open(f"/api/job/{run_id}{suffix}", method=method, headers=callers.editor)
        for run_id in (theirs, system.get_json()["run_id"])
    ]
    assert [answer.status_code for answer in answers] == [404, 404]


def test_editor_cancels_their_run(client: FlaskClient, callers: Callers) -> None:
    run_id = queue_refresh(client, callers.editor, callers.mine)
    answer = client.post(f"/api/job/{run_id}/cancel", headers=callers.editor)
    assert (answer.status_code, answer.get_json()["run"]["state"]) == (200, "cancelled")
