"""Queries on stored dashboard documents, addressed by folder and name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from gaugeboard.store.database import flush_or_conflict
from gaugeboard.store.models import Dashboard


def find_dashboard(db: Session, folder: str, name: str) -> Dashboard | None:
    query = select(Dashboard).where(Dashboard.folder == folder, Dashboard.name == name)
    return db.scalars(query).first()


def insert_dashboard(
    db: Session,
    folder: str,
    name: str,
    title: str,
    description: str,
    document: dict[str, Any],
    created_by: int | None,
) -> Dashboard:
    dashboard = Dashboard(
        folder=folder,
        name=name,
        title=title,
        description=description,
        document=document,
        created_by=created_by,
        version=1,
    )
    db.add(dashboard)
    path = f"{folder}/{name}" if folder else name
    flush_or_conflict(db, f"name: a dashboard already exists at {path!r}")
    return dashboard


def dashboards_in_folder(db: Session, folder: str) -> Sequence[Dashboard]:
    query = select(Dashboard).where(Dashboard.folder == folder).order_by(Dashboard.name)
    return db.scalars(query).all()


def folders_below(db: Session, folder: str) -> list[str]:
    """Every stored folder path strictly inside ``folder`` (any depth)."""
    condition: ColumnElement[bool]
    if folder:
        # substr, not LIKE: SQLite's LIKE ignores case, PostgreSQL's does not.
        prefix = folder + "/"
        condition = func.substr(Dashboard.folder, 1, len(prefix)) == prefix
    else:
        condition = Dashboard.folder != ""
    query = select(Dashboard.folder).where(condition).distinct()
    return sorted(db.scalars(query).all())
