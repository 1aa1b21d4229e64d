"""Deleting old alert history: evaluations older than ALERT_HISTORY_DAYS, except each
alert's newest evaluation and its newest state changes (what its page lists and marks on
its chart, kept however old), and the alerts' deliveries older than that which are not
waiting for a retry. Deleted in small batches, each its own short write transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from gaugeboard.store import alerts as store
from gaugeboard.store import deliveries
from gaugeboard.store.database import Database, begin_write

KEEP_STATE_CHANGES = 50
BATCH = 1000


def prune_alert_history(database: Database, days: int, now: datetime) -> dict[str, int]:
    """Delete what is older than ``days`` (0: nothing); how many rows of each kind."""
    counts = {"evaluations_deleted": 0, "alert_deliveries_deleted": 0}
    if days <= 0:
        return counts
    before = now - timedelta(days=days)
    counts["evaluations_deleted"] = _in_batches(
        database,
        lambda db: store.prunable_evaluations(db, before, KEEP_STATE_CHANGES, BATCH),
        store.delete_evaluations,
    )
    counts["alert_deliveries_deleted"] = _in_batches(
        database, lambda db: deliveries.prunable(db, "alert:", before, BATCH), deliveries.delete_ids
    )
    return counts


def _in_batches(
    database: Database,
    find: Callable[[Session], Sequence[int]],
    delete: Callable[[Session, Sequence[int]], object],
) -> int:
    """Find and delete up to BATCH rows per transaction until fewer are found: a long
    history is removed without holding the writer for the whole of it. How many rows."""
    deleted = 0
    while True:
        with database.sessions() as db:
            ids = find(db)
            if ids:
                begin_write(db)
                delete(db, ids)
                db.commit()
        deleted += len(ids)
        if len(ids) < BATCH:
            return deleted
