"""The alert pages: ``/alerts/`` (the caller's alerts, an admin's: everyone's; linked
from the top navigation), ``/alerts/<id>`` (one alert: its number over time with the
threshold and the state changes, evaluate now, silence, edit, delete), and the form that
creates (``/alerts-new/``) or changes (``/alerts/<id>/edit``) one, with the data sets and
status routes it offers to pick from.

Rows and the alert come from the same ``alerts.service`` calls as ``/api/alert``, so
another user's alert is a 404 here as there. The pages' buttons call that API."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request, url_for

from gaugeboard.alerts import service
from gaugeboard.alerts.choices import form_choices
from gaugeboard.auth.access import Access, access
from gaugeboard.errors import ValidationFailed
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.paging import MAX_PAGE, whole_number
from gaugeboard.state import db_session
from gaugeboard.web.rendering import render_page
from gaugeboard.web.vega_bundle import bundle_version

PAGE_SIZE = 50


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/alerts/", view_func=alert_list_page)
    bp.add_url_rule("/alerts/<int:alert_id>", view_func=alert_page)
    bp.add_url_rule("/alerts/<int:alert_id>/edit", view_func=edit_alert_page)
    bp.add_url_rule("/alerts-new/", view_func=new_alert_page)


def _endpoints() -> dict[str, str]:
    """The API addresses the pages call (written into the page, so a URL prefix works)."""
    return {
        "alerts": url_for("gaugeboard.api.alert_list"),
        "test": url_for("gaugeboard.api.alert_test"),
        "names": url_for("gaugeboard.api.event_catalog"),
        "pages": url_for("gaugeboard.web.alert_list_page"),
    }


def _page_number() -> int:
    problems: list[str] = []
    page = whole_number("page", request.args.get("page"), 1, 1, MAX_PAGE, problems)
    if problems:
        raise ValidationFailed(problems)
    return page


def _list_url(page: int) -> str:
    if page <= 1:
        return url_for("gaugeboard.web.alert_list_page")
    return url_for("gaugeboard.web.alert_list_page", page=page)


def list_context(page: int) -> dict[str, Any]:
    """The rows of ``alerts.html``: a page of the caller's alerts, by name."""
    offset = (page - 1) * PAGE_SIZE
    rows = service.list_alerts(db_session(), dashboard_actor(), offset, PAGE_SIZE + 1)
    more = len(rows) > PAGE_SIZE
    shown = [
        {**row, "url": url_for("gaugeboard.web.alert_page", alert_id=row["id"])}
        for row in rows[:PAGE_SIZE]
    ]
    return {
        "alerts": shown,
        "page": page,
        "previous_url": _list_url(page - 1) if page > 1 else None,
        "next_url": _list_url(page + 1) if more else None,
        "new_url": url_for("gaugeboard.web.new_alert_page"),
    }


@access(Access.VIEWER)
def alert_list_page() -> Response:
    return render_page("alerts.html", **list_context(_page_number()))


@access(Access.VIEWER)
def alert_page(alert_id: int) -> Response:
    alert = service.get_alert(db_session(), dashboard_actor(), alert_id)
    return render_page(
        "alert.html",
        alert=alert,
        endpoints=_endpoints(),
        edit_url=url_for("gaugeboard.web.edit_alert_page", alert_id=alert_id),
        vega_version=bundle_version(),
    )


@access(Access.VIEWER)
def edit_alert_page(alert_id: int) -> Response:
    alert = service.get_alert(db_session(), dashboard_actor(), alert_id)
    choices = form_choices(db_session(), dashboard_actor())
    return render_page("alert_form.html", alert=alert, endpoints=_endpoints(), choices=choices)


@access(Access.VIEWER)
def new_alert_page() -> Response:
    choices = form_choices(db_session(), dashboard_actor())
    return render_page("alert_form.html", alert=None, endpoints=_endpoints(), choices=choices)
