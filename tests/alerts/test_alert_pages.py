"""The alert pages as the server draws them (``/alerts/``, ``/alerts/<id>``, its edit form
and ``/alerts-new/``): the owner sees their alert, another editor gets 404 as from the
API, an anonymous visitor is sent to sign in, a name is text and never HTML, and a
dashboard's metric widget offers "Alert on this" to signed-in readers only."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.store.status_routes import RouteInfo, ensure_routes
from tests.alerts.helpers import create_alert
from tests.conftest import login, state
from tests.dashboards.api_helpers import bearer
from tests.datasets.helpers import SALES_COLUMNS, create_dataset

EVIL = '<img src=x onerror="alert(1)">'


@pytest.fixture
def owner(make_user: Callable[..., Any], make_token: Callable[..., str]) -> dict[str, str]:
    make_user("owner", role="editor")
    return bearer(make_token(user_name="owner"))


def signed_in(app: Flask, name: str) -> FlaskClient:
    browser = app.test_client()
    login(browser, name)
    return browser


def pages(alert_id: int) -> list[str]:
    return ["/alerts/", f"/alerts/{alert_id}", f"/alerts/{alert_id}/edit", "/alerts-new/"]


def test_the_owner_sees_the_list_the_page_and_the_form(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    browser = signed_in(app, "owner")
    answers = [browser.get(path) for path in pages(alert_id)]
    listing = answers[0].get_data(as_text=True)
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200]
    assert f'href="/alerts/{alert_id}"' in listing and "Too many errors" in listing
    assert '<span class="gb-al-state gb-al-state-ok">ok</span>' in listing


def test_the_navigation_links_to_the_alerts(app: Flask, owner: dict[str, str]) -> None:
    page = signed_in(app, "owner").get("/alerts/").get_data(as_text=True)
    assert '<a href="/alerts/" aria-current="true">Alerts</a>' in page


def test_another_editor_gets_404_and_an_empty_list(
    app: Flask, client: FlaskClient, owner: dict[str, str], make_user: Callable[..., Any]
) -> None:
    alert_id = create_alert(client, owner)
    make_user("other", role="editor")
    browser = signed_in(app, "other")
    statuses = [browser.get(path).status_code for path in pages(alert_id)[1:3]]
    listing = browser.get("/alerts/").get_data(as_text=True)
    assert (statuses, "Too many errors" in listing) == ([404, 404], False)


def test_an_anonymous_visitor_is_sent_to_sign_in(
    client: FlaskClient, owner: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    answers = [client.get(path) for path in pages(alert_id)]
    assert [(a.status_code, a.headers["Location"].split("?")[0]) for a in answers] == [
        (302, "/login")
    ] * 4


def test_a_name_is_text_not_html(app: Flask, client: FlaskClient, owner: dict[str, str]) -> None:
    alert_id = create_alert(client, owner, name=EVIL)
    browser = signed_in(app, "owner")
    shown = [browser.get(path).get_data(as_text=True) for path in pages(alert_id)[:3]]
    assert [EVIL in page for page in shown] == [False, False, False]
    assert all("&lt;img src=x" in page or "\\u003cimg" in page for page in shown)


def test_a_bad_page_number_is_refused(app: Flask, owner: dict[str, str]) -> None:
    answer = signed_in(app, "owner").get("/alerts/?page=zero")
    assert (answer.status_code, "page" in answer.get_data(as_text=True)) == (400, True)


def dashboard(client: FlaskClient, headers: dict[str, str]) -> None:
    widgets = [
        {
            "id": "signups",
            "type": "line",
            "position": {"x": 0, "y": 0, "w": 6, "h": 4},
            "source": {"type": "metric", "query": {"event": "signup", "bucket": "hour"}},
        },
        {
            "id": "note",
            "type": "markdown",
            "position": {"x": 6, "y": 0, "w": 6, "h": 4},
            "source": {"type": "inline", "data": "Hello"},
        },
    ]
    body = {"title": "Growth", "name": "growth", "widgets": widgets}
    answer = client.post("/api/dashboard", json=body, headers=headers)
    assert answer.status_code == 201, answer.get_data(as_text=True)


def test_a_metric_widget_offers_alert_on_this_to_signed_in_readers(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    dashboard(client, owner)
    page = signed_in(app, "owner").get("/dashboards/growth").get_data(as_text=True)
    links = page.count('class="gb-widget-alert"')
    assert (links, """data-query='{"bucket": "hour", "event": "signup"}'""" in page) == (1, True)


def test_the_plain_view_offers_no_alert_link(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    dashboard(client, owner)
    page = signed_in(app, "owner").get("/dashboards-plain/growth").get_data(as_text=True)
    assert 'class="gb-widget-alert"' not in page


def choices_of(html: str) -> Any:
    start = html.index('<script type="application/json" id="gb-al-choices">')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_the_form_lists_the_data_sets_with_their_columns_and_the_routes(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    dataset_id = create_dataset(client, owner, name="sales</script>")
    with state(app).database.write_connection() as connection:
        ensure_routes(connection, [RouteInfo("/api/orders", "orders", "Orders", "")])
    html = signed_in(app, "owner").get("/alerts-new/").get_data(as_text=True)
    assert "sales</script>" not in html
    choices = choices_of(html)
    [dataset] = choices["datasets"]
    assert (dataset["id"], dataset["name"]) == (dataset_id, "sales</script>")
    assert dataset["columns"] == [
        {"name": c["name"], "data_type": c["data_type"]} for c in SALES_COLUMNS
    ]
    assert {"rule": "/api/orders", "name": "Orders"} in choices["routes"]
