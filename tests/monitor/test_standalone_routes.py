"""Standalone, the status page shows gaugeboard's public entry points (tracking, pages),
never its JSON API or admin screens; route descriptions are one plain line."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.monitor.routes import first_line, name_and_doc
from gaugeboard.monitor.status_monitor import running_monitor
from tests.conftest import state


def status_rules(app: Flask, client: FlaskClient, headers: dict[str, str]) -> set[str]:
    client.get("/status", headers=headers)
    body: dict[str, Any] = client.get("/api/status", headers=headers).get_json()
    return {route["rule"] for route in body["routes"]}


def test_standalone_status_lists_tracking_and_pages(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    rules = status_rules(app, client, auth_headers)
    assert {"/e", "/events", "/dashboards/<path:path>", "/explore"} <= rules


def test_standalone_status_leaves_out_the_json_api(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    rules = status_rules(app, client, auth_headers)
    assert not [rule for rule in rules if rule.startswith(("/api/dashboard", "/_api/"))]


def test_standalone_status_leaves_out_admin_pages_and_assets(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    rules = status_rules(app, client, auth_headers)
    assert not [rule for rule in rules if rule.startswith(("/admin", "/static", "/favicon"))]


def test_a_chosen_route_list_still_wins_standalone(app_factory: Any) -> None:
    chosen = app_factory(STATUS_ROUTES="/api/dashboard")
    monitor = running_monitor(state(chosen).monitor)
    assert set(monitor.route_infos()) == {"/api/dashboard"}


def test_a_route_description_is_its_first_line_as_plain_text() -> None:
    def view() -> None:
        """An ``html`` widget's HTML alone, see :func:`render`.

        More reference text that the status page does not show.
        """

    assert name_and_doc(view, "x") == ("x", "An html widget's HTML alone, see render.")


def test_a_blank_docstring_describes_nothing() -> None:
    assert first_line("\n   \n") == ""
