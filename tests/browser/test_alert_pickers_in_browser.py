"""The alert form's lists in a real browser: a data-set alert is made by picking the data
set, a numeric column (a text column is not offered to sum) and a time column from lists,
a status alert by picking a monitored route; both are saved as picked, and the edit form
shows the picks again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from gaugeboard.datasets.schemas import DatasetCreate
from gaugeboard.datasets.service import create_dataset
from gaugeboard.store.status_routes import RouteInfo, ensure_routes
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state
from tests.live_server import call_api

pytestmark = pytest.mark.browser

COLUMNS = [("region", "text"), ("amount", "number"), ("placed", "datetime")]


@dataclass(frozen=True)
class Server:
    base_url: str
    token: str
    dataset_id: int


@pytest.fixture(scope="module")
def server(backend: str, request: pytest.FixtureRequest) -> Iterator[Server]:
    """An editor "ed" (with a token), the data set "orders" and the route /api/orders."""
    seeded: dict[str, Any] = {}

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            seeded["token"] = create_token(session, "ed", "browser test", 0)[1]
            body = DatasetCreate.model_validate(
                {"name": "orders", "columns": [{"name": n, "data_type": t} for n, t in COLUMNS]}
            )
            seeded["dataset"] = create_dataset(session, state(app).datasets, None, body).id
            session.commit()
        with state(app).database.write_connection() as connection:
            ensure_routes(connection, [RouteInfo("/api/orders", "orders", "Orders", "")])

    extra = {"GAUGEBOARD_ALERT_EVALUATE_SECONDS": "0"}
    with module_server(request, backend, seed, extra) as base_url:
        yield Server(base_url, seeded["token"], seeded["dataset"])


def options(page: Any, selector: str) -> list[str]:
    return list(page.eval_on_selector(selector, "s => [...s.options].map(o => o.value)"))


def console_errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")]


def test_a_data_set_alert_is_made_from_the_lists(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    signed_in.open(page, server.base_url, "ed", "/alerts-new/")
    page.fill("#gb-af-name", "Big orders")
    page.select_option("#gb-af-kind", "dataset")
    page.select_option("#gb-af-dataset", label="orders")
    assert page.is_disabled("#gb-af-column")  # a count needs no column
    page.select_option("#gb-af-aggregate", "sum")
    offered = (options(page, "#gb-af-column"), options(page, "#gb-af-time-column"))
    page.select_option("#gb-af-column", "amount")
    page.select_option("#gb-af-time-column", "placed")
    page.fill("#gb-af-threshold", "100")
    page.click("#gb-af-save")
    page.wait_for_url("**/alerts/*")
    alert_id = int(page.url.rsplit("/", 1)[1])
    saved = call_api(server.base_url, server.token, "GET", f"/api/alert/{alert_id}")["alert"]
    source = {key: saved["source"].get(key) for key in ("dataset", "column", "time_column")}
    page.goto(f"{server.base_url}/alerts/{alert_id}/edit")
    page.wait_for_selector("#gb-af-column:not([disabled])")
    shown = [page.input_value(f"#gb-af-{name}") for name in ("dataset", "column", "time-column")]
    assert (offered, source, shown) == (
        (["", "amount"], ["", "placed"]),
        {"dataset": server.dataset_id, "column": "amount", "time_column": "placed"},
        [str(server.dataset_id), "amount", "placed"],
    )
    assert console_errors(page) == []


def test_a_status_alert_picks_a_monitored_route(
    page: Any, server: Server, signed_in: SignedIn
) -> None:
    signed_in.open(page, server.base_url, "ed", "/alerts-new/")
    page.fill("#gb-af-name", "Slow orders")
    page.select_option("#gb-af-kind", "status")
    assert "/api/orders" in options(page, "#gb-af-route")
    page.select_option("#gb-af-route", "/api/orders")
    page.select_option("#gb-af-measure", "p95_ms")
    page.fill("#gb-af-threshold", "500")
    page.click("#gb-af-save")
    page.wait_for_url("**/alerts/*")
    alert_id = int(page.url.rsplit("/", 1)[1])
    saved = call_api(server.base_url, server.token, "GET", f"/api/alert/{alert_id}")["alert"]
    page.goto(f"{server.base_url}/alerts/{alert_id}/edit")
    page.wait_for_selector("#gb-af-route")
    assert (saved["source"]["route"], page.input_value("#gb-af-route")) == (
        "/api/orders",
        "/api/orders",
    )
    assert console_errors(page) == []
