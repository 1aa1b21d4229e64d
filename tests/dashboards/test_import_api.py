"""``POST /api/dashboard/import``: a dry run plans, an apply stores everything in one
transaction with its activity entries, one bad file or forbidden target refuses all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gaugeboard.dashboards.service import create_dashboard, find_by_path
from gaugeboard.store.activity_models import ActivityEntry
from gaugeboard.store.dashboard_models import FolderGrant
from gaugeboard.store.folder_grants import insert_team, replace_grants
from tests.conftest import login, state
from tests.dashboards.api_helpers import bearer
from tests.dashboards.factories import chart_document
from tests.dashboards.test_jsondash_import import dashboard as jsondash_dashboard

URL = "/api/dashboard/import"


@pytest.fixture
def editor(make_user: Callable[..., Any], make_token: Callable[..., str]) -> dict[str, str]:
    make_user("ed", role="editor")
    return bearer(make_token(user_name="ed"))


def store(app: Flask, **overrides: Any) -> None:
    with state(app).database.sessions() as session:
        create_dashboard(session, chart_document(**overrides), None)
        session.commit()


def stored_paths(app: Flask) -> list[str]:
    with state(app).database.sessions() as session:
        found = [find_by_path(session, path) for path in ("team/reports/sales", "team/margin")]
        return [f"{d.folder}/{d.name}" for d in found if d is not None]


def send(client: FlaskClient, headers: dict[str, str], *files: dict[str, Any], **body: Any) -> Any:
    return client.post(URL, json={"files": list(files), **body}, headers=headers)


def file(file_name: str, **overrides: Any) -> dict[str, Any]:
    return {"name": file_name, "document": chart_document(**overrides)}


def plan_of(response: Any) -> list[tuple[str, str, str]]:
    assert response.status_code == 200, response.get_json()
    return [(row["file"], row["path"], row["action"]) for row in response.get_json()["plan"]]


def test_dry_run_shows_the_plan(client: FlaskClient, editor: dict[str, str]) -> None:
    response = send(client, editor, file("sales.json"), dry_run=True)
    assert plan_of(response) == [("sales.json", "team/reports/sales", "create")]


def test_dry_run_stores_nothing(app: Flask, client: FlaskClient, editor: dict[str, str]) -> None:
    send(client, editor, file("sales.json"), dry_run=True)
    assert stored_paths(app) == []


def test_plan_tells_update_from_unchanged(
    app: Flask, client: FlaskClient, editor: dict[str, str]
) -> None:
    store(app)
    store(app, name="margin", folder="team", title="Margin")
    files = (
        file("a.json", title="Sales v2"),
        file("b.json", name="margin", folder="team", title="Margin"),
    )
    response = send(client, editor, *files, dry_run=True)
    assert [row[2] for row in plan_of(response)] == ["update", "unchanged"]


def test_apply_stores_every_file(app: Flask, client: FlaskClient, editor: dict[str, str]) -> None:
    files = (file("a.json"), file("b.json", name="margin", folder="team"))
    response = send(client, editor, *files, dry_run=False)
    assert (response.get_json()["dry_run"], stored_paths(app)) == (
        False,
        ["team/reports/sales", "team/margin"],
    )


def test_apply_updates_a_stored_dashboard(
    app: Flask, client: FlaskClient, editor: dict[str, str]
) -> None:
    store(app)
    send(client, editor, file("a.json", title="Sales v2"))
    with state(app).database.sessions() as session:
        dashboard = find_by_path(session, "team/reports/sales")
        assert dashboard is not None
        assert (dashboard.title, dashboard.version) == ("Sales v2", 2)


def test_folder_puts_every_dashboard_below_it(client: FlaskClient, editor: dict[str, str]) -> None:
    response = send(client, editor, file("a.json"), folder="archive", dry_run=True)
    assert plan_of(response)[0][1] == "archive/team/reports/sales"


def test_jsondash_document_is_converted(client: FlaskClient, editor: dict[str, str]) -> None:
    sent = {"name": "kitchen.json", "document": jsondash_dashboard()}
    send(client, editor, sent, folder="old")
    found = client.get("/api/dashboard/old/kitchen-sink-demo", headers=editor).get_json()
    assert found["document"]["widgets"][0]["type"] == "line"


def test_bad_file_refuses_the_whole_import(
    app: Flask, client: FlaskClient, editor: dict[str, str]
) -> None:
    bad = file("bad.json", name="margin", widgets=[{"id": "x", "type": "nope"}])
    response = send(client, editor, file("good.json"), bad)
    assert (response.status_code, stored_paths(app)) == (400, [])


def test_problems_name_the_file_and_the_json_path(
    client: FlaskClient, editor: dict[str, str]
) -> None:
    bad = file("bad.json", widgets=[{"id": "x", "type": "nope"}])
    errors = send(client, editor, bad).get_json()["errors"]
    assert errors and all(error.startswith("bad.json: widgets[0].") for error in errors)


def test_unparsed_text_reports_line_and_column(client: FlaskClient, editor: dict[str, str]) -> None:
    sent = {"name": "broken.json", "text": '{\n  "title": "x",\n}'}
    errors = send(client, editor, sent, dry_run=True).get_json()["errors"]
    assert errors == [
        "broken.json: (document): not valid JSON "
        "(Expecting property name enclosed in double quotes at line 3, column 1)"
    ]


def test_two_files_for_one_path_are_refused(client: FlaskClient, editor: dict[str, str]) -> None:
    response = send(client, editor, file("a.json"), file("b.json"), dry_run=True)
    assert response.get_json()["errors"] == [
        "b.json: name: 'team/reports/sales' is also the path of a.json"
    ]


def test_same_file_name_twice_is_refused(client: FlaskClient, editor: dict[str, str]) -> None:
    response = send(client, editor, file("a.json"), file("a.json", name="other"))
    assert response.get_json()["errors"] == ["files[1].name: 'a.json' is also the name of files[0]"]


def test_body_problems_name_each_field(client: FlaskClient, editor: dict[str, str]) -> None:
    body = {"files": [{"document": {}}], "dry_run": "yes", "folder": 3}
    errors = client.post(URL, json=body, headers=editor).get_json()["errors"]
    assert [error.split(":")[0] for error in errors] == ["folder", "dry_run", "files[0].name"]


def test_more_than_200_files_are_refused(client: FlaskClient, editor: dict[str, str]) -> None:
    files = [file(f"f{n}.json", name=f"d{n}") for n in range(201)]
    response = send(client, editor, *files, dry_run=True)
    assert response.get_json()["errors"] == ["files: at most 200 files in one import, not 201"]


def test_viewer_is_refused(client: FlaskClient, make_token: Callable[..., str], app: Flask) -> None:
    response = send(client, bearer(make_token("viewer")), file("a.json"))
    assert (response.status_code, stored_paths(app)) == (403, [])


def test_folder_without_a_grant_is_refused(
    app: Flask, client: FlaskClient, editor: dict[str, str]
) -> None:
    with state(app).database.sessions() as session:
        team = insert_team(session, "insiders")
        grant = FolderGrant(folder="secret", team_id=team.id, role="editor")
        replace_grants(session, "secret", [grant])
        session.commit()
    response = send(client, editor, file("a.json"), file("b.json", folder="secret"))
    assert (response.status_code, response.get_json()["errors"]) == (
        403,
        ["b.json: folder: you may not import dashboards into 'secret'"],
    )


def test_global_dashboard_needs_an_admin(client: FlaskClient, editor: dict[str, str]) -> None:
    response = send(client, editor, file("a.json", **{"global": True}), dry_run=True)
    assert response.get_json()["errors"] == [
        "a.json: global: you may not change whether a dashboard is global"
    ]


def test_apply_records_one_activity_entry_per_change(
    app: Flask, client: FlaskClient, editor: dict[str, str]
) -> None:
    store(app)
    files = (file("a.json", title="v2"), file("b.json", name="margin", folder="team"))
    send(client, editor, *files)
    with state(app).database.sessions() as session:
        found = session.scalars(select(ActivityEntry).order_by(ActivityEntry.id)).all()
        logged = [(e.actor_name, e.action, e.target, e.detail["file"]) for e in found]
    assert logged == [
        ("ed", "dashboard.update", "team/reports/sales", "a.json"),
        ("ed", "dashboard.create", "team/margin", "b.json"),
    ]


def test_browser_session_must_send_the_csrf_token(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("ed", role="editor")
    token = login(client, "ed")
    body = {"files": [file("a.json")], "dry_run": True}
    without = client.post(URL, json=body)
    with_token = client.post(URL, json=body, headers={"X-CSRF-Token": token})
    assert (without.status_code, with_token.status_code) == (403, 200)
