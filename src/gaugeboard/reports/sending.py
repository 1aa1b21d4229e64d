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
from gaugeboard.notify.service import Notifier, Outcome, delivery_key
from gaugeboard.render.own_images import own_images
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


@dataclass
class _Lease:
    """Until when this process holds the run it sends (renewed before each recipient)."""

    until: datetime


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
        # gaugeboard's own pictures at the address the report links back to are drawn,
        # as in a snapshot asked through that address; other pictures keep a placeholder.
        pictures = own_images([self.base_url(report)])
        png = draw_outputs(document, outputs, format="png", width=report.width, images=pictures)
        pdf = draw_outputs(document, outputs, format="pdf", width=report.width, images=pictures)
        return Drawn(png, pdf)

    def base_url(self, report: Report) -> str:
        return str(self.settings["PUBLIC_URL"] or report.base_url).rstrip("/")

    def _lease_end(self) -> datetime:
        return utcnow() + timedelta(seconds=int(self.settings["REPORT_SEND_LEASE_SECONDS"]))

    def send(self, report_id: int, trigger: str) -> int | None:
        """Draw and send the report now; the new run's id (None: no such report)."""
        lease = _Lease(self._lease_end())
        with self.notifier.database.sessions() as db:
            if store.find_report(db, report_id) is None:
                return None
            begin_write(db)
            run = ReportRun(
                report_id=report_id,
                at=utcnow(),
                trigger=trigger,
                state="sending",
                error=None,
                attempts=1,
                lease_until=lease.until,
            )
            db.add(run)
            db.commit()
            run_id = run.id
        self._attempt(run_id, lease)
        return run_id

    def _attempt(self, run_id: int, lease: _Lease) -> None:
        """Draw the run's report and send it to every recipient that has no delivery of
        this run yet, holding the run's lease; then record the run's result."""
        expires = utcnow() + timedelta(seconds=int(self.settings["REPORT_LINK_SECONDS"]))
        with self.notifier.database.sessions() as db:
            run = store.find_run(db, run_id)
            report = store.find_report(db, run.report_id) if run is not None else None
            if run is None or report is None:
                return
            dashboard = db.get(Dashboard, report.dashboard_id)
            drawn, error, lasting = self._draw_safely(db, report, dashboard)
            db.rollback()
            if drawn is not None and dashboard is not None:
                self.images.save(run_id, drawn.png)
                recorded = {
                    delivery_key(row.channel, row.recipient, row.target)
                    for row in store.deliveries_of_runs(db, [run_id])[run_id]
                }
                self._deliver(report, dashboard, run_id, drawn, expires, recorded, lease)
        self._finish(run_id, lease, error, lasting, expires if drawn is not None else None)

    def _draw_safely(
        self, db: Session, report: Report, dashboard: Dashboard | None
    ) -> tuple[Drawn | None, str | None, bool]:
        """The drawing, or why there is none and whether that will last (a deleted
        dashboard) rather than perhaps mend (a renderer that failed)."""
        if dashboard is None or dashboard.deleted_at is not None:
            return None, "the dashboard was deleted", True
        try:
            return self.draw(db, report, dashboard), None, False
        except Exception as exc:  # a report that cannot be drawn is a failed try
            log.exception("report %d could not be drawn", report.id)
            return None, f"the dashboard could not be drawn: {type(exc).__name__}", False

    def _renew(self, run_id: int, lease: _Lease) -> bool:
        """Extend this process's lease on the run before its next recipient; False when
        another process took the run over (this one stops sending)."""
        following = self._lease_end()
        with self.notifier.database.sessions() as db:
            begin_write(db)
            held = store.renew_lease(db, run_id, lease.until, following)
            db.commit()
        if held:
            lease.until = following
        return held

    def _finish(
        self,
        run_id: int,
        lease: _Lease,
        error: str | None,
        lasting: bool,
        expires: datetime | None,
    ) -> None:
        """Record the run's result, unless another process took it over meanwhile. A
        drawing that failed is tried again later (NOTIFY_RETRY_ATTEMPTS in all, the
        waits doubling from NOTIFY_RETRY_SECONDS), as a failed delivery is."""
        with self.notifier.database.sessions() as db:
            begin_write(db)
            row = store.find_run(db, run_id)
            if row is None or row.state != "sending" or row.lease_until != lease.until:
                db.rollback()
                return
            retry_at = None if error is None or lasting else self._next_try(row.attempts)
            if error is not None:
                state = "retrying" if retry_at is not None else "failed"
            else:
                sent = store.deliveries_of_runs(db, [run_id])[run_id]
                state = run_state([delivery.state for delivery in sent], None)
            row.state, row.error, row.lease_until, row.next_attempt_at = (
                state,
                error,
                None,
                retry_at,
            )
            if expires is not None:
                row.link_expires_at = expires
            report = store.find_report(db, row.report_id)
            if report is not None:
                report.last_run_at, report.last_state = row.at, state
            db.commit()

    def _next_try(self, attempts: int) -> datetime | None:
        if attempts >= int(self.settings["NOTIFY_RETRY_ATTEMPTS"]):
            return None
        wait = float(self.settings["NOTIFY_RETRY_SECONDS"]) * 2 ** (attempts - 1)
        return utcnow() + timedelta(seconds=wait)

    def resume_due(self, now: datetime | None = None) -> dict[str, int]:
        """Take up again the runs whose drawing failed and whose next try has come, and
        the runs left ``sending`` past their lease by a process that died; each is
        claimed by one process, and each recipient that already has a delivery of the
        run is skipped (no one gets the report twice). A run interrupted once too often
        is recorded as failed."""
        moment = now or utcnow()
        counts = {"resumed": 0, "abandoned": 0}
        with self.notifier.database.sessions() as db:
            found = store.runs_to_resume(db, moment, DUE_BATCH)
        for run_id in found:
            lease = _Lease(self._lease_end())
            taken = self._take(run_id, lease)
            if taken == "taken":
                self._attempt(run_id, lease)
                counts["resumed"] += 1
            elif taken == "abandoned":
                counts["abandoned"] += 1
        return counts

    def _take(self, run_id: int, lease: _Lease) -> str:
        with self.notifier.database.sessions() as db:
            begin_write(db)
            run = store.find_run(db, run_id)
            if run is None:
                return "gone"
            if run.attempts >= int(self.settings["NOTIFY_RETRY_ATTEMPTS"]):
                # Only an interrupted run gets here: a failed drawing stops at ``failed``.
                interrupted = "the run was interrupted too often (the server stopped while sending)"
                if not store.take_run(db, run, lease.until, run.attempts):
                    return "gone"
                run.state, run.error, run.lease_until = "failed", interrupted, None
                db.commit()
                return "abandoned"
            taken = store.take_run(db, run, lease.until, run.attempts + 1)
            db.commit()
            return "taken" if taken else "gone"

    def _deliver(
        self,
        report: Report,
        dashboard: Dashboard,
        run_id: int,
        drawn: Drawn,
        expires: datetime,
        recorded: set[str],
        lease: _Lease,
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
            identity=f"gaugeboard.report-run.{run_id}",
            one_email=report.email_mode == "list",
            recorded=recorded,
            before_each=lambda: self._renew(run_id, lease),
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
