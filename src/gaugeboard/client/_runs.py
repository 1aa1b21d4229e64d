"""Job runs (a rebuild, a triggered schedule): read one, and wait until it has ended."""

from __future__ import annotations

import time
from typing import Any

from gaugeboard.client._session import Session

ENDED = frozenset({"succeeded", "failed", "cancelled", "timed_out"})


def fetch_run(session: Session, run_id: int) -> dict[str, Any]:
    """``GET /api/job/{run_id}``: the run's state, times, progress, error and result."""
    run: dict[str, Any] = session.get(f"api/job/{int(run_id)}")["run"]
    return run


def wait_for_run(
    session: Session, run_id: int, poll_seconds: float = 1.0, timeout: float | None = None
) -> dict[str, Any]:
    """The run once it has ended (succeeded, failed, cancelled or timed out), asking every
    ``poll_seconds``; TimeoutError when it is still going after ``timeout`` seconds."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        run = fetch_run(session, run_id)
        if run["state"] in ENDED:
            return run
        if deadline is not None and time.monotonic() >= deadline:
            raise TimeoutError(f"run {run_id} is still {run['state']} after {timeout} s")
        time.sleep(poll_seconds)


def run_of(session: Session, queued: dict[str, Any], wait: bool, **options: Any) -> dict[str, Any]:
    """The run a ``202`` answer (``run_id``) queued: as it is now, or once it has ended."""
    run_id = int(queued["run_id"])
    return wait_for_run(session, run_id, **options) if wait else fetch_run(session, run_id)
