"""The monitor of one app: per-process counters, their flush, and the maintenance pass.

Each process counts in memory and flushes every STATUS_FLUSH_SECONDS (and at exit) with
additive upserts, so any number of processes and hosts share one database. Once a minute
whichever process holds the lease compacts old rows, drops expired ones and opens or
closes automatic incidents.
"""

from __future__ import annotations

import atexit
import logging
import os
import socket
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask

from gaugeboard.errors import NotFound
from gaugeboard.failure_rule import FailureRule, parse_failure_rule
from gaugeboard.monitor.counters import (
    DAY,
    HOUR,
    MINUTE,
    CounterKey,
    Counts,
    RequestCounters,
)
from gaugeboard.monitor.histogram import COLUMNS
from gaugeboard.monitor.incidents import IncidentChange, IncidentRules, evaluate_incidents
from gaugeboard.monitor.recorder import RequestRecorder
from gaugeboard.monitor.routes import RouteSelection
from gaugeboard.store.database import Database, begin_write
from gaugeboard.store.job_locks import release, try_acquire
from gaugeboard.store.status_rollups import add_rows, compact, delete_before
from gaugeboard.store.status_routes import RouteInfo, ensure_routes
from gaugeboard.store.types import utcnow

log = logging.getLogger(__name__)
LEASE_NAME = "status.maintain"
LEASE_LENGTH = timedelta(minutes=5)
MAINTAIN_EVERY_SECONDS = 60  # the status.maintain job's schedule (jobs/builtin.py)
_LIVE: weakref.WeakSet[StatusMonitor] = weakref.WeakSet()


@dataclass(frozen=True)
class MonitorSettings:
    """The STATUS_* settings the monitor needs, parsed once."""

    flush_seconds: int
    minute_hours: int
    hour_days: int
    retention_days: int
    failure_rule: FailureRule
    incidents: IncidentRules

    @classmethod
    def from_settings(cls, settings: Any) -> MonitorSettings:
        return cls(
            flush_seconds=settings["STATUS_FLUSH_SECONDS"],
            minute_hours=settings["STATUS_MINUTE_HOURS"],
            hour_days=settings["STATUS_HOUR_DAYS"],
            retention_days=settings["STATUS_RETENTION_DAYS"],
            failure_rule=parse_failure_rule(settings["STATUS_FAILURE_CODES"]),
            incidents=IncidentRules.from_settings(settings),
        )


@dataclass
class MaintenanceReport:
    folded_minutes: int = 0
    folded_hours: int = 0
    deleted_days: int = 0
    changes: tuple[IncidentChange, ...] = ()


