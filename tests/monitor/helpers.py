"""Reading the status tables back in tests."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from gaugeboard.monitor.status_monitor import StatusMonitor
from gaugeboard.store.status_models import StatusRollup, StatusRoute
from tests.conftest import state


def monitor_of(app: Flask) -> StatusMonitor:
    monitor = state(app).monitor
    assert monitor is not None
    return monitor


def rollups(app: Flask) -> list[dict[str, Any]]:
    """Every rollup row with its route's rule."""
    with state(app).database.sessions() as db:
        rows = db.execute(
            select(StatusRoute.rule, StatusRollup).join(
                StatusRoute, StatusRoute.id == StatusRollup.route_id
            )
        )
        return [
            {
                "rule": rule,
                "grain": r.grain,
                "bucket": r.bucket,
                "method": r.method,
                "status": r.status,
                "count": r.count,
                "bytes": r.bytes,
                "duration_ms": r.duration_ms,
                "histogram": [getattr(r, f"h{i}") for i in range(14)],
            }
            for rule, r in rows
        ]


def count_of(app: Flask, rule: str, status: int | None = None, method: str | None = None) -> int:
    return sum(
        row["count"]
        for row in rollups(app)
        if row["rule"] == rule
        and (status is None or row["status"] == status)
        and (method is None or row["method"] == method)
    )


def token_for(app: Flask, name: str, role: str) -> dict[str, str]:
    """Create a user with ``role`` and return the Authorization header of a new token."""
    from gaugeboard.auth.api_tokens import create_token
    from gaugeboard.auth.users import create_user
    from tests.conftest import DEFAULT_PASSWORD

    with state(app).database.sessions() as db:
        create_user(db, name, DEFAULT_PASSWORD, role)
        db.commit()
        _token, secret = create_token(db, name, "test", 0)
        db.commit()
    return {"Authorization": f"Bearer {secret}"}
