"""Data sets as a dashboard source: a widget draws a data set's grouped rows, read with the
viewer's own rights; variables fill its filters; cached rows follow the data set's
version and are never served to a viewer who may not read it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.store import job_runs
from gaugeboard.store.job_models import JobRun
from tests.conftest import state
from tests.dashboards.api_helpers import create
from tests.datasets.helpers import SALES_ROWS, append, bearer, close_folder, sales
from tests.jobs.helpers import run_row, runner_of

BY_REGION = {
    "group_by": ["region"],
    "measures": [
        {"aggregate": "sum", "column": "amount", "name": "total"},
        {"aggregate": "count", "name": "rows"},
    ],
    "sort": [{"column": "region"}],
}


def widget(widget_id: str, dataset: str, query: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": "vega-lite",
        "source": {"type": "dataset", "dataset": dataset, "query": query},
        "spec": {"mark": "bar", "encoding": {"x": {"field": "region", "type": "nominal"}}},
    }


def drawn(
    client: FlaskClient, headers: dict[str, str], dashboard: dict[str, Any], query: str = ""
) -> Any:
    response = client.get(f"/api/dashboard/{dashboard['id']}/data{query}", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["widgets"]


def by_region(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The BY_REGION query computed in Python."""
    totals: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["region"]] += 1
        if row["amount"] is not None:
            totals[row["region"]].append(row["amount"])
    return [
        {
            "region": region,
            "total": sum(totals[region]) if totals[region] else None,
            "rows": counts[region],
        }
        for region in sorted(counts)
    ]


