"""The reports pages drawn by the server: a dashboard's editor opens its reports page
(linked from the dashboard), a viewer may not (403), someone who cannot see the dashboard
gets 404; the admin page lists every report; user text is escaped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from tests.conftest import login
from tests.reports.conftest import create_report


def test_the_dashboard_links_its_reports_page_for_editors(
    client: FlaskClient, editor: dict[str, str], dashboard: dict[str, Any]
) -> None:
    create_report(client, editor, dashboard, name="<b>Weekly</b>")
    login(client, "ed")
    page = client.get(f"/dashboards/{dashboard['path']}").get_data(as_text=True)
    assert f'href="/dashboards-reports/{dashboard["path"]}"' in page
    reports = client.get(f"/dashboards-reports/{dashboard['path']}")
    assert reports.status_code == 200
    html = reports.get_data(as_text=True)
    assert "&lt;b&gt;Weekly&lt;/b&gt;" in html and "<b>Weekly</b>" not in html
    assert "boss@example.com" in html


def test_a_viewer_may_not_open_the_reports_page(
    client: FlaskClient, make_user: Callable[..., Any], dashboard: dict[str, Any]
) -> None:
    make_user("val", role="viewer")
    login(client, "val")
    assert client.get(f"/dashboards-reports/{dashboard['path']}").status_code == 403
    page = client.get(f"/dashboards/{dashboard['path']}").get_data(as_text=True)
    assert "/dashboards-reports/" not in page


def test_a_missing_dashboard_is_404(
    client: FlaskClient, make_user: Callable[..., Any], dashboard: dict[str, Any]
) -> None:
    make_user("eve", role="editor")
    login(client, "eve")
    assert client.get("/dashboards-reports/no/such").status_code == 404


def test_the_admin_page_lists_every_report(
    client: FlaskClient,
    make_user: Callable[..., Any],
    editor: dict[str, str],
    dashboard: dict[str, Any],
) -> None:
    create_report(client, editor, dashboard, name="Daily numbers")
    make_user("root", role="admin")
    login(client, "root")
    html = client.get("/admin/reports").get_data(as_text=True)
    assert "Daily numbers" in html and dashboard["path"] in html
    login(client, "ed")
    assert client.get("/admin/reports").status_code == 403


def test_the_admin_page_links_each_report_to_its_edit_form(
    client: FlaskClient,
    make_user: Callable[..., Any],
    editor: dict[str, str],
    dashboard: dict[str, Any],
) -> None:
    report = create_report(client, editor, dashboard, name="Daily numbers")
    make_user("root", role="admin")
    login(client, "root")
    html = client.get("/admin/reports").get_data(as_text=True)
    assert f'href="/dashboards-reports/{dashboard["path"]}#edit-{report["id"]}"' in html
