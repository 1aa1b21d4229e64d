"""The background sealing job: each server process runs a timer, and whichever holds the
catalog lease runs one maintenance pass (seal, compact, retain, clean up) at a time."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta
from pathlib import Path

from gaugeboard.events.segments import SealReport, run_maintenance
from gaugeboard.store.database import Database
from gaugeboard.store.job_locks import release, try_acquire
from gaugeboard.store.types import utcnow

log = logging.getLogger(__name__)
LEASE_NAME = "events.seal"
LEASE_LENGTH = timedelta(minutes=10)


class SealingJob:
    """One per mounted gaugeboard per process; ``start`` is idempotent and fork-aware."""

    def __init__(self, database: Database, root: Path, retention_days: int, interval: int) -> None:
        self.database = database
        self.root = root
        self.retention_days = retention_days
        self.interval = interval
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._started_in_pid: int | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def run_once(self) -> SealReport | None:
        """One pass when this process gets the lease; None when another process holds it."""
        with self.database.sessions() as db:
            now = utcnow()
            if not try_acquire(db, LEASE_NAME, self.holder, now, now + LEASE_LENGTH):
                return None
            try:
                return run_maintenance(db, self.root, self.retention_days)
            finally:
                db.rollback()
                release(db, LEASE_NAME, self.holder)

    def start(self) -> None:
        """Start the timer thread in this process (again after a fork), unless disabled."""
        if self.interval <= 0 or self._started_in_pid == os.getpid():
            return  # checked before the lock: this runs before every request
        with self._lock:
            if self._started_in_pid == os.getpid():
                return
            self._started_in_pid = os.getpid()
            self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._loop, name="gaugeboard-sealer", daemon=True
            )
            self._thread.start()

    def stop(self, wait_seconds: float = 30.0) -> None:
        """Stop the timer and wait for a pass under way to finish (it holds a connection)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(wait_seconds)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                report = self.run_once()
                if report is not None and report.sealed_rows:
                    log.info(
                        "sealed %d events into %d segments",
                        report.sealed_rows,
                        report.segments_written,
                    )
            except Exception:
                log.exception("event sealing failed; the tail keeps the events and it will retry")
