"""``/api/schedule``: the list and details with their run history (what ClicData's client
reads), create, change, delete, pause, resume and trigger, each error naming its field, and
who may do what: admins everything, editors only on dashboards they may change, viewers
and strangers nothing."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login
from tests.jobs.api_helpers import (
    REFRESH,
    SYSTEM,
    Callers,
    add_schedule,
    schedule_body,
    schedule_id_named,
)
from tests.jobs.helpers import run_row, runner_of


def problems(answer: Any) -> list[str]:
    body = answer.get_json()
    assert body["ok"] is False, body
    return [str(problem) for problem in body["errors"]]


def fields_named(answer: Any) -> list[str]:
    return [problem.split(":")[0] for problem in problems(answer)]


# --- listing and details -------------------------------------------------------------------


def test_admin_lists_the_system_schedule_with_its_timing(
    client: FlaskClient, callers: Callers
) -> None:
    listed = client.get("/api/schedule", headers=callers.admin).get_json()
    (system,) = [item for item in listed["schedules"] if item["name"] == SYSTEM]
    shown = (system["system"], system["job_type"], system["every_seconds"], system["paused"])
    assert shown == (True, SYSTEM, 60, False)


def test_list_is_paged_with_has_more_data(client: FlaskClient, callers: Callers) -> None:
    for number in range(3):
        add_schedule(client, callers.admin, callers.mine, name=f"refresh {number}")
    total = client.get("/api/schedule", headers=callers.admin).get_json()["total"]
    url = f"/api/schedule?limit={total - 1}"
    first = client.get(url, headers=callers.admin).get_json()
    second = client.get(f"{url}&page=2", headers=callers.admin).get_json()
    shown = [(len(page["schedules"]), page["has_more_data"]) for page in (first, second)]
    assert shown == [(total - 1, True), (1, False)]


def test_list_answers_each_schedule_with_next_and_last_run(
    client: FlaskClient, callers: Callers
) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    client.post(f"/api/schedule/{made['id']}/trigger", headers=callers.admin)
    listed = client.get("/api/schedule", headers=callers.admin).get_json()["schedules"]
    (item,) = [item for item in listed if item["id"] == made["id"]]
    assert (item["next_run"].endswith("Z"), item["last_run"]["state"]) == (True, "queued")


def test_details_page_through_the_run_history(client: FlaskClient, callers: Callers) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    queued = [
        client.post(f"/api/schedule/{made['id']}/trigger", headers=callers.admin).get_json()
        for _ in range(3)
    ]
    url = f"/api/schedule/{made['id']}?limit=2"
    first = client.get(url, headers=callers.admin).get_json()
    second = client.get(f"{url}&page=2", headers=callers.admin).get_json()
    ids = [[run["id"] for run in page["runs"]] for page in (first, second)]
    newest_first = [[queued[2]["run_id"], queued[1]["run_id"]], [queued[0]["run_id"]]]
    summary = (first["total_runs"], first["has_more_data"], second["has_more_data"])
    assert (ids, summary, first["schedule"]["name"]) == (
        newest_first,
        (3, True, False),
        "nightly refresh",
    )


def test_details_answer_the_schedule_as_clicdatas_list_too(
    client: FlaskClient, callers: Callers
) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    body = client.get(f"/api/schedule/{made['id']}", headers=callers.admin).get_json()
    assert [item["id"] for item in body["schedules"]] == [made["id"]]


def test_list_keeps_one_targets_schedules(client: FlaskClient, callers: Callers) -> None:
    add_schedule(client, callers.admin, callers.mine, name="mine")
    add_schedule(client, callers.admin, callers.theirs, name="theirs")
    url = f"/api/schedule?target_kind=dashboard&target_id={callers.mine}"
    listed = client.get(url, headers=callers.admin).get_json()
    assert ([item["name"] for item in listed["schedules"]], listed["total"]) == (["mine"], 1)


def test_a_target_filter_needs_both_halves(client: FlaskClient, callers: Callers) -> None:
    answer = client.get("/api/schedule?target_kind=dashboard", headers=callers.admin)
    assert answer.status_code == 400
    assert "target_kind and target_id together" in problems(answer)[0]


def test_details_of_an_unknown_schedule_is_404(client: FlaskClient, callers: Callers) -> None:
    answer = client.get("/api/schedule/9999", headers=callers.admin)
    assert (answer.status_code, answer.get_json()["code"]) == (404, "not_found")


def test_a_bad_page_is_named(client: FlaskClient, callers: Callers) -> None:
    answer = client.get("/api/schedule?page=0&limit=9999", headers=callers.admin)
    assert (answer.status_code, fields_named(answer)) == (400, ["page", "limit"])


# --- create ----------------------------------------------------------------------------------


def test_create_answers_201_with_the_schedule_and_its_address(
    client: FlaskClient, callers: Callers
) -> None:
    answer = client.post(
        "/api/schedule", json=schedule_body(target_id=str(callers.mine)), headers=callers.admin
    )
    saved = answer.get_json()["schedule"]
    expected = ("dashboard", str(callers.mine), "0 3 * * *", "Europe/Paris", False, None)
    got = (
        saved["target_kind"],
        saved["target_id"],
        saved["cron"],
        saved["timezone"],
        saved["system"],
        saved["last_run"],
    )
    assert (answer.status_code, got, answer.headers["Location"]) == (
        201,
        expected,
        f"/api/schedule/{saved['id']}",
    )
    assert saved["next_run"].endswith("Z")


def test_create_every_n_seconds(client: FlaskClient, callers: Callers) -> None:
    saved = add_schedule(client, callers.admin, callers.mine, cron=None, every_seconds=300)
    assert (saved["cron"], saved["every_seconds"]) == (None, 300)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cron": "61 * * * *"}, "cron"),
        ({"cron": "every day"}, "cron"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"job_type": "no.such.job"}, "job_type"),
        ({"target_id": "9999"}, "target_id"),
        ({"target_id": None}, "target_id"),
        ({"target_kind": "notebook"}, "target_kind"),
        ({"arguments": {"volume": 11}}, "arguments.volume"),
        ({"every_seconds": 60}, "body"),
    ],
    ids=[
        "bad-cron-field",
        "bad-cron-words",
        "unknown-zone",
        "unknown-type",
        "unknown-target",
        "missing-target",
        "wrong-target-kind",
        "bad-argument",
        "two-timings",
    ],
)
def test_a_bad_schedule_is_refused_naming_the_field(
    client: FlaskClient, callers: Callers, change: dict[str, Any], field: str
) -> None:
    body = schedule_body(target_id=str(callers.mine)) | change
    answer = client.post("/api/schedule", json=body, headers=callers.admin)
    assert (answer.status_code, fields_named(answer)) == (400, [field])


def test_missing_fields_are_all_named(client: FlaskClient, callers: Callers) -> None:
    answer = client.post("/api/schedule", json={"cron": "0 3 * * *"}, headers=callers.admin)
    assert (answer.status_code, fields_named(answer)) == (400, ["name", "job_type"])


def test_a_schedule_without_timing_is_refused(client: FlaskClient, callers: Callers) -> None:
    body = schedule_body(target_id=str(callers.mine), cron=None)
    answer = client.post("/api/schedule", json=body, headers=callers.admin)
    assert answer.status_code == 400
    assert "cron or every_seconds" in answer.get_json()["error"]


def test_an_unknown_field_is_named(client: FlaskClient, callers: Callers) -> None:
    body = schedule_body(target_id=str(callers.mine), colour="red")
    answer = client.post("/api/schedule", json=body, headers=callers.admin)
    assert (answer.status_code, fields_named(answer)) == (400, ["colour"])


def test_a_body_that_is_not_json_is_refused(client: FlaskClient, callers: Callers) -> None:
    answer = client.post("/api/schedule", data="name=x", headers=callers.admin)
    assert answer.status_code == 415


def test_a_second_schedule_of_the_same_name_is_409(client: FlaskClient, callers: Callers) -> None:
    add_schedule(client, callers.admin, callers.mine)
    body = schedule_body(target_id=str(callers.mine))
    answer = client.post("/api/schedule", json=body, headers=callers.admin)
    assert (answer.status_code, fields_named(answer)) == (409, ["name"])


# --- change, pause, resume, delete ------------------------------------------------------------


def test_update_changes_the_timing_and_keeps_the_rest(
    client: FlaskClient, callers: Callers
) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    answer = client.put(
        f"/api/schedule/{made['id']}", json={"every_seconds": 600}, headers=callers.admin
    )
    saved = answer.get_json()["schedule"]
    got = (saved["cron"], saved["every_seconds"], saved["name"], saved["target_id"])
    assert (answer.status_code, got) == (200, (None, 600, made["name"], made["target_id"]))


def test_update_with_a_bad_cron_names_it(client: FlaskClient, callers: Callers) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    answer = client.put(
        f"/api/schedule/{made['id']}", json={"cron": "* * *"}, headers=callers.admin
    )
    assert (answer.status_code, fields_named(answer)) == (400, ["cron"])


def test_update_to_an_unknown_target_names_it(client: FlaskClient, callers: Callers) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    answer = client.put(
        f"/api/schedule/{made['id']}", json={"target_id": "9999"}, headers=callers.admin
    )
    assert (answer.status_code, fields_named(answer)) == (400, ["target_id"])


def test_update_of_an_unknown_schedule_is_404(client: FlaskClient, callers: Callers) -> None:
    answer = client.put("/api/schedule/9999", json={"paused": True}, headers=callers.admin)
    assert answer.status_code == 404


def test_a_system_schedule_keeps_its_timing(client: FlaskClient, callers: Callers) -> None:
    system = schedule_id_named(client, callers.admin, SYSTEM)
    answer = client.put(
        f"/api/schedule/{system}", json={"every_seconds": 600}, headers=callers.admin
    )
    assert (answer.status_code, "only paused" in answer.get_json()["error"]) == (400, True)


def test_pause_stops_the_next_run_and_resume_brings_it_back(
    client: FlaskClient, callers: Callers
) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    paused = client.post(f"/api/schedule/{made['id']}/pause", headers=callers.admin)
    resumed = client.post(f"/api/schedule/{made['id']}/resume", headers=callers.admin)
    before, after = paused.get_json()["schedule"], resumed.get_json()["schedule"]
    assert (before["paused"], before["next_run"], after["paused"]) == (True, None, False)
    assert after["next_run"].endswith("Z")


def test_admin_pauses_a_system_schedule(client: FlaskClient, callers: Callers) -> None:
    system = schedule_id_named(client, callers.admin, SYSTEM)
    answer = client.post(f"/api/schedule/{system}/pause", headers=callers.admin)
    assert (answer.status_code, answer.get_json()["schedule"]["paused"]) == (200, True)


def test_delete_answers_200_and_the_schedule_is_gone(client: FlaskClient, callers: Callers) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    answer = client.delete(f"/api/schedule/{made['id']}", headers=callers.admin)
    after = client.get(f"/api/schedule/{made['id']}", headers=callers.admin)
    assert (answer.status_code, answer.get_json(), after.status_code) == (
        200,
        {"ok": True, "deleted": made["id"]},
        404,
    )


def test_delete_keeps_the_past_runs(client: FlaskClient, callers: Callers) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    run_id = client.post(f"/api/schedule/{made['id']}/trigger", headers=callers.admin).get_json()[
        "run_id"
    ]
    client.delete(f"/api/schedule/{made['id']}", headers=callers.admin)
    run = client.get(f"/api/job/{run_id}", headers=callers.admin).get_json()["run"]
    assert (run["id"], run["schedule_id"]) == (run_id, None)


def test_a_system_schedule_cannot_be_deleted(client: FlaskClient, callers: Callers) -> None:
    system = schedule_id_named(client, callers.admin, SYSTEM)
    answer = client.delete(f"/api/schedule/{system}", headers=callers.admin)
    assert (answer.status_code, answer.get_json()["code"]) == (409, "conflict")


# --- trigger -----------------------------------------------------------------------------------


def test_trigger_queues_a_run_and_answers_202_with_its_address(
    app: Flask, client: FlaskClient, callers: Callers, ran: list[int]
) -> None:
    made = add_schedule(client, callers.admin, callers.mine, arguments={"note": "now"})
    answer = client.post(f"/api/schedule/{made['id']}/trigger", headers=callers.admin)
    body = answer.get_json()
    run_id = body["run_id"]
    assert (answer.status_code, body, answer.headers["Location"]) == (
        202,
        {"ok": True, "run_id": run_id, "state": "queued", "url": f"/api/job/{run_id}"},
        f"/api/job/{run_id}",
    )
    runner_of(app).tick()
    run = client.get(body["url"], headers=callers.admin).get_json()["run"]
    got = (ran, run["state"], run["result"], run["schedule_id"])
    assert got == ([run_id], "succeeded", {"note": "now"}, made["id"])


def test_a_paused_schedule_can_still_be_triggered(client: FlaskClient, callers: Callers) -> None:
    made = add_schedule(client, callers.admin, callers.mine, paused=True)
    answer = client.post(f"/api/schedule/{made['id']}/trigger", headers=callers.admin)
    assert answer.status_code == 202


def test_admin_triggers_a_system_schedule(
    app: Flask, client: FlaskClient, callers: Callers
) -> None:
    system = schedule_id_named(client, callers.admin, SYSTEM)
    run_id = client.post(f"/api/schedule/{system}/trigger", headers=callers.admin).get_json()[
        "run_id"
    ]
    runner_of(app).tick()
    assert run_row(app, run_id).state == "succeeded"


def test_trigger_of_an_unknown_schedule_is_404(client: FlaskClient, callers: Callers) -> None:
    assert client.post("/api/schedule/9999/trigger", headers=callers.admin).status_code == 404


def test_trigger_is_not_a_get(client: FlaskClient, callers: Callers) -> None:
    """ClicData's client sends GET (a bug in it); a GET never changes anything here."""
    made = add_schedule(client, callers.admin, callers.mine)
    answer = client.get(f"/api/schedule/{made['id']}/trigger", headers=callers.admin)
    assert (answer.status_code, answer.get_json()["code"]) == (405, "method_not_allowed")