def test_widget_draws_the_grouped_rows(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    sales(client, auth_headers)
    dashboard = create(client, auth_headers, widgets=[widget("a", "sales", BY_REGION)])
    widgets = drawn(client, auth_headers, dashboard)
    assert widgets["a"]["ok"] is True
    assert widgets["a"]["spec"]["data"] == {"values": by_region(SALES_ROWS)}


def test_widget_names_the_data_set_by_id(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    dashboard = create(client, auth_headers, widgets=[widget("a", str(dataset_id), BY_REGION)])
    assert (
        drawn(client, auth_headers, dashboard)["a"]["spec"]["data"]["values"][0]["region"] == "east"
    )


def test_unknown_data_set_is_the_widgets_error(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers, widgets=[widget("a", "nope", BY_REGION)])
    answer = drawn(client, auth_headers, dashboard)["a"]
    assert (answer["ok"], answer["status"], answer["error"]) == (
        False,
        404,
        "dataset: no data set 'nope'",
    )


def test_bad_query_is_the_widgets_error_by_position(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    sales(client, auth_headers)
    query = {"measures": [{"aggregate": "median", "column": "amount"}]}
    dashboard = create(client, auth_headers, widgets=[widget("a", "sales", query)])
    answer = drawn(client, auth_headers, dashboard)["a"]
    assert answer["errors"][0].startswith("query.measures[0].aggregate: Input should be")


def test_sum_of_a_text_column_is_refused(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    sales(client, auth_headers)
    query = {"measures": [{"aggregate": "sum", "column": "region"}]}
    dashboard = create(client, auth_headers, widgets=[widget("a", "sales", query)])
    assert drawn(client, auth_headers, dashboard)["a"]["errors"] == [
        "measures[0].column: sum needs a number column, 'region' is text"
    ]


def test_viewer_outside_the_data_sets_folder_gets_the_error_not_the_rows(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    sales(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    dashboard = create(
        client, auth_headers, folder="open", widgets=[widget("a", "sales", BY_REGION)]
    )
    assert drawn(client, auth_headers, dashboard)["a"]["ok"] is True  # now cached
    answer = drawn(client, bearer(make_token("viewer")), dashboard)["a"]
    assert (answer["ok"], answer["error"]) == (False, "dataset: no data set 'sales'")
    assert "spec" not in answer


def test_granted_viewer_gets_the_rows(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    sales(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    dashboard = create(
        client, auth_headers, folder="open", widgets=[widget("a", "sales", BY_REGION)]
    )
    answer = drawn(client, bearer(make_token(user_name="vera")), dashboard)["a"]
    assert answer["spec"]["data"] == {"values": by_region(SALES_ROWS)}


def test_a_variable_fills_a_filter_value(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    sales(client, auth_headers)
    query = {**BY_REGION, "filters": [{"column": "region", "value": "{{region}}"}]}
    variables = [
        {"name": "region", "type": "select", "options": ["north", "south"], "default": "north"}
    ]
    dashboard = create(
        client, auth_headers, variables=variables, widgets=[widget("a", "sales", query)]
    )
    south = drawn(client, auth_headers, dashboard, "?var.region=south")["a"]["spec"]["data"]
    north = drawn(client, auth_headers, dashboard)["a"]["spec"]["data"]
    assert south == {"values": by_region([row for row in SALES_ROWS if row["region"] == "south"])}
    assert north == {"values": by_region([row for row in SALES_ROWS if row["region"] == "north"])}


def test_a_number_variable_fills_a_number_filter(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    sales(client, auth_headers)
    query = {
        "filters": [{"column": "units", "op": ">=", "value": "{{least}}"}],
        "sort": [{"column": "units"}],
    }
    variables = [{"name": "least", "type": "number", "default": 3}]
    dashboard = create(
        client, auth_headers, variables=variables, widgets=[widget("a", "sales", query)]
    )
    values = drawn(client, auth_headers, dashboard, "?var.least=4")["a"]["spec"]["data"]["values"]
    assert [row["units"] for row in values] == [4, 5]


def test_a_write_shows_at_once_despite_the_cache(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    dashboard = create(client, auth_headers, widgets=[widget("a", "sales", BY_REGION)])
    drawn(client, auth_headers, dashboard)
    append(client, auth_headers, dataset_id, [{"region": "west", "amount": 1.0}])
    values = drawn(client, auth_headers, dashboard)["a"]["spec"]["data"]["values"]
    assert values == by_region([*SALES_ROWS, {"region": "west", "amount": 1.0}])


def test_readers_of_one_version_share_the_cached_rows(
    client: FlaskClient, auth_headers: dict[str, str], make_token: Callable[..., str]
) -> None:
    sales(client, auth_headers)
    dashboard = create(client, auth_headers, widgets=[widget("a", "sales", BY_REGION)])
    drawn(client, auth_headers, dashboard)
    response = client.get(
        f"/api/dashboard/{dashboard['id']}/data", headers=bearer(make_token("viewer"))
    )
    assert response.headers["X-Gaugeboard-Sources"] == "fetched=0; cached=1"


def refresh(app: Flask, target: str) -> JobRun:
    with state(app).database.sessions() as db:
        run = job_runs.add(
            db,
            JobRun(
                job_type="dashboard.refresh",
                target_kind="dashboard",
                target_id=target,
                triggered_by="test",
            ),
        )
        db.commit()
    runner_of(app).tick()
    return run_row(app, run.id)


def test_a_refresh_job_draws_data_set_widgets(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    sales(client, auth_headers)
    dashboard = create(client, auth_headers, widgets=[widget("a", "sales", BY_REGION)])
    run = refresh(app, str(dashboard["id"]))
    assert (run.state, run.result["widgets"]) == ("succeeded", 1)


def test_a_refresh_job_reads_no_closed_folder(
    app: Flask,
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
) -> None:
    sales(client, auth_headers, folder="finance")
    make_user("vera", role="viewer")
    close_folder(client, auth_headers, "finance", [{"user": "vera", "role": "viewer"}])
    dashboard = create(client, auth_headers, widgets=[widget("a", "sales", BY_REGION)])
    run = refresh(app, str(dashboard["id"]))
    assert (run.state, run.error) == (
        "failed",
        "1 of 1 widgets failed: a: dataset: no data set 'sales'",
    )
