"""Saving dashboards and finding them by path, with folder listings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.paths import join_path, split_path
from gaugeboard.dashboards.validation import parse_document
from gaugeboard.errors import Conflict
from gaugeboard.store import dashboards as store
from gaugeboard.store.database import begin_write
from gaugeboard.store.models import Dashboard
from gaugeboard.store.types import iso_utc

INDEX_NAME = "index"


@dataclass(frozen=True)
class FolderListing:
    folder: str
    subfolders: list[str]
    dashboards: list[Dashboard]


def create_dashboard(db: Session, raw: Any, created_by: int | None) -> Dashboard:
    """Validate and store a new dashboard; the caller commits."""
    document = parse_document(raw)
    begin_write(db)
    if store.find_dashboard(db, document.folder, document.name) is not None:
        path = join_path(document.folder, document.name)
        raise Conflict(f"name: a dashboard already exists at {path!r}")
    return store.insert_dashboard(
        db,
        folder=document.folder,
        name=document.name,
        title=document.title,
        description=document.description,
        document=document.model_dump(mode="json"),
        created_by=created_by,
    )


def find_by_path(db: Session, path: str) -> Dashboard | None:
    folder, name = split_path(path)
    if not name:
        return None
    return store.find_dashboard(db, folder, name)


def list_folder(db: Session, folder: str) -> FolderListing | None:
    """Immediate subfolders and dashboards of ``folder``; None when nothing is stored there."""
    dashboards = list(store.dashboards_in_folder(db, folder))
    depth = folder.count("/") + 1 if folder else 0
    below = store.folders_below(db, folder)
    subfolders = sorted({"/".join(path.split("/")[: depth + 1]) for path in below})
    if folder and not dashboards and not subfolders:
        return None
    return FolderListing(folder=folder, subfolders=subfolders, dashboards=dashboards)


def index_dashboard(listing: FolderListing) -> Dashboard | None:
    """A folder holding a dashboard named ``index`` shows it instead of the listing."""
    return next((d for d in listing.dashboards if d.name == INDEX_NAME), None)


def document_of(dashboard: Dashboard) -> DashboardDocument:
    return DashboardDocument.model_validate(dashboard.document)


def describe_dashboard(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "id": dashboard.id,
        "path": join_path(dashboard.folder, dashboard.name),
        "folder": dashboard.folder,
        "name": dashboard.name,
        "title": dashboard.title,
        "description": dashboard.description,
        "version": dashboard.version,
        "widgets": len(dashboard.document.get("widgets", [])),
        "created_at": iso_utc(dashboard.created_at),
        "updated_at": iso_utc(dashboard.updated_at),
    }
