"""Deleting old alert history: evaluations older than ALERT_HISTORY_DAYS, except each
alert's newest evaluation and its newest state changes (what its page lists and marks on
its chart, kept however old), and the alerts' deliveries older than that which are not
waiting for a retry. Deleted in small batches, each its own short write transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

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
    while True:
        with database.sessions() as db:
            ids = store.prunable_evaluations(db, before, KEEP_STATE_CHANGES, BATCH)
            if ids:
                begin_write(db)
                store.delete_evaluations(db, ids)
                db.commit()
        counts["evaluations_deleted"] += len(ids)
        if len(ids) < BATCH:
            break
    while True:
        with database.sessions() as db:
            ids = deliveries.prunable(db, "alert:", before, BATCH)
            if ids:
                begin_write(db)
                deliveries.delete_ids(db, ids)
                db.commit()
        counts["alert_deliveries_deleted"] += len(ids)
        if len(ids) < BATCH:
            break
    return counts
