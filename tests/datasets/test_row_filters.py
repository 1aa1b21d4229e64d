"""Team parameters restricting a data set's rows: a caller other than the owner and admins
sees only the rows whose ``region`` is one of their teams' values, whatever they ask
(filters, sorting, an old version, CSV), and never changes rows; no value means no rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.datasets.helpers import SALES_ROWS, append, bearer, create_dataset, rows_of, sales
from tests.datasets.team_helpers import REGION_FILTER, Regions, join, regions, team


@pytest.fixture
def world(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> Regions:
    return regions(client, auth_headers, make_user, make_token)


def regions_in(rows: list[dict[str, Any]]) -> set[str]:
    return {row["region"] for row in rows}


def north_rows() -> list[dict[str, Any]]:
    return [row for row in SALES_ROWS if row["region"] == "north"]


def test_a_team_member_sees_only_their_regions_rows(client: FlaskClient, world: Regions) -> None:
    assert rows_of(client, world.ann, world.dataset_id) == north_rows()


def test_another_team_sees_its_own_rows(client: FlaskClient, world: Regions) -> None:
    assert regions_in(rows_of(client, world.bob, world.dataset_id)) == {"south"}


def test_a_caller_without_a_team_sees_no_rows(client: FlaskClient, world: Regions) -> None:
    assert rows_of(client, world.carl, world.dataset_id) == []


def test_the_owner_sees_every_row(client: FlaskClient, world: Regions) -> None:
    assert len(rows_of(client, world.admin, world.dataset_id)) == len(SALES_ROWS)


def test_asking_for_another_region_by_filter_finds_nothing(
    client: FlaskClient, world: Regions
) -> None:
    query = '&filters=[{"column":"region","op":"=","value":"south"}]'
    assert rows_of(client, world.ann, world.dataset_id, query) == []


def test_an_in_filter_over_every_region_still_finds_only_theirs(
    client: FlaskClient, world: Regions
) -> None:
    query = '&filters=[{"column":"region","op":"in","value":["north","south","east"]}]'
    assert regions_in(rows_of(client, world.ann, world.dataset_id, query)) == {"north"}


def test_a_negated_filter_finds_only_theirs(client: FlaskClient, world: Regions) -> None:
    query = '&filters=[{"column":"region","op":"!=","value":"north"}]'
    assert rows_of(client, world.ann, world.dataset_id, query) == []


def test_sorting_and_paging_stay_within_their_rows(client: FlaskClient, world: Regions) -> None:
    response = client.get(
        f"/api/data/{world.dataset_id}?sort=-region,-amount&limit=1&page=2", headers=world.ann
    )
    body = response.get_json()
    assert [row["region"] for row in body["data"]] == ["north"]
    assert body["has_more_data"] is False


def test_an_old_version_shows_only_their_rows(client: FlaskClient, world: Regions) -> None:
    response = client.get(f"/api/data/{world.dataset_id}/v/1?limit=100", headers=world.ann)
    assert regions_in(response.get_json()["data"]) == {"north"}


def test_the_first_version_shows_no_rows_of_others(client: FlaskClient, world: Regions) -> None:
    """Version 0 is the empty table; every version is filtered the same way."""
    for version in (0, 1):
        response = client.get(f"/api/data/{world.dataset_id}/v/{version}", headers=world.bob)
        assert "north" not in regions_in(response.get_json()["data"])


def test_csv_holds_only_their_rows(client: FlaskClient, world: Regions) -> None:
    for query in ("format=csv", "format=csv&limit=1&page=2&sort=-region"):
        response = client.get(f"/api/data/{world.dataset_id}?{query}", headers=world.ann)
        assert response.status_code == 200, response.get_data(as_text=True)
        table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        assert {row["region"] for row in table} == {"north"}


def test_a_member_of_two_teams_sees_both_regions(client: FlaskClient, world: Regions) -> None:
    join(client, world.admin, world.south, "ann")
    assert regions_in(rows_of(client, world.ann, world.dataset_id)) == {"north", "south"}


def test_a_parameter_with_several_values_allows_each(client: FlaskClient, world: Regions) -> None:
    body = {"key": "region", "value": ["north", "east"]}
    client.put(f"/api/team/{world.north}/parameter", json=body, headers=world.admin)
    assert regions_in(rows_of(client, world.ann, world.dataset_id)) == {"north", "east"}


def test_a_team_without_the_parameter_gives_no_rows(client: FlaskClient, world: Regions) -> None:
    response = client.delete(
        f"/api/team/{world.north}/parameter", json={"key": "region"}, headers=world.admin
    )
    assert response.status_code == 200
    assert rows_of(client, world.ann, world.dataset_id) == []


def test_a_value_that_looks_like_sql_matches_nothing(client: FlaskClient, world: Regions) -> None:
    body = {"key": "region", "value": ["x' OR '1'='1", 'x") OR TRUE --']}
    client.post(f"/api/team/{world.north}/parameter", json=body, headers=world.admin)
    assert rows_of(client, world.ann, world.dataset_id) == []


def test_grouped_measures_count_only_their_rows(client: FlaskClient, world: Regions) -> None:
    """Through the widget source's query model: group by and count over their rows."""
    from tests.dashboards.api_helpers import create
    from tests.datasets.test_dataset_widgets import BY_REGION, drawn, widget

    dashboard = create(client, world.admin, widgets=[widget("a", "sales", BY_REGION)])
    values = drawn(client, world.ann, dashboard)["a"]["spec"]["data"]["values"]
    assert values == [{"region": "north", "total": 17.75, "rows": 2}]


