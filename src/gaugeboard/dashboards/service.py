"""Saving dashboards and finding them by path: create, update with a version check, move,
clone, delete and restore, each save recorded as a version.

``actor`` None means a trusted caller (the CLI, an import); otherwise every operation
checks the permission rules first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.paths import immediate_subfolders, join_path, split_path
from gaugeboard.dashboards.permissions import (
    Actor,
    can_clone,
    can_create,
    can_delete,
    can_edit_global,
    can_update,
    require,
)
from gaugeboard.dashboards.validation import parse_document
from gaugeboard.errors import Conflict, NotFound, ValidationFailed
from gaugeboard.store import dashboards as store
from gaugeboard.store import notebooks as notebook_store
from gaugeboard.store.dashboard_models import Dashboard, DashboardVersion
from gaugeboard.store.database import begin_write, lock_name
from gaugeboard.store.types import iso_utc

INDEX_NAME = "index"
MAX_NOTE_LENGTH = 1000


@dataclass(frozen=True)
class FolderListing:
    folder: str
    subfolders: list[str]
    dashboards: list[Dashboard]


def _global_flag(document: DashboardDocument) -> bool:
    return (document.model_extra or {}).get("global") is True


def _check_global(actor: Actor | None, wanted: bool, current: bool) -> None:
    if actor is None or wanted == current:
        return
    if wanted and not actor.allow_global:
        raise ValidationFailed("global: global dashboards are turned off (DASHBOARD_GLOBAL)")
    require(can_edit_global(actor), "global: you may not change whether a dashboard is global")


def claim_path(db: Session, folder: str, name: str) -> None:
    """Hold ``folder/name`` for this write transaction, and refuse it (409) when a JSON
    dashboard or a notebook dashboard is already there: the two share one path space."""
    path = join_path(folder, name)
    lock_name(db, f"dashboard-path:{path}")
    if store.find_dashboard(db, folder, name) is not None:
        raise Conflict(f"name: a dashboard already exists at {path!r}")
    if notebook_store.find_notebook(db, folder, name) is not None:
        raise Conflict(f"name: a notebook dashboard already exists at {path!r}")


def _check_note(note: str) -> str:
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationFailed(f"note: at most {MAX_NOTE_LENGTH} characters")
    return note


def create_dashboard(
    db: Session, raw: Any, created_by: int | None, actor: Actor | None = None, note: str = ""
) -> Dashboard:
    """Validate and store a new dashboard with its first version; the caller commits."""
    document = parse_document(raw)
    if actor is not None:
        require(
            can_create(actor, document.folder),
            f"folder: you may not create dashboards in {document.folder or '(top)'!r}",
        )
    _check_global(actor, _global_flag(document), False)
    begin_write(db)
    claim_path(db, document.folder, document.name)
    dashboard = store.insert_dashboard(
        db,
        folder=document.folder,
        name=document.name,
        title=document.title,
        description=document.description,
        document=document.model_dump(mode="json"),
        created_by=created_by,
        is_global=_global_flag(document),
    )
    store.add_version(db, dashboard, "create", created_by, _check_note(note))
    return dashboard


def update_dashboard(
    db: Session,
    dashboard: Dashboard,
    raw: Any,
    author_id: int | None,
    expected_version: int | None = None,
    note: str = "",
    actor: Actor | None = None,
    action: str = "update",
) -> Dashboard:
    """Replace the document (moving the dashboard when its folder or name changed).
    ``expected_version`` is the version the editor started from: any other current
    version means someone saved in between, and the save is refused (409)."""
    document = parse_document(raw)
    if actor is not None:
        require(can_update(actor, dashboard), "you may not change this dashboard")
        if document.folder != dashboard.folder:
            require(
                can_create(actor, document.folder),
                f"folder: you may not move dashboards to {document.folder or '(top)'!r}",
            )
    _check_global(actor, _global_flag(document), dashboard.is_global)
    begin_write(db)
    db.refresh(dashboard)
    if expected_version is not None and expected_version != dashboard.version:
        raise Conflict(
            f"version: this dashboard was saved as version {dashboard.version} at "
            f"{iso_utc(dashboard.updated_at)} after version {expected_version} you started "
            "from; reload it and apply your change again"
        )
    if (document.folder, document.name) != (dashboard.folder, dashboard.name):
        claim_path(db, document.folder, document.name)
    dashboard.folder, dashboard.name = document.folder, document.name
    dashboard.title, dashboard.description = document.title, document.description
    dashboard.document = document.model_dump(mode="json")
    dashboard.is_global = _global_flag(document)
    dashboard.updated_by = author_id
    dashboard.version += 1
    store.flush_path(db, dashboard.folder, dashboard.name)
    store.add_version(db, dashboard, action, author_id, _check_note(note))
    return dashboard


def clone_dashboard(
    db: Session,
    dashboard: Dashboard,
    author_id: int | None,
    name: str | None = None,
    folder: str | None = None,
    actor: Actor | None = None,
) -> Dashboard:
    """A copy titled ``Clone of <title>`` beside the original (or at folder/name)."""
    target_folder = dashboard.folder if folder is None else folder.strip("/")
    if actor is not None:
        require(can_clone(actor, dashboard, target_folder), "you may not clone this dashboard")
    raw = dict(dashboard.document)
    raw["title"] = f"Clone of {dashboard.title}"[:200]
    raw["folder"] = target_folder
    raw["name"] = name or free_name(db, target_folder, f"{dashboard.name}-copy")
    raw.pop("global", None)
    return create_dashboard(db, raw, author_id, actor=None, note=f"cloned from {dashboard.id}")


def free_name(db: Session, folder: str, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first name no dashboard in ``folder`` has."""
    base = base[:90]
    candidate, number = base, 2
    while store.find_dashboard(db, folder, candidate) is not None:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def delete_dashboard(
    db: Session, dashboard: Dashboard, author_id: int | None, actor: Actor | None = None
) -> None:
    """Keep the dashboard and its history, restorable; its path is free again."""
    if actor is not None:
        require(can_delete(actor, dashboard), "you may not delete this dashboard")
    begin_write(db)
    dashboard.version += 1
    dashboard.updated_by = author_id
    store.mark_deleted(db, dashboard)
    store.add_version(db, dashboard, "delete", author_id, "")


