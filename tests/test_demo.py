"""The demo seed: a working admin login, sample dashboards that draw every widget, the
demo's JSON feed, 90 days of events once, and the data set "sales by region and month"
that a dashboard sums, rebuilt daily as the admin."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import click
import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.cli.server_commands import _in_child
from gaugeboard.demo import DEMO_ADMIN, REBUILD_SCHEDULE, register_demo_data, run_seed
from gaugeboard.demo_dashboards import (
    DEMO_DATASET,
    NOTEBOOK_PATH,
    REGIONS,
    SALES_PATH,
    SALES_ROWS_PATH,
    demo_dashboards,
    sales_rows,
)
from gaugeboard.store import job_schedules
from gaugeboard.store.events import tail_count
from gaugeboard.store.types import utcnow
from gaugeboard.store.users import find_user_by_name
from tests.conftest import state
from tests.jobs.helpers import run_row, runner_of

DEMO_PATHS = [f"{document['folder']}/{document['name']}" for document in demo_dashboards()]


def seed(app: Flask) -> dict[str, str]:
    with state(app).database.sessions() as session:
        return run_seed(
            session, lambda steps: nullcontext(steps), state(app).datasets, state(app).notebooks
        )


def test_printed_password_logs_in(app: Flask, client: FlaskClient) -> None:
    password = seed(app)["admin user"]
    response = client.post("/login", json={"username": DEMO_ADMIN, "password": password})
    assert response.status_code == 200


def test_demo_events_are_seeded_once(app: Flask) -> None:
    first = seed(app)
    with state(app).database.sessions() as session:
        count = tail_count(session)
    second = seed(app)
    with state(app).database.sessions() as session:
        assert count > 1000 and tail_count(session) == count
    assert "demo events" in first and "demo events" not in second


def test_demo_purchases_carry_amount_and_plan(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    seed(app)
    items: list[dict[str, Any]] = client.get(
        "/events?name=purchase&limit=5", headers=auth_headers
    ).get_json()["items"]
    assert items and all({"amount", "plan"} <= set(item["properties"]) for item in items)


def test_the_service_health_dashboard_charts_the_demo_servers_own_requests(
    app: Flask, client: FlaskClient
) -> None:
    password = seed(app)["admin user"]
    client.post("/login", json={"username": DEMO_ADMIN, "password": password})
    monitor = state(app).monitor
    assert monitor is not None
    monitor.flush()
    html = client.get("/dashboards/operations/service-health").get_data(as_text=True)
    assert '"route":"/login"' in html.replace(" ", "")


def _dashboard_id(client: FlaskClient, headers: dict[str, str], path: str) -> int:
    answer = client.get(f"/api/dashboard/{path}", headers=headers)
    assert answer.status_code == 200, path
    return int(answer.get_json()["dashboard"]["id"])


@pytest.mark.parametrize("path", DEMO_PATHS)
def test_every_widget_of_every_demo_dashboard_draws(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str], path: str
) -> None:
    """The demo is the first thing a new user opens: no widget of it may show an error."""
    register_demo_data(app)
    seed(app)
    dashboard_id = _dashboard_id(client, auth_headers, path)
    answer = client.get(f"/api/dashboard/{dashboard_id}/data", headers=auth_headers)
    widgets: dict[str, dict[str, Any]] = answer.get_json()["widgets"]
    failed = {wid: out.get("error") for wid, out in widgets.items() if not out["ok"]}
    assert failed == {}
    documents = {f"{d['folder']}/{d['name']}": d for d in demo_dashboards()}
    assert set(widgets) == {widget["id"] for widget in documents[path]["widgets"]}


def test_the_demo_sales_feed_is_public_and_only_served_in_demo_mode(
    app: Flask, client: FlaskClient
) -> None:
    """The feed is anonymous (a url source's local fetch carries no login), and a plain
    server does not grow demo routes."""
    assert SALES_PATH not in {rule.rule for rule in app.url_map.iter_rules()}
    register_demo_data(app)
    answer = client.get(SALES_PATH)
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    shared = answer.get_json()["multicharts"]
    assert {"monthly", "regions", "total", "products"} <= set(shared)
    assert shared["total"]["data"] == sum(shared["regions"].values())


def test_the_url_fed_widgets_share_one_fetch_of_the_feed(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    register_demo_data(app)
    seed(app)
    dashboard_id = _dashboard_id(client, auth_headers, "examples/url-fed")
    answer = client.get(f"/api/dashboard/{dashboard_id}/data", headers=auth_headers)
    assert answer.headers["X-Gaugeboard-Sources"] == "fetched=1; cached=0"
    assert answer.get_json()["widgets"]["total"]["kind"] == "number"


def _demo_dataset(client: FlaskClient, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get(f"/api/data?name={DEMO_DATASET}", headers=headers).get_json()
    (found,) = answer["data"]
    return dict(found)


def test_the_demo_data_set_is_seeded_once_with_its_rows(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    seed(app)
    seed(app)
    dataset = _demo_dataset(client, auth_headers)
    assert (dataset["row_count"], dataset["version"], dataset["owner"]) == (288, 1, DEMO_ADMIN)
    assert dataset["source"] == {"type": "url", "url": SALES_ROWS_PATH, "format": "auto"}
    assert dataset["row_count"] == len(sales_rows(utcnow().date()))


def test_the_demo_data_set_is_rebuilt_every_morning_as_the_admin(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    seed(app)
    (schedule,) = _demo_dataset(client, auth_headers)["schedules"]
    with state(app).database.sessions() as db:
        stored = job_schedules.by_name(db, REBUILD_SCHEDULE)
        admin = find_user_by_name(db, DEMO_ADMIN)
        assert stored is not None and admin is not None
        assert stored.owner_id == admin.id
    assert (schedule["name"], schedule["cron"], schedule["arguments"]) == (
        REBUILD_SCHEDULE,
        "0 6 * * *",
        {"method": "reload"},
    )


def test_the_scheduled_rebuild_runs_offline_from_the_demos_own_rows(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    register_demo_data(app)
    seed(app)
    schedule_id = _demo_dataset(client, auth_headers)["schedules"][0]["id"]
    queued = client.post(f"/api/schedule/{schedule_id}/trigger", headers=auth_headers)
    runner_of(app).tick()
    ended = run_row(app, queued.get_json()["run_id"])
    assert ended.state == "succeeded", ended.error
    assert (ended.result["rows_deleted"], ended.result["rows_added"]) == (288, 288)
    assert _demo_dataset(client, auth_headers)["version"] == 2


def test_the_data_set_dashboard_sums_the_rows_by_region(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    register_demo_data(app)
    seed(app)
    dashboard_id = _dashboard_id(client, auth_headers, "examples/data-set")
    answer = client.get(f"/api/dashboard/{dashboard_id}/data", headers=auth_headers)
    widget = answer.get_json()["widgets"]["regions"]
    drawn = {row["region"]: row["sales"] for row in widget["spec"]["data"]["values"]}
    rows = sales_rows(utcnow().date())
    expected = {r: sum(row["amount"] for row in rows if row["region"] == r) for r in REGIONS}
    assert drawn.keys() == expected.keys()
    assert all(abs(drawn[r] - expected[r]) < 0.01 for r in REGIONS)


def test_the_demo_command_seeds_in_a_child_and_hears_its_answer() -> None:
    """The demo seeds in a forked child (Delta Lake's runtime must not start in the process
    the server forks its workers from); its answer and its failures come back."""
    assert _in_child(lambda: {"admin user": "secret"}) == {"admin user": "secret"}


def test_a_failing_seed_is_one_clear_line() -> None:
    def fails() -> dict[str, str]:
        raise click.ClickException("the catalog is read-only")

    with pytest.raises(click.ClickException, match="the catalog is read-only"):
        _in_child(fails)


def test_the_demo_notebook_has_parameters_and_the_outputs_its_defaults_give(
    app: Flask, client: FlaskClient
) -> None:
    """Stored with outputs written in advance (no kernel at start): running it with its
    defaults gives the same text, chart and table."""
    pytest.importorskip("ipykernel")
    from gaugeboard.notebooks.service import find_notebook_at

    seed(app)
    seed(app)  # once only
    place = state(app).notebooks
    with state(app).database.sessions() as db:
        found = find_notebook_at(db, NOTEBOOK_PATH)
        assert found is not None and found.version == 1
        stored = place.files.read_notebook(found.id, 1)
        notebook_id = found.id
    headers = _admin_headers(app)
    page = client.get(f"/dashboards/{NOTEBOOK_PATH}", headers=headers).get_data(as_text=True)
    for name in ("region", "months", "growth", "show_table"):
        assert f'id="gb-param-{name}"' in page
    run = client.post(f"/api/notebook/{notebook_id}/run", headers=headers)
    assert run.status_code == 202, run.get_data(as_text=True)
    runner_of(app).tick()
    with state(app).database.sessions() as db:
        found = find_notebook_at(db, NOTEBOOK_PATH)
        assert found is not None and found.version == 2
        ran = place.files.read_notebook(found.id, 2)

    def joined(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: joined(item) for key, item in value.items()}
        is_lines = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return "".join(value) if is_lines and value else value

    def outputs(notebook: dict[str, Any]) -> list[Any]:
        return [
            joined({key: value for key, value in output.items() if key != "execution_count"})
            for output in notebook["cells"][2]["outputs"]
        ]

    assert outputs(ran) == outputs(stored)


def _admin_headers(app: Flask) -> dict[str, str]:
    from gaugeboard.auth.api_tokens import create_token

    with state(app).database.sessions() as db:
        _token, secret = create_token(db, DEMO_ADMIN, "demo test", 0)
        db.commit()
    return {"Authorization": f"Bearer {secret}"}