def test_cached_widget_rows_are_never_served_to_another_team(
    client: FlaskClient, world: Regions
) -> None:
    from tests.dashboards.api_helpers import create
    from tests.datasets.test_dataset_widgets import BY_REGION, drawn, widget

    dashboard = create(client, world.admin, widgets=[widget("a", "sales", BY_REGION)])
    drawn(client, world.ann, dashboard)
    values = drawn(client, world.bob, dashboard)["a"]["spec"]["data"]["values"]
    assert {row["region"] for row in values} == {"south"}


def test_widget_preview_shows_only_their_rows(client: FlaskClient, world: Regions) -> None:
    from tests.datasets.test_dataset_widgets import widget

    body = {"document": {"title": "Draft", "widgets": [widget("a", "sales", {"limit": 100})]}}
    response = client.post("/api/dashboard/preview", json=body, headers=world.ed)
    assert response.status_code == 200, response.get_data(as_text=True)
    values = response.get_json()["widgets"]["a"]["spec"]["data"]["values"]
    assert {row["region"] for row in values} == {"north"}


def test_an_embed_shows_its_creators_rows_only(client: FlaskClient, world: Regions) -> None:
    from tests.dashboards.api_helpers import create
    from tests.datasets.test_dataset_widgets import widget

    dashboard = create(client, world.admin, widgets=[widget("a", "sales", {"limit": 100})])
    response = client.post(
        f"/api/dashboard/{dashboard['id']}/embed", json={"label": "wall"}, headers=world.ed
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    secret = response.get_json()["secret"]
    answer = client.get(f"/api/dashboard/{dashboard['id']}/data?embed_token={secret}")
    values = answer.get_json()["widgets"]["a"]["spec"]["data"]["values"]
    assert {row["region"] for row in values} == {"north"}


def test_the_data_set_page_shows_only_their_rows(client: FlaskClient, world: Regions) -> None:
    html = client.get(f"/datasets/{world.dataset_id}", headers=world.ann).get_data(as_text=True)
    assert "north" in html and "south" not in html and "east" not in html


def test_a_restricted_editor_may_not_append(client: FlaskClient, world: Regions) -> None:
    rows = [{"region": "north", "month": "2026-04-01", "amount": 1, "units": 1}]
    response = client.post(
        f"/api/data/{world.dataset_id}/row", json={"rows": rows}, headers=world.ed
    )
    assert response.status_code == 403
    assert "filtered by team parameters" in response.get_json()["error"]


def test_a_restricted_editor_may_not_delete_others_rows(
    client: FlaskClient, world: Regions
) -> None:
    body = {"multiplerows": "all", "find": [{"column": "region", "value": "south"}]}
    response = client.delete(f"/api/data/{world.dataset_id}/row", json=body, headers=world.ed)
    assert response.status_code == 403
    assert len(rows_of(client, world.admin, world.dataset_id)) == len(SALES_ROWS)


def test_a_restricted_editor_may_not_update_rows(client: FlaskClient, world: Regions) -> None:
    body = {"set": {"amount": 0}, "filters": [{"column": "region", "value": "south"}]}
    response = client.put(f"/api/data/{world.dataset_id}/row", json=body, headers=world.ed)
    assert response.status_code == 403


def test_an_editor_who_owns_the_data_set_sees_and_changes_every_row(
    client: FlaskClient, world: Regions
) -> None:
    dataset_id = create_dataset(client, world.ed, "ed-sales", row_filters=REGION_FILTER)
    append(client, world.ed, dataset_id, SALES_ROWS)
    assert len(rows_of(client, world.ed, dataset_id)) == len(SALES_ROWS)


def test_row_filters_are_described(client: FlaskClient, world: Regions) -> None:
    body = client.get(f"/api/data/{world.dataset_id}/info", headers=world.ann).get_json()
    assert body["dataset"]["row_filters"] == REGION_FILTER


def test_put_sets_and_lifts_row_filters(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    dataset_id = sales(client, auth_headers)
    response = client.put(
        f"/api/data/{dataset_id}", json={"row_filters": REGION_FILTER}, headers=auth_headers
    )
    assert response.get_json()["dataset"]["row_filters"] == REGION_FILTER
    response = client.put(f"/api/data/{dataset_id}", json={"row_filters": []}, headers=auth_headers)
    assert response.get_json()["dataset"]["row_filters"] == []


def test_lifting_the_filters_shows_every_row_again(client: FlaskClient, world: Regions) -> None:
    client.put(f"/api/data/{world.dataset_id}", json={"row_filters": []}, headers=world.admin)
    assert len(rows_of(client, world.carl, world.dataset_id)) == len(SALES_ROWS)


def test_only_the_owner_or_an_admin_changes_row_filters(
    client: FlaskClient, world: Regions
) -> None:
    response = client.put(
        f"/api/data/{world.dataset_id}", json={"row_filters": []}, headers=world.ed
    )
    assert response.status_code == 403
    assert rows_of(client, world.carl, world.dataset_id) == []


def test_a_filter_on_an_unknown_column_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"row_filters": [{"column": "city", "parameter": "region"}, {"column": "region"}]}
    response = client.put(f"/api/data/{dataset_id}", json=body, headers=auth_headers)
    assert response.status_code == 400
    assert response.get_json()["errors"] == ["row_filters[1].parameter: Field required"]


def test_a_filter_naming_no_column_is_refused_by_name(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dataset_id = sales(client, auth_headers)
    body = {"row_filters": [{"column": "city", "parameter": "region"}]}
    response = client.put(f"/api/data/{dataset_id}", json=body, headers=auth_headers)
    assert response.get_json()["errors"] == [
        "row_filters[0].column: no column named 'city' to filter on"
    ]


def test_a_filter_parameter_follows_the_key_rules(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    body = {"row_filters": [{"column": "region", "parameter": "1 region"}]}
    dataset_id = sales(client, auth_headers)
    response = client.put(f"/api/data/{dataset_id}", json=body, headers=auth_headers)
    assert response.status_code == 400
    assert response.get_json()["errors"][0].startswith("row_filters[0].parameter:")


def test_an_integer_column_filters_by_its_numbers(
    client: FlaskClient,
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> None:
    rules = [{"column": "units", "parameter": "units"}]
    dataset_id = sales(client, auth_headers, row_filters=rules)
    team_id = team(client, auth_headers, "few", units=["1", "3", "not a number"])
    make_user("dee")
    join(client, auth_headers, team_id, "dee")
    dee = bearer(make_token(user_name="dee"))
    assert sorted(row["units"] for row in rows_of(client, dee, dataset_id)) == [1, 3]


def region_variable_dashboard(client: FlaskClient, admin: dict[str, str]) -> dict[str, Any]:
    """A dashboard whose ``region`` variable comes from the team parameter and filters an
    unrestricted copy of the sales rows."""
    from tests.dashboards.api_helpers import create
    from tests.datasets.test_dataset_widgets import widget

    sales(client, admin, name="open-sales")
    query = {"filters": [{"column": "region", "value": "{{region}}"}], "limit": 100}
    variable = {"name": "region", "team_parameter": "region", "default": "east"}
    return create(client, admin, variables=[variable], widgets=[widget("a", "open-sales", query)])


def variable_regions(
    client: FlaskClient, headers: dict[str, str], dashboard: dict[str, Any], query: str = ""
) -> Any:
    response = client.get(f"/api/dashboard/{dashboard['id']}/data{query}", headers=headers)
    if response.status_code != 200:
        return response.status_code, response.get_json()["errors"]
    return {row["region"] for row in response.get_json()["widgets"]["a"]["spec"]["data"]["values"]}


def test_a_team_variable_defaults_to_the_callers_value(client: FlaskClient, world: Regions) -> None:
    dashboard = region_variable_dashboard(client, world.admin)
    assert variable_regions(client, world.bob, dashboard) == {"south"}


def test_a_team_variable_refuses_another_teams_value(client: FlaskClient, world: Regions) -> None:
    dashboard = region_variable_dashboard(client, world.admin)
    assert variable_regions(client, world.ann, dashboard, "?var.region=south") == (
        400,
        ["var.region: 'south' is not one of the options"],
    )


def test_a_team_variable_without_a_value_shows_nothing(client: FlaskClient, world: Regions) -> None:
    dashboard = region_variable_dashboard(client, world.admin)
    assert variable_regions(client, world.carl, dashboard) == set()


def test_an_admin_keeps_the_declared_variable(client: FlaskClient, world: Regions) -> None:
    dashboard = region_variable_dashboard(client, world.admin)
    assert variable_regions(client, world.admin, dashboard) == {"east"}
    assert variable_regions(client, world.admin, dashboard, "?var.region=south") == {"south"}


def test_the_page_offers_only_the_callers_values(client: FlaskClient, world: Regions) -> None:
    from tests.conftest import login

    dashboard = region_variable_dashboard(client, world.admin)
    login(client, "ann")
    html = client.get(f"/dashboards/{dashboard['path']}").get_data(as_text=True)
    assert '<option value="north"' in html and '<option value="south"' not in html
