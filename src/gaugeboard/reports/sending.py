"""One run of a report: the dashboard (or its chosen widgets) drawn once as PNG and PDF,
then sent through ``notify`` to every channel. Emails carry the PNG inline, the PDF
attached and a link to the dashboard; webhooks receive JSON with a signed, expiring link
to the PNG (or, as ``format: slack``, an incoming-webhook body with both links).

A report is drawn as nobody in particular, like thumbnails and ``dashboard.refresh``:
the dashboard's default variables and time range, URL sources fetched without anyone's
cookie, data sets read as a caller with no user. So a recipient never sees rows that a
restricted viewer of the dashboard could not.

``run_due`` is the ``reports.send`` job's pass: each due report is claimed by moving its
next due time forward with a conditional update (one process wins it), then sent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.dashboards.cached_fetch import CachedFetcher
from gaugeboard.dashboards.service import document_of
from gaugeboard.dashboards.widget_data import render_all
from gaugeboard.jobs.dashboard_refresh import RefreshParts
from gaugeboard.jobs.timing import next_cron
from gaugeboard.notify.message import Attachment
from gaugeboard.notify.service import Notifier, Outcome
from gaugeboard.render.snapshot import draw_outputs
from gaugeboard.reports.images import ReportImages, image_token
from gaugeboard.store import reports as store
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.database import begin_write
from gaugeboard.store.report_models import Report, ReportRun
from gaugeboard.store.types import iso_utc, utcnow

log = logging.getLogger(__name__)
DUE_BATCH = 100


def dashboard_path(dashboard: Dashboard) -> str:
    return f"{dashboard.folder}/{dashboard.name}" if dashboard.folder else dashboard.name


def run_state(outcomes: list[str], error: str | None) -> str:
    """A run's state from its deliveries' states: ``sent`` when every one was sent,
    ``retrying`` while some wait for another try, ``failed`` when none was sent (or the
    dashboard could not be drawn), else ``partial``."""
    if error is not None or not outcomes:
        return "failed"
    if all(state == "sent" for state in outcomes):
        return "sent"
    if "retrying" in outcomes:
        return "retrying"
    return "failed" if "sent" not in outcomes else "partial"


@dataclass(frozen=True)
class Drawn:
    png: bytes
    pdf: bytes


@dataclass
class ReportSender:
    """Draws and sends reports with one mount's parts."""

    parts: RefreshParts
    settings: Mapping[str, Any]
    notifier: Notifier
    images: ReportImages
    secret_key: str

    def draw(self, db: Session, report: Report, dashboard: Dashboard) -> Drawn:
        """The report's widgets with their current data, as PNG and PDF."""
        document = document_of(dashboard)
        context = self.parts.default_context(db, document, self.settings)
        fetcher = CachedFetcher(document, self.parts.cache, self.settings)
        only = set(report.widgets) if report.widgets else None
        outputs = render_all(document, context, {}, fetcher, only)
        png = draw_outputs(document, outputs, format="png", width=report.width)
        pdf = draw_outputs(document, outputs, format="pdf", width=report.width)
        return Drawn(png, pdf)

    def base_url(self, report: Report) -> str:
        return str(self.settings["PUBLIC_URL"] or report.base_url).rstrip("/")

    def send(self, report_id: int, trigger: str) -> int | None:
        """Draw and send the report now; the new run's id (None: no such report)."""
        now = utcnow()
        expires = now + timedelta(seconds=int(self.settings["REPORT_LINK_SECONDS"]))
        with self.notifier.database.sessions() as db:
            report = store.find_report(db, report_id)
            if report is None:
                return None
            dashboard = db.get(Dashboard, report.dashboard_id)
            begin_write(db)
            run = ReportRun(
                report_id=report_id, at=now, trigger=trigger, state="sending", error=None
            )
            db.add(run)
            db.commit()
            run_id = run.id
            error = None
            drawn = None
            try:
                if dashboard is None or dashboard.deleted_at is not None:
                    error = "the dashboard was deleted"
                else:
                    drawn = self.draw(db, report, dashboard)
            except Exception as exc:  # a report that cannot be drawn is a failed run
                log.exception("report %d could not be drawn", report_id)
                error = f"the dashboard could not be drawn: {type(exc).__name__}"
            db.rollback()
            outcomes: list[Outcome] = []
            if drawn is not None and dashboard is not None:
                self.images.save(run_id, drawn.png)
                outcomes = self._deliver(report, dashboard, run_id, drawn, expires)
            state = run_state([outcome.state for outcome in outcomes], error)
            begin_write(db)
            row = store.find_run(db, run_id)
            if row is not None:
                row.state, row.error = state, error
                row.link_expires_at = expires if drawn is not None else None
            fresh = store.find_report(db, report_id)
            if fresh is not None:
                fresh.last_run_at, fresh.last_state = now, state
            db.commit()
        return run_id

    def _deliver(
        self, report: Report, dashboard: Dashboard, run_id: int, drawn: Drawn, expires: datetime
    ) -> list[Outcome]:
        base = self.base_url(report)
        link = f"{base}/dashboards/{dashboard_path(dashboard)}"
        image_url = f"{base}/api/report/image/{image_token(self.secret_key, run_id, expires)}"
        stamp = iso_utc(utcnow())
        subject = f"{report.name}: {dashboard.title}"
        text = f"{dashboard.title}, as of {stamp}.\nImage (until {iso_utc(expires)}): {image_url}"
        data = {
            "event": "report",
            "report": {"id": report.id, "name": report.name},
            "dashboard": {"id": dashboard.id, "path": dashboard_path(dashboard)},
            "image_url": image_url,
            "image_expires_at": iso_utc(expires),
            "at": stamp,
        }
        name = dashboard.name or "dashboard"
        attachments = [
            Attachment(f"{name}.png", "image/png", drawn.png, inline=True),
            Attachment(f"{name}.pdf", "application/pdf", drawn.pdf),
        ]
        return self.notifier.send(
            report.channels,
            subject,
            text,
            attachments,
            data=data,
            link=link,
            origin=f"report-run:{run_id}",
            one_email=report.email_mode == "list",
        )

    def run_due(self, now: datetime | None = None) -> dict[str, int]:
        """Send every report whose time has come (each claimed by one process)."""
        moment = now or utcnow()
        counts = {"sent": 0, "skipped": 0}
        with self.notifier.database.sessions() as db:
            due = store.due_ids(db, moment, DUE_BATCH)
        for report_id in due:
            if self._claim(report_id, moment):
                self.send(report_id, "schedule")
                counts["sent"] += 1
            else:
                counts["skipped"] += 1
        return counts

    def _claim(self, report_id: int, now: datetime) -> bool:
        with self.notifier.database.sessions() as db:
            begin_write(db)
            report = store.find_report(db, report_id)
            if report is None or report.next_due_at is None or report.next_due_at > now:
                return False
            following = next_cron(report.cron, report.timezone, now)
            claimed = store.move_due(db, report_id, report.next_due_at, following)
            db.commit()
            return claimed

    def forget_expired(self, now: datetime | None = None) -> int:
        """Delete the images of runs whose link has expired; how many."""
        with self.notifier.database.sessions() as db:
            expired = store.expired_runs(db, now or utcnow(), 1000)
            for run_id in expired:
                self.images.forget(run_id)
            if expired:
                begin_write(db)
                store.clear_links(db, expired)
                db.commit()
        return len(expired)
