"""Queries on scheduled reports and their runs; the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from gaugeboard.store.alert_models import Delivery
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.report_models import Report, ReportRun


def find_report(db: Session, report_id: int) -> Report | None:
    return db.get(Report, report_id)


def list_reports(db: Session, dashboard_id: int | None) -> Sequence[tuple[Report, Dashboard]]:
    """Reports with their (live) dashboards, by dashboard path then report name."""
    query = (
        select(Report, Dashboard)
        .join(Dashboard, Dashboard.id == Report.dashboard_id)
        .where(Dashboard.deleted_at.is_(None))
        .order_by(Dashboard.folder, Dashboard.name, Report.name, Report.id)
    )
    if dashboard_id is not None:
        query = query.where(Report.dashboard_id == dashboard_id)
    return [(report, dashboard) for report, dashboard in db.execute(query).all()]


def due_ids(db: Session, now: datetime, limit: int) -> list[int]:
    """Enabled reports whose next due time has come, oldest first."""
    query = (
        select(Report.id)
        .where(Report.enabled.is_(True), Report.next_due_at <= now)
        .order_by(Report.next_due_at, Report.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def runs(db: Session, report_id: int, limit: int) -> Sequence[ReportRun]:
    """The newest runs of a report, newest first."""
    query = (
        select(ReportRun)
        .where(ReportRun.report_id == report_id)
        .order_by(ReportRun.at.desc(), ReportRun.id.desc())
        .limit(limit)
    )
    return db.scalars(query).all()


def find_run(db: Session, run_id: int) -> ReportRun | None:
    return db.get(ReportRun, run_id)


def deliveries_of_runs(db: Session, run_ids: Sequence[int]) -> dict[int, list[Delivery]]:
    """Each run's deliveries (origin ``report-run:<id>``), oldest first."""
    if not run_ids:
        return {}
    origins = {f"report-run:{run_id}": run_id for run_id in run_ids}
    query = select(Delivery).where(Delivery.origin.in_(list(origins))).order_by(Delivery.id)
    found: dict[int, list[Delivery]] = {run_id: [] for run_id in run_ids}
    for row in db.scalars(query):
        found[origins[row.origin]].append(row)
    return found


def expired_runs(db: Session, now: datetime, limit: int) -> list[int]:
    """Runs whose image link has expired (their stored image can go)."""
    query = (
        select(ReportRun.id)
        .where(ReportRun.link_expires_at.is_not(None), ReportRun.link_expires_at < now)
        .order_by(ReportRun.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def move_due(db: Session, report_id: int, was: datetime, following: datetime) -> bool:
    """Move a report's due time from ``was`` to ``following``; False when another process
    moved it first (the claim of one due time)."""
    result = db.execute(
        update(Report)
        .where(Report.id == report_id, Report.next_due_at == was)
        .values(next_due_at=following)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def clear_links(db: Session, run_ids: Sequence[int]) -> None:
    db.execute(
        update(ReportRun).where(ReportRun.id.in_(list(run_ids))).values(link_expires_at=None)
    )


def runs_to_resume(db: Session, now: datetime, limit: int) -> list[int]:
    """Runs to take up again: left ``sending`` past their lease (the process sending
    them died), or ``retrying`` a failed drawing whose next try has come; oldest first."""
    stale = and_(
        ReportRun.state == "sending",
        or_(ReportRun.lease_until.is_(None), ReportRun.lease_until <= now),
    )
    again = and_(ReportRun.state == "retrying", ReportRun.next_attempt_at <= now)
    query = select(ReportRun.id).where(or_(stale, again)).order_by(ReportRun.id).limit(limit)
    return list(db.scalars(query))


def take_run(db: Session, run: ReportRun, lease_until: datetime, attempts: int) -> bool:
    """Claim a run found by ``runs_to_resume`` for this process until ``lease_until``;
    False when another process changed it first (one of them wins)."""
    result = db.execute(
        update(ReportRun)
        .where(
            ReportRun.id == run.id,
            ReportRun.state == run.state,
            _same(ReportRun.lease_until, run.lease_until),
            _same(ReportRun.next_attempt_at, run.next_attempt_at),
        )
        .values(state="sending", lease_until=lease_until, attempts=attempts, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def renew_lease(db: Session, run_id: int, held: datetime, following: datetime) -> bool:
    """Move a run's lease from ``held`` to ``following``; False when this process no
    longer holds it (its lease passed and another process took the run over)."""
    result = db.execute(
        update(ReportRun)
        .where(ReportRun.id == run_id, ReportRun.state == "sending", ReportRun.lease_until == held)
        .values(lease_until=following)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def _same(column: Any, value: datetime | None) -> Any:
    return column.is_(None) if value is None else column == value


def prunable_runs(db: Session, before: datetime, limit: int) -> list[int]:
    """Runs that began before ``before`` and are over (not sending, not waiting for a
    retry), oldest first."""
    query = (
        select(ReportRun.id)
        .where(ReportRun.at < before, ReportRun.state.not_in(("sending", "retrying")))
        .order_by(ReportRun.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def delete_runs(db: Session, run_ids: Sequence[int]) -> None:
    """The runs and their deliveries."""
    origins = [f"report-run:{run_id}" for run_id in run_ids]
    db.execute(delete(Delivery).where(Delivery.origin.in_(origins)))
    db.execute(delete(ReportRun).where(ReportRun.id.in_(list(run_ids))))
