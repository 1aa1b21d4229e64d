"""``gaugeboard worker``: this process does the jobs work until it is told to stop, so the
web servers need not (they run with ``JOBS_POLL_SECONDS=0``).

With the ``thread`` backend it is the in-process runner as a process of its own: its timer
queues due schedules, takes back dead workers' runs and runs ready ones in its thread pool.
With ``celery`` it is a Celery worker on the ``gaugeboard`` queue, and the same timer runs in
a thread beside it and dispatches ready runs to the broker, so schedules keep running with no
web server at all. Either way each due time is claimed once through the catalog, however
many workers run.

The first SIGTERM or SIGINT stops taking work and waits for the runs under way; a second
one ends the process at once, and those runs are found by their stale heartbeat and retried
per their policy. The tests start workers through the same ``run_worker``.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from types import FrameType
from typing import Any

from gaugeboard.config import SETTINGS_BY_NAME
from gaugeboard.jobs.runner import JobRunner

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def run_worker(runner: JobRunner, threads: int | None = None) -> int:
    """Run ``runner`` as this process's only work until SIGTERM or SIGINT; the exit status.

    ``threads`` overrides ``JOBS_THREADS`` (the thread pool, or the Celery pool processes).
    A ``JOBS_POLL_SECONDS`` of 0 is meant for web servers: a worker then polls at the
    setting's default."""
    if threads:
        runner.threads = threads
    if runner.poll_seconds <= 0:
        runner.poll_seconds = float(SETTINGS_BY_NAME["JOBS_POLL_SECONDS"].default)
    _log_to_stderr(runner)
    if runner.celery is not None:
        return _run_celery_worker(runner)
    return _run_thread_worker(runner)


def _log_to_stderr(runner: JobRunner) -> None:
    """A worker has no server to print its log: job failures go to stderr."""
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=runner.env.settings["LOG_LEVEL"],
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )


def _run_thread_worker(runner: JobRunner) -> int:
    signals: list[int] = []

    def on_signal(number: int, _frame: FrameType | None) -> None:
        if signals:
            log.warning("second stop signal: ending now; the runs under way will be retried")
            os._exit(1)  # the pool's threads cannot be interrupted; the reaper takes their runs
        signals.append(number)

    previous = {number: signal.signal(number, on_signal) for number in STOP_SIGNALS}
    try:
        runner.start()
        log.info(
            "gaugeboard worker %s: up to %d runs at once, looking for work every %s s",
            runner.worker,
            runner.threads,
            runner.poll_seconds,
        )
        while not signals:
            time.sleep(0.2)
        log.info("stopping: waiting for the runs under way (signal again to end at once)")
    finally:
        runner.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


def _run_celery_worker(runner: JobRunner) -> int:
    # Celery is an optional extra: imported only when chosen.
    from gaugeboard.jobs.celery_backend import QUEUE

    runner.start()  # the scheduling timer: queue due, reap, dispatch to the broker
    try:
        worker: Any = runner.celery.Worker(
            hostname=f"gaugeboard-{os.getpid()}@{socket.gethostname()}",
            queues=[QUEUE],
            pool_cls="prefork",
            concurrency=runner.threads,
            loglevel=runner.env.settings["LOG_LEVEL"],
            without_heartbeat=True,
            without_gossip=True,
            without_mingle=True,
        )
        worker.start()  # Celery's own signal handling: SIGTERM waits for tasks under way
        return int(worker.exitcode or 0)
    finally:
        runner.stop()
