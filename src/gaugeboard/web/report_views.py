"""The reports pages: ``/dashboards-reports/PATH`` manages one dashboard's reports (for
whoever may edit the dashboard), and the admin page lists every report.

Both draw from the reports service the API calls; every change (create, edit, send now,
delete) is made by the browser through ``/api/report`` with the CSRF header, so the
pages add no second way to write."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, url_for

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.paths import join_path
from gaugeboard.dashboards.permissions import can_update, can_view
from gaugeboard.dashboards.service import document_of, find_by_path
from gaugeboard.errors import Forbidden, NotFound
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.reports import service
from gaugeboard.state import db_session
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.web.rendering import render_page

RUNS_SHOWN = 5


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboards-reports/<path:path>", view_func=dashboard_reports)


def reports_url(dashboard: Dashboard) -> str:
    path = join_path(dashboard.folder, dashboard.name)
    return url_for("gaugeboard.web.dashboard_reports", path=path)


def _with_runs(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each report with its newest runs, for the page's history."""
    db, actor = db_session(), dashboard_actor()
    return [
        {**item, "runs": service.history(db, actor, item["id"], RUNS_SHOWN)["runs"]}
        for item in items
    ]


@access(Access.EDITOR)
def dashboard_reports(path: str) -> Response:
    """One dashboard's reports: the list with each one's recent runs, and a form for a
    new one."""
    path = path.strip("/")
    actor = dashboard_actor()
    dashboard = find_by_path(db_session(), path)
    if dashboard is None or not (actor.is_admin or can_view(actor, dashboard)):
        raise NotFound(f"No dashboard at {path!r}.")
    if not (actor.is_admin or can_update(actor, dashboard)):
        raise Forbidden(f"You may not manage the reports of the dashboard at {path!r}.")
    items = service.list_reports(db_session(), actor, dashboard.id)
    document = document_of(dashboard)
    return render_page(
        "reports.html",
        dashboard=dashboard,
        title=document.title,
        view_url=url_for("gaugeboard.web.browse", path=path),
        widgets=[(widget.id, widget.title or widget.id) for widget in document.widgets],
        reports=_with_runs(items),
        editable=[_editable(item) for item in items],
    )


def _editable(item: dict[str, Any]) -> dict[str, Any]:
    """What the edit form fills itself with (secrets already masked)."""
    keys = ("id", "name", "cron", "timezone", "widgets", "email_mode", "channels", "enabled")
    return {key: item[key] for key in keys}


def admin_report_items() -> list[dict[str, Any]]:
    """Every report (the caller is an admin), with its page's address."""
    items = service.list_reports(db_session(), dashboard_actor(), None)
    return [
        {
            **item,
            "page": url_for("gaugeboard.web.dashboard_reports", path=item["dashboard"]["path"]),
        }
        for item in items
    ]
