"""The schedule and job APIs in tests: a job type that runs on a dashboard, a dashboard the
editor ``ed`` may change and one they may only view, and the headers of each caller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from pydantic import BaseModel, ConfigDict

from gaugeboard.jobs.context import JobContext
from gaugeboard.jobs.registry import JobType
from tests.dashboards.api_helpers import bearer, create
from tests.jobs.helpers import runner_of

REFRESH = "test.refresh"
SYSTEM = "status.maintain"


class RefreshArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = ""


def register_refresh(app: Flask) -> list[int]:
    """``test.refresh`` runs on a dashboard; returns the ids of the runs it ran."""
    ran: list[int] = []

    def refresh(context: JobContext, arguments: RefreshArguments) -> dict[str, Any]:
        ran.append(context.run_id)
        return {"note": arguments.note}

    runner_of(app).env.registry.register(
        JobType(REFRESH, "Refresh", refresh, RefreshArguments, target_kind="dashboard")
    )
    return ran


@dataclass(frozen=True)
class Callers:
    """Headers of an admin, of ``ed`` (an editor), and of a viewer; the dashboard ``ed`` may
    change (``mine``) and the one they may only view (``theirs``)."""

    admin: dict[str, str]
    editor: dict[str, str]
    viewer: dict[str, str]
    mine: int
    theirs: int


def set_up_callers(
    client: FlaskClient,
    admin: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> Callers:
    mine = create(client, admin, folder="open", name="mine")["id"]
    theirs = create(client, admin, folder="team/reports", name="theirs")["id"]
    make_user("ed", role="editor")
    grants = {"grants": [{"user": "ed", "role": "viewer"}]}
    answer = client.put("/api/permission?folder=team", json=grants, headers=admin)
    assert answer.status_code == 200, answer.get_json()
    editor = bearer(make_token(user_name="ed"))
    return Callers(admin, editor, bearer(make_token("viewer")), mine, theirs)


def schedule_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "nightly refresh",
        "job_type": REFRESH,
        "target_kind": "dashboard",
        "target_id": "1",
        "cron": "0 3 * * *",
        "timezone": "Europe/Paris",
    }
    body.update(overrides)
    return body


def add_schedule(
    client: FlaskClient, headers: dict[str, str], target: int, **overrides: Any
) -> dict[str, Any]:
    answer = client.post(
        "/api/schedule", json=schedule_body(target_id=str(target), **overrides), headers=headers
    )
    assert answer.status_code == 201, answer.get_json()
    schedule: dict[str, Any] = answer.get_json()["schedule"]
    return schedule


def schedule_id_named(client: FlaskClient, headers: dict[str, str], name: str) -> int:
    listed = client.get("/api/schedule", headers=headers).get_json()["schedules"]
    found = [item["id"] for item in listed if item["name"] == name]
    assert len(found) == 1, listed
    return int(found[0])
