"""Counting dashboard views cheaply: each process adds views up in memory and writes them
as one additive upsert at most every few seconds (on the next view after the interval, and
at exit), the way the status page batches request counts. A view costs a dict update.
JSON and notebook dashboards share the batch (keyed by kind) and its one transaction."""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
import weakref
from collections import Counter

from gaugeboard.store.dashboard_views import ViewKey, ViewKind, add_views
from gaugeboard.store.database import Database
from gaugeboard.store.types import utcnow

log = logging.getLogger(__name__)
ANONYMOUS = 0


class ViewCounter:
    def __init__(self, database: Database, flush_seconds: float = 10.0) -> None:
        self.database = database
        self.flush_seconds = flush_seconds
        self._pending: Counter[ViewKey] = Counter()
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._last_flush = time.monotonic()
        atexit.register(_flush_at_exit, weakref.ref(self))

    def record(self, kind: ViewKind, item_id: int, user_id: int | None) -> None:
        """Count one view of a dashboard or notebook (``kind``, its id) by a user (None:
        without an account); writes what is pending when the interval has passed."""
        if self._pid != os.getpid():  # a forked child: the parent writes its own counts
            self._pid, self._pending, self._lock = os.getpid(), Counter(), threading.Lock()
        key: ViewKey = (kind, item_id, user_id or ANONYMOUS, utcnow().date())
        with self._lock:
            self._pending[key] += 1
            due = time.monotonic() - self._last_flush >= self.flush_seconds
        if due:
            self.flush()

    def flush(self) -> None:
        """Write the pending counts; on failure they go back to memory for the next try."""
        with self._lock:
            counts, self._pending = self._pending, Counter()
            self._last_flush = time.monotonic()
        if not counts:
            return
        try:
            with self.database.write_connection() as connection:
                add_views(connection, counts)
        except Exception:
            log.exception("dashboard view counts not written; kept for the next try")
            with self._lock:
                self._pending.update(counts)


def _flush_at_exit(ref: weakref.ReferenceType[ViewCounter]) -> None:
    counter = ref()
    if counter is not None and counter._pid == os.getpid():
        counter.flush()
