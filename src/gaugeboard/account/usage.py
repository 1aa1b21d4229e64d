"""What the instance holds and serves, beside the limits set for it. Limits come from the
``ACCOUNT_LIMIT_*`` settings (empty: unlimited); they are reported, and the new-user,
new-dashboard and new-data-set paths are where a deployment enforces them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.datasets import totals as dataset_totals
from gaugeboard.store.event_models import EventSegment
from gaugeboard.store.events import tail_count
from gaugeboard.store.status_rollups import totals as request_totals
from gaugeboard.store.user_models import User

LIMITED = ("users", "dashboards", "datasets", "rows", "events", "storage_bytes", "requests_month")


def _folder_bytes(root: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(folder, name))
            except OSError:
                continue  # a file removed while we walked
    return total


def _month_start(now: datetime) -> int:
    return int(datetime(now.year, now.month, 1, tzinfo=UTC).timestamp())


def usage(db: Session, data_dir: Path, segments_dir: Path, now: datetime) -> dict[str, int]:
    users = db.scalar(select(func.count()).select_from(User).where(User.is_active.is_(True))) or 0
    dashboards = (
        db.scalar(select(func.count()).select_from(Dashboard).where(Dashboard.deleted_at.is_(None)))
        or 0
    )
    datasets, rows, _dataset_bytes = dataset_totals(db)
    sealed = db.scalar(
        select(func.coalesce(func.sum(EventSegment.row_count), 0)).where(
            EventSegment.retired_at.is_(None)
        )
    )
    requests = request_totals(
        db.connection(), _month_start(now), int(now.timestamp()) + 1, group_by=()
    )
    storage = _folder_bytes(data_dir)
    if not segments_dir.is_relative_to(data_dir):
        storage += _folder_bytes(segments_dir)
    return {
        "users": int(users),
        "dashboards": int(dashboards),
        "datasets": datasets,
        "rows": rows,
        "events": int(sealed or 0) + tail_count(db),
        "storage_bytes": storage,
        "requests_month": int(requests[0]["count"] or 0) if requests else 0,
    }


def account(
    db: Session, data_dir: Path, segments_dir: Path, limits: Mapping[str, int | None], now: datetime
) -> dict[str, Any]:
    used = usage(db, data_dir, segments_dir, now)
    return {
        "usage": used,
        "limits": {name: limits.get(name) for name in LIMITED},
        "over_limit": sorted(
            name
            for name in LIMITED
            if limits.get(name) is not None and used[name] > (limits[name] or 0)
        ),
        "period": {"month_start": datetime.fromtimestamp(_month_start(now), UTC).isoformat()},
    }