# --- who may ---------------------------------------------------------------------------------

EVERY_ROUTE = [
    ("GET", "/api/schedule"),
    ("POST", "/api/schedule"),
    ("GET", "/api/schedule/1"),
    ("PUT", "/api/schedule/1"),
    ("DELETE", "/api/schedule/1"),
    ("POST", "/api/schedule/1/pause"),
    ("POST", "/api/schedule/1/resume"),
    ("POST", "/api/schedule/1/trigger"),
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


def test_editor_creates_a_schedule_on_a_dashboard_they_may_change(
    client: FlaskClient, callers: Callers
) -> None:
    saved = add_schedule(client, callers.editor, callers.mine)
    assert saved["owner"] == "ed"


def test_editor_may_not_schedule_a_dashboard_they_only_view(
    client: FlaskClient, callers: Callers
) -> None:
    body = schedule_body(target_id=str(callers.theirs))
    answer = client.post("/api/schedule", json=body, headers=callers.editor)
    assert (answer.status_code, fields_named(answer)) == (403, ["target_id"])


def test_editor_may_not_move_a_schedule_onto_a_dashboard_they_only_view(
    client: FlaskClient, callers: Callers
) -> None:
    made = add_schedule(client, callers.editor, callers.mine)
    answer = client.put(
        f"/api/schedule/{made['id']}",
        json={"target_id": str(callers.theirs)},
        headers=callers.editor,
    )
    assert (answer.status_code, fields_named(answer)) == (403, ["target_id"])


def test_editor_may_not_create_a_system_schedule(client: FlaskClient, callers: Callers) -> None:
    body = schedule_body(name="my sealing", job_type=SYSTEM, target_kind=None, target_id=None)
    answer = client.post("/api/schedule", json=body, headers=callers.editor)
    assert (answer.status_code, fields_named(answer)) == (403, ["job_type"])


def test_editor_lists_only_the_schedules_they_may_manage(
    client: FlaskClient, callers: Callers
) -> None:
    add_schedule(client, callers.admin, callers.mine, name="on mine")
    add_schedule(client, callers.admin, callers.theirs, name="on theirs")
    listed = client.get("/api/schedule", headers=callers.editor).get_json()
    names = [item["name"] for item in listed["schedules"]]
    assert (names, listed["total"], listed["has_more_data"]) == (["on mine"], 1, False)


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PUT", ""), ("DELETE", ""), ("POST", "/pause"), ("POST", "/trigger")],
)
def test_a_schedule_the_editor_may_not_manage_is_404_to_them(
    client: FlaskClient, callers: Callers, method: str, suffix: str
) -> None:
    made = add_schedule(client, callers.admin, callers.theirs)
    system = schedule_id_named(client, callers.admin, SYSTEM)
    answers = [
        client.open(
            f"/api/schedule/{found}{suffix}", method=method, json={}, headers=callers.editor
        )
        for found in (made["id"], system)
    ]
    assert [answer.status_code for answer in answers] == [404, 404]


