"""Queries on alerts and their evaluations; the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from gaugeboard.store.alert_models import Alert, AlertEvaluation
from gaugeboard.store.folder_grants import all_grants, team_ids_of
from gaugeboard.store.user_models import User

__all__ = ["all_grants", "team_ids_of"]


def find_alert(db: Session, alert_id: int) -> Alert | None:
    return db.get(Alert, alert_id)


def list_alerts(db: Session, owner_id: int | None, offset: int, limit: int) -> Sequence[Alert]:
    """Alerts by name (``owner_id`` None: everyone's)."""
    query = select(Alert).order_by(Alert.name, Alert.id).offset(offset).limit(limit)
    if owner_id is not None:
        query = query.where(Alert.owner_id == owner_id)
    return db.scalars(query).all()


def alerts_by_ids(db: Session, ids: Sequence[int]) -> Sequence[Alert]:
    """The alerts of ``ids`` that exist, by id (in batches, for long lists)."""
    found: list[Alert] = []
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        found.extend(db.scalars(select(Alert).where(Alert.id.in_(part))))
    return sorted(found, key=lambda alert: alert.id)


def enabled_ids(db: Session) -> list[int]:
    return list(db.scalars(select(Alert.id).where(Alert.enabled.is_(True)).order_by(Alert.id)))


def evaluations(db: Session, alert_id: int, limit: int) -> Sequence[AlertEvaluation]:
    """The newest evaluations of an alert, newest first."""
    query = (
        select(AlertEvaluation)
        .where(AlertEvaluation.alert_id == alert_id)
        .order_by(AlertEvaluation.at.desc(), AlertEvaluation.id.desc())
        .limit(limit)
    )
    return db.scalars(query).all()


def owner_names(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.execute(select(User.id, User.name).where(User.id.in_(ids))).all()
    return {user_id: name for user_id, name in rows}


def prunable_evaluations(db: Session, before: datetime, keep_changes: int, limit: int) -> list[int]:
    """Evaluations older than ``before`` that may go: not an alert's newest evaluation (its
    last number) and not among its newest ``keep_changes`` state changes (the changes its
    page lists and marks on the chart, kept however old they are)."""
    changes = (
        select(
            AlertEvaluation.id,
            func.row_number()
            .over(
                partition_by=AlertEvaluation.alert_id,
                order_by=(AlertEvaluation.at.desc(), AlertEvaluation.id.desc()),
            )
            .label("place"),
        )
        .where(AlertEvaluation.state != AlertEvaluation.previous_state)
        .subquery()
    )
    kept_changes = select(changes.c.id).where(changes.c.place <= keep_changes)
    newest = select(func.max(AlertEvaluation.id)).group_by(AlertEvaluation.alert_id)
    query = (
        select(AlertEvaluation.id)
        .where(
            AlertEvaluation.at < before,
            AlertEvaluation.id.not_in(kept_changes),
            AlertEvaluation.id.not_in(newest),
        )
        .order_by(AlertEvaluation.id)
        .limit(limit)
    )
    return list(db.scalars(query))


def delete_evaluations(db: Session, ids: Sequence[int]) -> None:
    db.execute(delete(AlertEvaluation).where(AlertEvaluation.id.in_(list(ids))))