def restore_deleted(
    db: Session, dashboard: Dashboard, author_id: int | None, actor: Actor | None = None
) -> Dashboard:
    """Bring a deleted dashboard back at its old path (409 when that path is taken)."""
    folder, name = dashboard.document["folder"], dashboard.document["name"]
    if actor is not None:
        require(can_create(actor, folder), "you may not restore dashboards into this folder")
    begin_write(db)
    claim_path(db, folder, name)
    dashboard.deleted_at = None
    dashboard.name = name
    dashboard.version += 1
    dashboard.updated_by = author_id
    store.flush_path(db, folder, name)
    store.add_version(db, dashboard, "restore", author_id, "")
    return dashboard


def restore_version(
    db: Session,
    dashboard: Dashboard,
    number: int,
    author_id: int | None,
    actor: Actor | None = None,
) -> Dashboard:
    """Save an earlier version's document as the newest version."""
    version = version_of(db, dashboard, number)
    return update_dashboard(
        db,
        dashboard,
        version.document,
        author_id,
        note=f"restored version {number}",
        actor=actor,
        action="restore",
    )


def version_of(db: Session, dashboard: Dashboard, number: int) -> DashboardVersion:
    version = store.get_version(db, dashboard.id, number)
    if version is None:
        raise NotFound(f"version: dashboard {dashboard.id} has no version {number}")
    return version


def find_by_path(db: Session, path: str) -> Dashboard | None:
    folder, name = split_path(path)
    if not name:
        return None
    return store.find_dashboard(db, folder, name)


def list_folder(db: Session, folder: str) -> FolderListing | None:
    """Immediate subfolders and dashboards of ``folder``; None when nothing is stored there."""
    dashboards = list(store.dashboards_in_folder(db, folder))
    subfolders = immediate_subfolders(folder, store.folders_below(db, folder))
    if folder and not dashboards and not subfolders:
        return None
    return FolderListing(folder=folder, subfolders=subfolders, dashboards=dashboards)


def creatable_folders(db: Session, actor: Actor) -> list[str]:
    """Stored folders ``actor`` may create a dashboard in (the top level included as ""),
    for the new-dashboard page's folder picker."""
    folders = ["", *store.folders_below(db, "")]
    return [folder for folder in folders if can_create(actor, folder)]


def index_dashboard(listing: FolderListing) -> Dashboard | None:
    """A folder holding a dashboard named ``index`` shows it instead of the listing."""
    return next((d for d in listing.dashboards if d.name == INDEX_NAME), None)


def document_of(dashboard: Dashboard) -> DashboardDocument:
    return DashboardDocument.model_validate(dashboard.document)


def describe_dashboard(
    dashboard: Dashboard, owners: dict[int, str] | None = None
) -> dict[str, Any]:
    owner = (owners or {}).get(dashboard.created_by or 0)
    return {
        "id": dashboard.id,
        "path": join_path(dashboard.folder, dashboard.document.get("name", dashboard.name))
        if dashboard.deleted_at
        else join_path(dashboard.folder, dashboard.name),
        "folder": dashboard.folder,
        "name": dashboard.document.get("name", dashboard.name),
        "title": dashboard.title,
        "description": dashboard.description,
        "version": dashboard.version,
        "global": dashboard.is_global,
        "owner": owner,
        "widgets": len(dashboard.document.get("widgets", [])),
        "created_at": iso_utc(dashboard.created_at),
        "updated_at": iso_utc(dashboard.updated_at),
        "deleted_at": iso_utc(dashboard.deleted_at) if dashboard.deleted_at else None,
    }