def test_editor_manages_their_schedule_end_to_end(
    app: Flask, client: FlaskClient, callers: Callers
) -> None:
    made = add_schedule(client, callers.editor, callers.mine)
    url = f"/api/schedule/{made['id']}"
    statuses = [
        client.put(url, json={"name": "renamed"}, headers=callers.editor).status_code,
        client.post(f"{url}/pause", headers=callers.editor).status_code,
        client.post(f"{url}/resume", headers=callers.editor).status_code,
        client.post(f"{url}/trigger", headers=callers.editor).status_code,
        client.get(url, headers=callers.editor).status_code,
        client.delete(url, headers=callers.editor).status_code,
    ]
    assert statuses == [200, 200, 200, 202, 200, 200]


def test_a_session_change_needs_the_csrf_token(
    app: Flask, callers: Callers, client: FlaskClient
) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    browser = app.test_client()
    csrf = login(browser, "ed")
    url = f"/api/schedule/{made['id']}/trigger"
    without = browser.post(url)
    with_token = browser.post(url, headers={"X-CSRF-Token": csrf})
    assert (without.status_code, with_token.status_code) == (403, 202)


def test_a_session_change_from_another_site_is_refused(
    app: Flask, callers: Callers, client: FlaskClient
) -> None:
    made = add_schedule(client, callers.admin, callers.mine)
    browser = app.test_client()
    csrf = login(browser, "ed")
    answer = browser.post(
        f"/api/schedule/{made['id']}/pause",
        headers={"X-CSRF-Token": csrf, "Origin": "https://elsewhere.example"},
    )
    assert answer.status_code == 403


def test_the_run_names_who_triggered_it(client: FlaskClient, callers: Callers) -> None:
    made = add_schedule(client, callers.editor, callers.mine)
    run_id = client.post(f"/api/schedule/{made['id']}/trigger", headers=callers.editor).get_json()[
        "run_id"
    ]
    run = client.get(f"/api/job/{run_id}", headers=callers.editor).get_json()["run"]
    assert (run["triggered_by"], run["job_type"]) == ("ed", REFRESH)
