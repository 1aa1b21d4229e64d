"""Queries on stored dashboard documents, addressed by folder and name, and their versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from gaugeboard.store.dashboard_models import Dashboard, DashboardVersion
from gaugeboard.store.database import flush_or_conflict
from gaugeboard.store.notebooks import notebook_folders_below
from gaugeboard.store.types import utcnow
from gaugeboard.store.user_models import User


def _live() -> ColumnElement[bool]:
    return Dashboard.deleted_at.is_(None)


def find_dashboard(db: Session, folder: str, name: str) -> Dashboard | None:
    query = select(Dashboard).where(Dashboard.folder == folder, Dashboard.name == name, _live())
    return db.scalars(query).first()


def get_dashboard(db: Session, dashboard_id: int, deleted: bool = False) -> Dashboard | None:
    """A live dashboard by id, or (``deleted``) a deleted one. An id beyond what the
    catalog holds (SQLite's INTEGER is 64-bit) is unknown, not a driver error."""
    if not 0 < dashboard_id < 2**63:
        return None
    dashboard = db.get(Dashboard, dashboard_id)
    if dashboard is None or (dashboard.deleted_at is not None) != deleted:
        return None
    return dashboard


def insert_dashboard(
    db: Session,
    folder: str,
    name: str,
    title: str,
    description: str,
    document: dict[str, Any],
    created_by: int | None,
    is_global: bool = False,
) -> Dashboard:
    dashboard = Dashboard(
        folder=folder,
        name=name,
        title=title,
        description=description,
        document=document,
        created_by=created_by,
        updated_by=created_by,
        is_global=is_global,
        version=1,
    )
    db.add(dashboard)
    path = f"{folder}/{name}" if folder else name
    flush_or_conflict(db, f"name: a dashboard already exists at {path!r}")
    return dashboard


def flush_path(db: Session, folder: str, name: str) -> None:
    path = f"{folder}/{name}" if folder else name
    flush_or_conflict(db, f"name: a dashboard already exists at {path!r}")


def add_version(
    db: Session, dashboard: Dashboard, action: str, author_id: int | None, note: str
) -> DashboardVersion:
    version = DashboardVersion(
        dashboard_id=dashboard.id,
        version=dashboard.version,
        action=action,
        document=dashboard.document,
        author_id=author_id,
        note=note,
    )
    db.add(version)
    flush_or_conflict(db, "version: someone else saved this dashboard at the same moment")
    return version


def list_versions(db: Session, dashboard_id: int) -> Sequence[tuple[DashboardVersion, str | None]]:
    query = (
        select(DashboardVersion, User.name)
        .outerjoin(User, User.id == DashboardVersion.author_id)
        .where(DashboardVersion.dashboard_id == dashboard_id)
        .order_by(DashboardVersion.version.desc())
    )
    return [(version, name) for version, name in db.execute(query).all()]


def get_version(db: Session, dashboard_id: int, number: int) -> DashboardVersion | None:
    query = select(DashboardVersion).where(
        DashboardVersion.dashboard_id == dashboard_id, DashboardVersion.version == number
    )
    return db.scalars(query).first()


def mark_deleted(db: Session, dashboard: Dashboard) -> None:
    """Move the dashboard aside (``name~id``) so its path is free, and stamp it deleted."""
    dashboard.deleted_at = utcnow()
    dashboard.name = f"{dashboard.name}~{dashboard.id}"[:100]
    db.flush()


@dataclass(frozen=True)
class DashboardFilter:
    """What a listing asks for; ``visible`` is the permission condition of the caller."""

    folder: str | None = None
    recursive: bool = False
    search: str = ""
    owner_id: int | None = None
    only_owner_or_global: int | None = None
    deleted: bool = False


def _folder_condition(folder: str, recursive: bool) -> ColumnElement[bool]:
    if not recursive:
        return Dashboard.folder == folder
    if not folder:
        return Dashboard.id.is_not(None)
    prefix = folder + "/"
    # substr, not LIKE: SQLite's LIKE ignores case, PostgreSQL's does not.
    return or_(Dashboard.folder == folder, func.substr(Dashboard.folder, 1, len(prefix)) == prefix)


def _filtered(query: Select[Any], wanted: DashboardFilter) -> Select[Any]:
    query = query.where(
        Dashboard.deleted_at.is_not(None) if wanted.deleted else Dashboard.deleted_at.is_(None)
    )
    if wanted.folder is not None:
        query = query.where(_folder_condition(wanted.folder, wanted.recursive))
    if wanted.search:
        needle = f"%{wanted.search.lower()}%"
        query = query.where(
            or_(
                func.lower(Dashboard.title).like(needle),
                func.lower(Dashboard.name).like(needle),
                func.lower(Dashboard.description).like(needle),
            )
        )
    if wanted.owner_id is not None:
        query = query.where(Dashboard.created_by == wanted.owner_id)
    if wanted.only_owner_or_global is not None:
        query = query.where(
            or_(Dashboard.created_by == wanted.only_owner_or_global, Dashboard.is_global)
        )
    return query


def find_dashboards(db: Session, wanted: DashboardFilter) -> Sequence[Dashboard]:
    """Every dashboard matching ``wanted``, by folder then name (permissions are applied by
    the caller, which knows the folder grants)."""
    query = _filtered(select(Dashboard), wanted).order_by(Dashboard.folder, Dashboard.name)
    return db.scalars(query).all()


def dashboards_in_folder(db: Session, folder: str) -> Sequence[Dashboard]:
    return find_dashboards(db, DashboardFilter(folder=folder))


def folders_below(db: Session, folder: str) -> list[str]:
    """Every stored folder path strictly inside ``folder`` (any depth) with live dashboards
    or notebook dashboards (the two share one tree of folders)."""
    condition: ColumnElement[bool]
    if folder:
        prefix = folder + "/"
        condition = func.substr(Dashboard.folder, 1, len(prefix)) == prefix
    else:
        condition = Dashboard.folder != ""
    query = select(Dashboard.folder).where(and_(condition, _live())).distinct()
    found = set(db.scalars(query).all()) | set(notebook_folders_below(db, folder))
    return sorted(found)


def owner_names(db: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    query = select(User.id, User.name).where(User.id.in_(user_ids))
    return {user_id: name for user_id, name in db.execute(query).all()}
