"""Queries on notebook dashboards, addressed by folder and name, and their versions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from gaugeboard.store.database import flush_or_conflict
from gaugeboard.store.notebook_models import Notebook, NotebookVersion
from gaugeboard.store.types import utcnow


def _live() -> ColumnElement[bool]:
    return Notebook.deleted_at.is_(None)


def find_notebook(db: Session, folder: str, name: str) -> Notebook | None:
    query = select(Notebook).where(Notebook.folder == folder, Notebook.name == name, _live())
    return db.scalars(query).first()


def get_notebook(db: Session, notebook_id: int) -> Notebook | None:
    """A live notebook by id."""
    notebook = db.get(Notebook, notebook_id)
    return notebook if notebook is not None and notebook.deleted_at is None else None


def lock_notebook(db: Session, notebook: Notebook) -> None:
    """Read the row again, locked until the transaction ends (PostgreSQL; SQLite's write
    transaction already excludes other writers), so two saves number their versions in turn."""
    db.refresh(notebook, with_for_update=True)


def insert_notebook(
    db: Session, folder: str, name: str, title: str, created_by: int | None
) -> Notebook:
    notebook = Notebook(
        folder=folder,
        name=name,
        title=title,
        version=0,
        created_by=created_by,
        updated_by=created_by,
    )
    db.add(notebook)
    path = f"{folder}/{name}" if folder else name
    flush_or_conflict(db, f"name: a dashboard already exists at {path!r}")
    return notebook


def next_version_number(db: Session, notebook_id: int) -> int:
    """One more than the highest version stored (a version is never numbered twice, even
    when the current one is older than the newest)."""
    query = select(func.max(NotebookVersion.version)).where(
        NotebookVersion.notebook_id == notebook_id
    )
    return int(db.scalar(query) or 0) + 1


def add_version(db: Session, version: NotebookVersion) -> NotebookVersion:
    db.add(version)
    flush_or_conflict(db, "version: someone else saved this notebook at the same moment")
    return version


def get_version(db: Session, notebook_id: int, number: int) -> NotebookVersion | None:
    query = select(NotebookVersion).where(
        NotebookVersion.notebook_id == notebook_id, NotebookVersion.version == number
    )
    return db.scalars(query).first()


def list_versions(db: Session, notebook_id: int) -> Sequence[NotebookVersion]:
    query = (
        select(NotebookVersion)
        .where(NotebookVersion.notebook_id == notebook_id)
        .order_by(NotebookVersion.version.desc())
    )
    return db.scalars(query).all()


def mark_deleted(db: Session, notebook: Notebook) -> None:
    """Move the notebook aside (``name~id``) so its path is free, and stamp it deleted."""
    notebook.deleted_at = utcnow()
    notebook.name = f"{notebook.name}~{notebook.id}"[:100]
    db.flush()


def _folder_condition(folder: str, recursive: bool) -> ColumnElement[bool]:
    if not recursive:
        return Notebook.folder == folder
    if not folder:
        return Notebook.id.is_not(None)
    prefix = folder + "/"
    # substr, not LIKE: SQLite's LIKE ignores case, PostgreSQL's does not.
    return or_(Notebook.folder == folder, func.substr(Notebook.folder, 1, len(prefix)) == prefix)


def find_notebooks(
    db: Session, folder: str, recursive: bool = False, search: str = ""
) -> Sequence[Notebook]:
    """Live notebooks in ``folder`` (and below it when ``recursive``) whose title or name
    contains ``search``, by folder then name (permissions are the caller's)."""
    query = select(Notebook).where(_live(), _folder_condition(folder, recursive))
    if search:
        needle = f"%{search.lower()}%"
        query = query.where(
            or_(func.lower(Notebook.title).like(needle), func.lower(Notebook.name).like(needle))
        )
    return db.scalars(query.order_by(Notebook.folder, Notebook.name)).all()


def notebook_folders_below(db: Session, folder: str) -> list[str]:
    """Every folder path strictly inside ``folder`` (any depth) with live notebooks."""
    condition: ColumnElement[bool]
    if folder:
        prefix = folder + "/"
        condition = func.substr(Notebook.folder, 1, len(prefix)) == prefix
    else:
        condition = Notebook.folder != ""
    query = select(Notebook.folder).where(condition, _live()).distinct()
    return sorted(db.scalars(query).all())
