"""Reports as callers see them: list, create, change, delete, send now, history, and the
image behind a signed link. The trusted caller is a view that passes the request's
``Actor``; every rule is checked here.

Who may do what: a report on a dashboard is made, seen and managed by whoever may edit
the dashboard, and by admins. Anyone else gets 404 for it, as if it did not exist (and
403 when making one on a dashboard they may only view). Lists show only the reports of
dashboards the caller may edit (an admin's: all). Recipients follow the alerts' rule: a
non-admin may send to themselves, their teams and their members, and to plain addresses
and webhooks as the settings allow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.alerts.service import check_recipients
from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.permissions import Actor, can_update, can_view
from gaugeboard.dashboards.service import document_of
from gaugeboard.errors import Forbidden, NotFound, ValidationFailed
from gaugeboard.jobs.timing import next_cron
from gaugeboard.net.pinned import Network
from gaugeboard.notify.service import delivery_json
from gaugeboard.notify.targets import parse_targets, shown
from gaugeboard.reports.images import run_of_token
from gaugeboard.reports.model import RUN_HISTORY_LIMIT, ReportChange, ReportCreate
from gaugeboard.reports.sending import ReportSender, dashboard_path, run_state
from gaugeboard.store import reports as store
from gaugeboard.store.alert_models import Delivery
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.dashboards import get_dashboard
from gaugeboard.store.database import begin_write
from gaugeboard.store.report_models import Report, ReportRun
from gaugeboard.store.types import iso_utc, utcnow


@dataclass(frozen=True)
class ReportEnv:
    """One mount's settings and sender (and the network webhooks are checked on)."""

    settings: Mapping[str, Any]
    sender: ReportSender
    network: Network | None = None


def _require_user(actor: Actor) -> int:
    if actor.user_id is None or not actor.role_allows("viewer"):
        raise Forbidden("reports belong to signed-in users")
    return actor.user_id


def _may_manage(actor: Actor, dashboard: Dashboard) -> bool:
    return actor.is_admin or can_update(actor, dashboard)


def _dashboard_for_new(db: Session, actor: Actor, dashboard_id: int) -> Dashboard:
    dashboard = get_dashboard(db, dashboard_id)
    if dashboard is None or not (actor.is_admin or can_view(actor, dashboard)):
        raise NotFound(f"dashboard: no dashboard {dashboard_id}")
    if not _may_manage(actor, dashboard):
        raise Forbidden("a report on a dashboard needs the right to edit the dashboard")
    return dashboard


def _visible(db: Session, actor: Actor, report_id: int) -> tuple[Report, Dashboard]:
    """The report and its dashboard when the caller may manage it; 404 otherwise."""
    _require_user(actor)
    report = store.find_report(db, report_id)
    dashboard = get_dashboard(db, report.dashboard_id) if report is not None else None
    if report is None or dashboard is None or not _may_manage(actor, dashboard):
        raise NotFound(f"no report {report_id}")
    return report, dashboard


def _widget_problems(document: DashboardDocument, widgets: list[str]) -> list[str]:
    known = {widget.id for widget in document.widgets}
    return [
        f"widgets[{index}]: the dashboard has no widget {widget!r}"
        for index, widget in enumerate(widgets)
        if widget not in known
    ]


def report_json(report: Report, dashboard: Dashboard) -> dict[str, Any]:
    return {
        "id": report.id,
        "name": report.name,
        "dashboard": {
            "id": dashboard.id,
            "path": dashboard_path(dashboard),
            "title": dashboard.title,
        },
        "cron": report.cron,
        "timezone": report.timezone,
        "widgets": list(report.widgets),
        "width": report.width,
        "email_mode": report.email_mode,
        "channels": shown(report.channels),
        "enabled": report.enabled,
        "next_due_at": iso_utc(report.next_due_at) if report.enabled else None,
        "last_run_at": iso_utc(report.last_run_at),
        "last_state": report.last_state,
        "created_at": iso_utc(report.created_at),
        "updated_at": iso_utc(report.updated_at),
    }


def list_reports(db: Session, actor: Actor, dashboard_id: int | None) -> list[dict[str, Any]]:
    """The reports of the dashboards the caller may edit (an admin's: all), by dashboard
    path and name; ``dashboard_id`` keeps one dashboard's."""
    _require_user(actor)
    return [
        report_json(report, dashboard)
        for report, dashboard in store.list_reports(db, dashboard_id)
        if _may_manage(actor, dashboard)
    ]


