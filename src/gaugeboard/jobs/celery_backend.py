"""The Celery backend (``JOBS_BACKEND=celery``): the broker only carries run ids. Which run
is due, who runs it and how it ended stay in the catalog, so a message delivered twice, or
to a worker that dies, never runs a due time twice: the claim is a conditional update.

Imported only when the backend is chosen, so Celery stays an optional extra."""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from gaugeboard.jobs.environment import JobEnvironment, new_worker_name
from gaugeboard.jobs.execute import claim_by_id, run_claimed

log = logging.getLogger(__name__)
TASK_NAME = "gaugeboard.jobs.run"
QUEUE = "gaugeboard"
# A hard limit a little past the run's own: the heartbeat ends the run as timed out first.
HARD_LIMIT_MARGIN_SECONDS = 30


def make_celery(env: JobEnvironment, broker_url: str) -> Celery:
    """The Celery app of one mounted gaugeboard: one task, one queue, acks after the run."""
    app = Celery("gaugeboard", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
    )
    names: dict[str, str] = {}

    @app.task(name=TASK_NAME)  # type: ignore[untyped-decorator]
    def run_job(run_id: int) -> str | None:
        worker = names.setdefault("worker", "celery:" + new_worker_name())
        run = claim_by_id(env, run_id, worker)
        if run is None:
            return None
        return run_claimed(env, run, worker)

    def fresh_connections(**_kwargs: Any) -> None:
        # A forked pool process must not share the parent's sockets or SQLite handles.
        names.clear()
        env.database.engine.dispose(close=False)

    worker_process_init.connect(fresh_connections, weak=False)
    return app


class CeleryDispatch:
    """Sends run ids to the gaugeboard queue."""

    def __init__(self, app: Celery) -> None:
        self.app = app

    def __call__(self, run_id: int, time_limit: int) -> None:
        self.app.send_task(
            TASK_NAME,
            args=[run_id],
            queue=QUEUE,
            time_limit=time_limit + HARD_LIMIT_MARGIN_SECONDS,
        )
