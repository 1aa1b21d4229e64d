"""The view page honours the data request's ``range``/``from``/``to``/``var.*`` in its first
render, so a reload or a shared link shows what its sender saw, and its controls say so."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.dashboards.service import create_dashboard
from tests.conftest import login, state

DOCUMENT: dict[str, Any] = {
    "title": "Regions",
    "name": "regions",
    "folder": "",
    "time_range": "last_30_days",
    "variables": [
        {"name": "region", "type": "select", "options": ["north", "south"], "default": "north"},
        {"name": "limit", "type": "number", "default": 5},
    ],
    "widgets": [
        {
            "id": "who",
            "type": "number",
            "title": "Who",
            "position": {"x": 0, "y": 0, "w": 4, "h": 3},
            "source": {"type": "inline", "data": {"data": "{{region}}"}},
        },
        {
            "id": "per-day",
            "type": "line",
            "title": "Per day",
            "position": {"x": 4, "y": 0, "w": 8, "h": 3},
            "source": {"type": "metric", "query": {"event": "visit", "bucket": "day"}},
        },
    ],
}


@pytest.fixture
def viewer(app: Flask, client: FlaskClient, make_user: Callable[..., Any]) -> FlaskClient:
    with state(app).database.sessions() as session:
        create_dashboard(session, DOCUMENT, None)
        session.commit()
    make_user("viv", role="viewer")
    login(client, "viv")
    return client


def html_of(client: FlaskClient, query: str, status: int = 200) -> str:
    response = client.get(f"/dashboards/regions{query}")
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def outputs(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="gb-specs">(.*?)</script>', html, re.S)
    assert found is not None
    parsed: dict[str, Any] = json.loads(found.group(1))
    return parsed


def first_day(html: str) -> str:
    return str(outputs(html)["per-day"]["spec"]["data"]["values"][0]["at"])


def test_variable_in_the_address_reaches_the_widgets(viewer: FlaskClient) -> None:
    assert outputs(html_of(viewer, "?var.region=south"))["who"]["value"] == "south"


def test_variable_default_applies_without_parameter(viewer: FlaskClient) -> None:
    assert outputs(html_of(viewer, ""))["who"]["value"] == "north"


def test_from_and_to_in_the_address_set_the_range(viewer: FlaskClient) -> None:
    html = html_of(viewer, "?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z")
    assert first_day(html) == "2026-01-01T00:00:00Z"


def test_relative_range_in_the_address_is_drawn(viewer: FlaskClient) -> None:
    assert first_day(html_of(viewer, "?range=last_7_days")) > first_day(html_of(viewer, ""))


def test_range_control_selects_the_address_range(viewer: FlaskClient) -> None:
    html = html_of(viewer, "?range=last_7_days")
    assert '<option value="last_7_days" selected>Last 7 days</option>' in html


def test_range_control_offers_every_preset_and_custom(viewer: FlaskClient) -> None:
    html = html_of(viewer, "")
    offered = re.findall(r'<option value="([a-z_0-9]+)"(?: selected)?>', html)
    offered = offered[offered.index("today") :]  # after the header's theme choices
    assert offered[:12] == [
        "today",
        "yesterday",
        "last_24_hours",
        "last_7_days",
        "last_14_days",
        "last_30_days",
        "last_90_days",
        "this_week",
        "this_month",
        "last_month",
        "this_year",
        "custom",
    ]


def test_from_and_to_select_custom_and_travel_to_the_inputs(viewer: FlaskClient) -> None:
    html = html_of(viewer, "?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z")
    assert (
        '<option value="custom" selected>' in html,
        'data-iso="2026-01-01T00:00:00Z"' in html,
    ) == (True, True)


def test_variable_control_shows_the_address_value(viewer: FlaskClient) -> None:
    assert '<option value="south" selected>south</option>' in html_of(viewer, "?var.region=south")


def test_number_variable_control_holds_its_default(viewer: FlaskClient) -> None:
    assert 'name="var.limit" value="5"' in html_of(viewer, "")


def test_unknown_variable_value_is_refused_by_name(viewer: FlaskClient) -> None:
    html = html_of(viewer, "?var.region=west", status=400)
    assert "var.region: &#39;west&#39; is not one of the options" in html


def test_unknown_range_is_refused_by_name(viewer: FlaskClient) -> None:
    assert "range: must be one of" in html_of(viewer, "?range=forever", status=400)


def test_missing_start_is_refused_by_name(viewer: FlaskClient) -> None:
    html = html_of(viewer, "?to=2026-01-03T00:00:00Z", status=400)
    assert "range.start: needs an ISO 8601 date and time" in html


def test_kiosk_page_has_no_controls(viewer: FlaskClient) -> None:
    assert 'class="gb-controls"' not in html_of(viewer, "?kiosk=1")


def test_plain_page_has_no_controls(viewer: FlaskClient) -> None:
    assert 'class="gb-controls"' not in html_of(viewer, "?embed=1")


def test_jsondash_embeddable_page_has_no_controls(viewer: FlaskClient) -> None:
    assert 'class="gb-controls"' not in html_of(viewer, "?embeddable=1")


def test_jsondash_embeddable_page_is_the_embed_page(viewer: FlaskClient) -> None:
    def body(query: str) -> str:
        html = html_of(viewer, query)
        return html[html.index("<body") : html.index('id="gb-specs"')]

    assert body("?embeddable=1") == body("?embed=1")