def _channels(
    env: ReportEnv, db: Session, actor: Actor, raw: Any, kept: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    channels = parse_targets(db, raw, env.settings, network=env.network, kept=kept)
    check_recipients(db, actor, channels)
    return channels


def create_report(
    env: ReportEnv, db: Session, actor: Actor, body: ReportCreate, base_url: str
) -> dict[str, Any]:
    """A new report on a dashboard the caller may edit; its first due time is the cron's
    next one."""
    user_id = _require_user(actor)
    dashboard = _dashboard_for_new(db, actor, body.dashboard)
    problems = _widget_problems(document_of(dashboard), body.widgets)
    try:
        channels = _channels(env, db, actor, body.channels, [])
    except ValidationFailed as exc:
        problems.extend(exc.errors)
    if problems:
        raise ValidationFailed(problems)
    now = utcnow()
    begin_write(db)
    report = Report(
        name=body.name,
        dashboard_id=dashboard.id,
        owner_id=user_id,
        widgets=body.widgets,
        cron=body.cron,
        timezone=body.timezone,
        width=body.width,
        email_mode=body.email_mode,
        channels=channels,
        enabled=body.enabled,
        base_url=base_url[:500],
        next_due_at=next_cron(body.cron, body.timezone, now),
        created_at=now,
        updated_at=now,
    )
    db.add(report)
    db.commit()
    return report_json(report, dashboard)


def get_report(db: Session, actor: Actor, report_id: int) -> dict[str, Any]:
    report, dashboard = _visible(db, actor, report_id)
    return report_json(report, dashboard)


def update_report(
    env: ReportEnv, db: Session, actor: Actor, report_id: int, change: ReportChange, base_url: str
) -> dict[str, Any]:
    """Change the fields given; a new schedule (or enabling) sets the next due time."""
    report, dashboard = _visible(db, actor, report_id)
    problems = []
    if change.widgets is not None:
        problems = _widget_problems(document_of(dashboard), change.widgets)
    channels = None
    if change.channels is not None:
        try:
            channels = _channels(env, db, actor, change.channels, list(report.channels))
        except ValidationFailed as exc:
            problems.extend(exc.errors)
    if problems:
        raise ValidationFailed(problems)
    begin_write(db)
    report, dashboard = _visible(db, actor, report_id)
    plain = change.model_dump(
        include={"name", "cron", "timezone", "widgets", "width", "email_mode", "enabled"},
        exclude_none=True,
    )
    for name, value in plain.items():
        setattr(report, name, value)
    if channels is not None:
        report.channels = channels
    now = utcnow()
    if change.cron or change.timezone or change.enabled:
        report.next_due_at = next_cron(report.cron, report.timezone, now)
    report.base_url = base_url[:500]
    report.updated_at = now
    db.commit()
    return report_json(report, dashboard)


def delete_report(db: Session, actor: Actor, report_id: int) -> None:
    _visible(db, actor, report_id)
    begin_write(db)
    report, _dashboard = _visible(db, actor, report_id)
    db.delete(report)
    db.commit()


def _run_json(run: ReportRun, sent: list[Delivery]) -> dict[str, Any]:
    state = run.state
    if state != "sending" and run.error is None:
        state = run_state([row.state for row in sent], run.error)
    return {
        "id": run.id,
        "at": iso_utc(run.at),
        "trigger": run.trigger,
        "state": state,
        "error": run.error,
        "attempts": run.attempts,
        "next_attempt_at": iso_utc(run.next_attempt_at),
        "link_expires_at": iso_utc(run.link_expires_at),
        "deliveries": [delivery_json(row) for row in sent],
    }


def history(db: Session, actor: Actor, report_id: int, limit: int) -> dict[str, Any]:
    """The newest runs of a report, each with its deliveries as they stand now (a
    delivery retried since shows its new state)."""
    report, dashboard = _visible(db, actor, report_id)
    runs = store.runs(db, report.id, min(limit, RUN_HISTORY_LIMIT))
    sent = store.deliveries_of_runs(db, [run.id for run in runs])
    return {
        "report": report_json(report, dashboard),
        "runs": [_run_json(run, sent.get(run.id, [])) for run in runs],
    }


def send_now(env: ReportEnv, db: Session, actor: Actor, report_id: int) -> dict[str, Any]:
    """Draw and send the report now, as the schedule would; answers with that run."""
    _visible(db, actor, report_id)
    db.rollback()
    env.sender.send(report_id, "manual")
    db.expire_all()
    return history(db, actor, report_id, 1)


def image_of_link(env: ReportEnv, token: str) -> bytes:
    """The PNG a signed link opens; NotFound when the token was changed or expired."""
    run_id = run_of_token(env.sender.secret_key, token, utcnow())
    return env.sender.images.read(run_id)
