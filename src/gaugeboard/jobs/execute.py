"""Running one claimed run: the job function in this thread, a heartbeat beside it that
records progress and notices a cancel or the time limit, and the final state written only
while this worker still owns the run. Every backend (the server's threads, ``gaugeboard
worker``, a Celery task) ends here."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from gaugeboard.errors import GaugeboardError
from gaugeboard.jobs.context import JobContext, JobFailed, JobStopped
from gaugeboard.jobs.environment import JobEnvironment
from gaugeboard.jobs.registry import JobType, checked_arguments
from gaugeboard.store import job_runs
from gaugeboard.store.database import begin_write
from gaugeboard.store.job_models import JobRun
from gaugeboard.store.types import utcnow

log = logging.getLogger(__name__)


def short_error(exc: BaseException) -> str:
    """One line for the run's row: the type and message, never a traceback."""
    if isinstance(exc, GaugeboardError):
        return exc.message[:1000]
    if isinstance(exc, JobFailed):
        return str(exc)[:1000]
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}"[:1000] if message else type(exc).__name__


def _lock_claims(env: JobEnvironment, db: Session, job_type: str) -> bool:
    """On PostgreSQL, serialise claims so the limits hold: of one job type, or of every type
    when ``JOBS_MAX_RUNNING`` caps them all. True when it locked: the running counts must
    then be read again, since another claim may have committed while this one waited (on
    SQLite the write lock, taken before the counts were read, already serialises)."""
    if db.get_bind().dialect.name != "postgresql":
        return False
    key = "jobs:claims" if env.max_running else "job:" + job_type
    db.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": key})
    return True


def _room_for(env: JobEnvironment, db: Session, job_type: str, counts: dict[str, int]) -> bool:
    found = env.registry.get(job_type)
    limit = found.concurrency if found else 0
    if limit and counts.get(job_type, 0) >= limit:
        return False
    return not (env.max_running and sum(counts.values()) >= env.max_running)


def claim_one(
    env: JobEnvironment, db: Session, run: JobRun, worker: str, counts: dict[str, int]
) -> bool:
    """Claim ``run`` in the caller's write transaction when the limits leave room."""
    if _lock_claims(env, db, run.job_type):
        counts.clear()
        counts.update(job_runs.running_counts(db))  # this transaction's own claims included
    if not _room_for(env, db, run.job_type, counts):
        return False
    found = env.registry.get(run.job_type)
    now = utcnow()
    limit = found.time_limit_seconds if found else 60
    if not job_runs.claim(db, run.id, worker, now, now + timedelta(seconds=limit)):
        return False
    counts[run.job_type] = counts.get(run.job_type, 0) + 1
    return True


def claim_by_id(env: JobEnvironment, run_id: int, worker: str) -> JobRun | None:
    """Claim one run named by a broker message; None when it is not (or no longer) ready,
    already taken, or over a limit (then it is handed out again on a later tick)."""
    with env.database.sessions() as db:
        begin_write(db)
        run = job_runs.by_id(db, run_id)
        if run is None or run.state != "queued":
            return None
        counts = job_runs.running_counts(db)
        if not claim_one(env, db, run, worker, counts):
            db.rollback()
            begin_write(db)
            job_runs.clear_dispatch(db, run_id)
            db.commit()
            return None
        db.commit()
        return job_runs.by_id(db, run_id)


class Heartbeat:
    """Beats every ``JOBS_HEARTBEAT_SECONDS`` for one run: saves progress, learns of a
    cancel, and at the deadline ends the run as timed out and tells the job to stop."""

    def __init__(self, env: JobEnvironment, run: JobRun, worker: str, context: JobContext) -> None:
        self.env = env
        self.run_id = run.id
        self.deadline = run.deadline_at
        self.worker = worker
        self.context = context
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name=f"gaugeboard-beat-{run.id}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.wait(self.env.heartbeat_seconds):
            try:
                self.beat()
            except Exception:
                log.exception("job %d: heartbeat failed; will try again", self.run_id)

    def beat(self) -> None:
        now = utcnow()
        progress = self.context.snapshot()
        with self.env.database.sessions() as db:
            begin_write(db)
            if self.deadline is not None and now >= self.deadline:
                job_runs.end(
                    db,
                    self.run_id,
                    self.worker,
                    "timed_out",
                    now,
                    {"error": "the run passed its time limit"},
                )
                db.commit()
                self.context.stop_as = "timed_out"
                return
            found = job_runs.heartbeat(
                db, self.run_id, self.worker, now, progress.done, progress.total, progress.message
            )
            db.commit()
        if not found.owned:
            self.context.stop_as = "lost"
        elif found.cancel_requested:
            self.context.stop_as = "cancelled"


