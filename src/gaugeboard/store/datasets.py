"""Queries of data sets in the catalog; the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gaugeboard.store.dataset_models import Dataset


def by_id(db: Session, dataset_id: int, for_update: bool = False) -> Dataset | None:
    query = select(Dataset).where(Dataset.id == dataset_id)
    if for_update and db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return db.scalars(query).first()


def by_name(db: Session, name: str) -> Dataset | None:
    return db.scalars(select(Dataset).where(Dataset.name == name)).first()


def listed(
    db: Session, offset: int, limit: int, name: str | None = None
) -> tuple[Sequence[Dataset], int]:
    query = select(Dataset)
    if name:
        query = query.where(Dataset.name == name)
    rows = db.scalars(query.order_by(Dataset.name).offset(offset).limit(limit)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    return rows, total


def totals(db: Session) -> tuple[int, int, int]:
    """(data sets, rows, bytes) over all data sets, for the account page."""
    row = db.execute(
        select(
            func.count(),
            func.coalesce(func.sum(Dataset.row_count), 0),
            func.coalesce(func.sum(Dataset.size_bytes), 0),
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])
