"""One sealing pass (seal, compact, retain, clean up) under the catalog lease, so a pass
started by ``gaugeboard events seal`` and one run by the ``events.seal`` job (see
``jobs/builtin.py``) never overlap."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from datetime import timedelta
from pathlib import Path

from gaugeboard.events.known_persons import KnownPersons
from gaugeboard.events.segments import SealReport, run_maintenance
from gaugeboard.store.database import Database
from gaugeboard.store.job_locks import release, try_acquire
from gaugeboard.store.types import utcnow

LEASE_NAME = "events.seal"
LEASE_LENGTH = timedelta(minutes=10)


class SealingJob:
    """One per mounted gaugeboard; the jobs runner calls ``run_once`` when it is due."""

    def __init__(self, database: Database, root: Path, retention_days: int) -> None:
        self.database = database
        self.root = root
        self.retention_days = retention_days
        self._token = uuid.uuid4().hex[:8]
        self.known_persons = KnownPersons()  # ids read or given by this job's passes
        # The lease names this process, so it would let a second pass of this job in while
        # one runs here (a pass that outlived its schedule's time limit): one at a time.
        self.one_pass = threading.Lock()

    @property
    def holder(self) -> str:
        """Names this process (a forked child is another holder than its parent)."""
        return f"{socket.gethostname()}:{os.getpid()}:{self._token}"

    def run_once(self) -> SealReport | None:
        """One pass when this process gets the lease; None when another process holds it
        or a pass of this job is still running in this process."""
        if not self.one_pass.acquire(blocking=False):
            return None
        try:
            return self._leased_pass()
        finally:
            self.one_pass.release()

    def _leased_pass(self) -> SealReport | None:
        with self.database.sessions() as db:
            now = utcnow()
            if not try_acquire(db, LEASE_NAME, self.holder, now, now + LEASE_LENGTH):
                return None
            try:
                return run_maintenance(db, self.root, self.retention_days, known=self.known_persons)
            finally:
                db.rollback()
                release(db, LEASE_NAME, self.holder)