def run_claimed(env: JobEnvironment, run: JobRun, worker: str) -> str:
    """Run a run this worker claimed and write how it ended; returns that state."""
    job_type = env.registry.get(run.job_type)
    if job_type is None:
        return _finish(env, run, worker, "failed", {"error": f"unknown job type {run.job_type!r}"})
    try:
        arguments = checked_arguments(job_type, run.arguments)
    except GaugeboardError as exc:
        return _finish(env, run, worker, "failed", {"error": exc.message[:1000]})
    context = JobContext(
        run.id, run.attempt, env.database, env.settings, env.data_dir, run.target_id
    )
    with Heartbeat(env, run, worker, context):
        state, values = _call(job_type, context, arguments)
    if context.stop_as == "timed_out":  # read once the heartbeat thread has ended
        return "timed_out"  # the heartbeat already ended the run so, whatever the job did
    if state == "failed":
        return _retry_or_fail(env, run, worker, job_type, values["error"])
    if state == "succeeded":
        progress = context.snapshot()
        values = {**values, "progress_done": progress.done, "progress_total": progress.total}
    return _finish(env, run, worker, state, values)


def _call(job_type: JobType, context: JobContext, arguments: Any) -> tuple[str, dict[str, Any]]:
    """(state, values) of one call: ``failed`` when it raised (and may be retried), or
    the state a ``JobStopped`` names. The error is returned, not kept in the context: the
    heartbeat thread still writes there until it stops."""
    try:
        result = job_type.function(context, arguments)
    except JobStopped as stop:
        if stop.state == "lost":
            return ("lost", {})
        return (stop.state, {"error": str(stop)})
    except Exception as exc:
        log.exception("job %s (run %d) failed", job_type.name, context.run_id)
        return ("failed", {"error": short_error(exc)})
    return ("succeeded", {"result": _json_safe(result), "error": ""})


def _json_safe(result: Any) -> dict[str, Any]:
    if not result:
        return {}
    return {
        str(key): value
        if isinstance(value, int | float | str | bool) or value is None
        else str(value)
        for key, value in dict(result).items()
    }


def _retry_or_fail(
    env: JobEnvironment, run: JobRun, worker: str, job_type: JobType, error: str
) -> str:
    if run.attempt < run.max_attempts:
        wait = job_type.retry.delay_after(run.attempt)
        with env.database.sessions() as db:
            begin_write(db)
            now = utcnow()
            moved = job_runs.requeue(
                db, run.id, worker, now + timedelta(seconds=wait), f"attempt {run.attempt}: {error}"
            )
            # Not moved: cancelled while it ran (it ends here), or no longer this worker's.
            cancelled = {"error": f"the run was cancelled ({error})"[:1000]}
            ended = moved or job_runs.end(db, run.id, worker, "cancelled", now, cancelled)
            db.commit()
        return "queued" if moved else "cancelled" if ended else "lost"
    return _finish(env, run, worker, "failed", {"error": error})


def _finish(
    env: JobEnvironment, run: JobRun, worker: str, state: str, values: dict[str, Any]
) -> str:
    if state == "lost":
        return state
    with env.database.sessions() as db:
        begin_write(db)
        ended = job_runs.end(db, run.id, worker, state, utcnow(), values)
        db.commit()
    if not ended:
        log.warning(
            "job run %d ended as %s here, but another worker or the reaper had it", run.id, state
        )
        return "lost"
    return state