class StatusMonitor:
    """Records the app's requests and keeps its rollups; one per app per process."""

    def __init__(
        self,
        app: Flask,
        database: Database,
        selection: RouteSelection,
        settings: MonitorSettings,
        on_incident_change: Callable[[IncidentChange], None] | None = None,
    ) -> None:
        self.app = app
        self.database = database
        self.selection = selection
        self.settings = settings
        self.on_incident_change = on_incident_change
        self._pid = os.getpid()
        self._counters = RequestCounters()
        self._route_ids: dict[str, int] = {}
        self._route_infos: dict[str, RouteInfo] = {}
        self._synced_rule_count = -1
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._started = False
        self._stop = threading.Event()
        self.holder = self._new_holder()
        self.recorder = RequestRecorder(app, selection, self.counters)
        _LIVE.add(self)

    @staticmethod
    def _new_holder() -> str:
        return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def counters(self) -> RequestCounters:
        """This process's counters; a forked child starts empty and starts its own timer."""
        if self._pid != os.getpid():
            self._after_fork()
        if not self._started:
            self._start()
        return self._counters

    def _after_fork(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._counters = RequestCounters()  # the parent flushes what it counted
            self._lock = threading.Lock()
            self._flush_lock = threading.Lock()
            self._thread = None
            self._started = False
            self.holder = self._new_holder()

    def _start(self) -> None:
        """Once per process: flush at exit, and run the timer unless it is turned off."""
        with self._lock:
            if self._started:
                return
            self._started = True
            atexit.register(_flush_at_exit, weakref.ref(self))
            if self.settings.flush_seconds <= 0:
                return
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._loop, name="gaugeboard-status", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop the timer and flush what is left (tests, shutdown)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(10)
        self.flush()

    def _loop(self) -> None:
        while not self._stop.wait(self.settings.flush_seconds):
            try:
                self.flush()
            except Exception:
                log.exception("status flush failed; counts are kept for retry")

    # -- routes ------------------------------------------------------------------------

    def _infos(self, rules: set[str] | None = None) -> dict[str, RouteInfo]:
        rule_count = len(self.app.url_map._rules)
        missing = rules is not None and not rules <= set(self._route_infos)
        if rule_count != self._synced_rule_count or missing:
            self._route_infos = {info.rule: info for info in self.selection.describe(self.app)}
            self._synced_rule_count = rule_count
        return self._route_infos

    def route_infos(self) -> dict[str, RouteInfo]:
        return self._infos()

    def sync_routes_changed(self) -> bool:
        """Make sure every monitored route has a row (so idle routes show "no data");
        True when rows were written."""
        infos = self._infos()
        if not set(infos) - set(self._route_ids):
            return False
        with self.database.write_connection() as connection:
            self._route_ids.update(ensure_routes(connection, infos.values()))
        return True

    # -- flush ---------------------------------------------------------------------------

    def flush(self) -> int:
        """Write this process's counts; returns how many rows were added to. On failure the
        counts go back to memory and the error is raised."""
        if self._pid != os.getpid():
            self._after_fork()
        with self._flush_lock:
            counts = self._counters.drain()
            if not counts:
                return 0
            try:
                self._write(counts)
            except BaseException:
                self._counters.restore(counts)
                raise
            return len(counts)

    def _write(self, counts: Counts) -> None:
        rules = {key[0] for key in counts}
        infos = self._infos(rules)
        with self.database.write_connection() as connection:
            unknown = rules - set(self._route_ids)
            if unknown:
                found = [infos.get(rule) or RouteInfo(rule, "", rule, "") for rule in unknown]
                self._route_ids.update(ensure_routes(connection, found))
            add_rows(connection, [self._row(key, slots) for key, slots in counts.items()])

    def _row(self, key: CounterKey, slots: list[float]) -> dict[str, Any]:
        rule, method, minute, status = key
        row: dict[str, Any] = {
            "route_id": self._route_ids[rule],
            "grain": MINUTE,
            "bucket": minute,
            "method": method,
            "status": status,
            "count": int(slots[0]),
            "bytes": int(slots[1]),
            "duration_ms": slots[2],
        }
        for index, column in enumerate(COLUMNS):
            row[column] = int(slots[3 + index])
        return row

    # -- maintenance ---------------------------------------------------------------------

    def maintain(self, now: float | None = None) -> MaintenanceReport | None:
        """Compact, expire and evaluate incidents, when this process gets the lease."""
        at = time.time() if now is None else now
        with self.database.sessions() as db:
            started = utcnow()
            if not try_acquire(db, LEASE_NAME, self.holder, started, started + LEASE_LENGTH):
                return None
            try:
                report = self._maintain(db, at)
            finally:
                db.rollback()
                release(db, LEASE_NAME, self.holder)
        for change in report.changes:
            if self.on_incident_change is not None:
                self.on_incident_change(change)
        return report

    def _maintain(self, db: Any, at: float) -> MaintenanceReport:
        settings = self.settings
        report = MaintenanceReport()
        begin_write(db)
        connection = db.connection()
        report.folded_minutes = compact(
            connection, MINUTE, HOUR, int(at) - settings.minute_hours * HOUR
        )
        report.folded_hours = compact(connection, HOUR, DAY, int(at) - settings.hour_days * DAY)
        if settings.retention_days:
            cutoff = (int(at) - settings.retention_days * DAY) // DAY * DAY
            report.deleted_days = delete_before(connection, DAY, cutoff)
        db.commit()
        report.changes = tuple(
            evaluate_incidents(db, at, settings.failure_rule, settings.incidents)
        )
        return report


def _flush_at_exit(reference: weakref.ref[StatusMonitor]) -> None:
    monitor = reference()
    if monitor is not None and monitor._pid == os.getpid():
        try:
            monitor.flush()
        except Exception:
            log.exception("status counts could not be written at exit")


def flush_all() -> None:
    """Flush every monitor of this process (gunicorn's worker_exit hook calls this)."""
    for monitor in list(_LIVE):
        _flush_at_exit(weakref.ref(monitor))


def running_monitor(monitor: StatusMonitor | None) -> StatusMonitor:
    """The monitor, or 404 when status monitoring is turned off (pages and API alike)."""
    if monitor is None:
        raise NotFound("Status monitoring is turned off (GAUGEBOARD_STATUS_ENABLED).")
    return monitor
