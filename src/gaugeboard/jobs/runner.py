"""The jobs timer of one process: every ``JOBS_POLL_SECONDS`` it queues due schedules, takes
back runs of dead workers, and hands ready runs out: to its own thread pool (the default,
in the server or in ``gaugeboard worker``) or to Celery (``JOBS_BACKEND=celery``).

Started lazily before a request and again in a forked child (threads do not survive a
fork); ``stop`` waits for the runs under way."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from gaugeboard.jobs.environment import JobEnvironment, new_worker_name
from gaugeboard.jobs.execute import claim_one, run_claimed
from gaugeboard.jobs.scheduler import TickReport, queue_due, reap
from gaugeboard.store import job_runs
from gaugeboard.store.database import begin_write
from gaugeboard.store.job_models import JobRun
from gaugeboard.store.types import utcnow

log = logging.getLogger(__name__)
# Hands a run to a broker: (run id, time limit in seconds).
Dispatch = Callable[[int, int], None]
REDISPATCH_AFTER = timedelta(minutes=5)


class JobRunner:
    def __init__(
        self,
        env: JobEnvironment,
        poll_seconds: float,
        threads: int,
        dispatch: Dispatch | None = None,
    ) -> None:
        self.env = env
        self.poll_seconds = poll_seconds
        self.threads = threads
        self.dispatch = dispatch
        self.celery: Any = None  # the Celery app with the celery backend (gaugeboard worker)
        self.worker = new_worker_name()
        self._started_in_pid: int | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._active: set[Future[str]] = set()

    # -- life cycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Start the timer and pool in this process (again after a fork), unless turned off."""
        if self.poll_seconds <= 0 or self._started_in_pid == os.getpid():
            return  # checked before the lock: this runs before every request
        with self._lock:
            if self._started_in_pid == os.getpid():
                return
            self._started_in_pid = os.getpid()
            self.worker = new_worker_name()
            self._stop = threading.Event()
            self._active = set()
            if self.dispatch is None:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="gaugeboard-job")
            self._thread = threading.Thread(target=self._loop, name="gaugeboard-jobs", daemon=True)
            self._thread.start()

    def stop(self, wait_seconds: float = 30.0) -> None:
        """Stop the timer; wait for runs under way (they stop at their next progress call
        once flagged, or finish)."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(wait_seconds)
        pool = self._pool
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        self._started_in_pid = None

    @property
    def started(self) -> bool:
        """The timer runs in this process (never where ``JOBS_POLL_SECONDS`` is 0)."""
        return self._started_in_pid == os.getpid()

    def nudge(self) -> None:
        """Tick soon (a run was just queued by a trigger)."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("jobs tick failed; it will try again")
            self._wake.wait(self.poll_seconds)
            self._wake.clear()

    # -- one tick -------------------------------------------------------------------------

    def tick(self, now: datetime | None = None) -> TickReport:
        """Queue due schedules, reap dead workers' runs, and hand ready runs out. Without a
        started pool (a test, a CLI command) the claimed runs run here, in this thread."""
        at = now or utcnow()
        report = TickReport()
        queue_due(self.env, at, report)
        reap(self.env, at, report)
        if self.dispatch is not None:
            self._dispatch_ready(at)
        else:
            self._run_ready()
        return report

    def _free_slots(self) -> int:
        self._active = {future for future in self._active if not future.done()}
        return max(0, self.threads - len(self._active))

    def _claim_ready(self, slots: int) -> list[JobRun]:
        claimed: list[JobRun] = []
        with self.env.database.sessions() as db:
            begin_write(db)
            counts = job_runs.running_counts(db)
            for run in job_runs.ready(db, utcnow(), slots * 4):
                if len(claimed) >= slots:
                    break
                if claim_one(self.env, db, run, self.worker, counts):
                    claimed.append(run)
            db.commit()
            return [found for run in claimed if (found := job_runs.by_id(db, run.id)) is not None]

    def _run_ready(self) -> None:
        pool = self._pool if self._started_in_pid == os.getpid() else None
        if pool is None:
            while claimed := self._claim_ready(1):
                run_claimed(self.env, claimed[0], self.worker)
            return
        slots = self._free_slots()
        if slots:
            for run in self._claim_ready(slots):
                self._active.add(pool.submit(run_claimed, self.env, run, self.worker))

    def _dispatch_ready(self, now: datetime) -> None:
        assert self.dispatch is not None
        with self.env.database.sessions() as db:
            begin_write(db)
            runs = job_runs.ready(db, now, 100, undispatched_since=now - REDISPATCH_AFTER)
            for run in runs:
                job_runs.mark_dispatched(db, run.id, now)
            db.commit()
        for run in runs:
            found = self.env.registry.get(run.job_type)
            self.dispatch(run.id, found.time_limit_seconds if found else 60)

    def idle(self) -> bool:
        """No run of this process's pool is under way."""
        return self._free_slots() == self.threads
