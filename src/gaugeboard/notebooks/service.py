"""Notebook dashboards: upload (a new version each time), delete, find by path (and the
bundle file under a path), render through the per-process cache, and clear caches.

The trusted caller is a request (the seed API or a page) with its principal and dashboard
actor: permission checks come first, the upload is unpacked and checked outside the
transaction, then one write transaction claims the path (shared with JSON dashboards),
moves the files into place, adds the version row and the activity entry, and commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from gaugeboard.auth.principal import Principal
from gaugeboard.dashboards.data_cache import SourceCache
from gaugeboard.dashboards.paths import folder_problems, join_path, segment_problem, split_path
from gaugeboard.dashboards.permissions import (
    Actor,
    can_create,
    can_view,
    can_view_folder,
    can_view_in_folder,
    require,
)
from gaugeboard.errors import Conflict, NotFound, ValidationFailed
from gaugeboard.notebooks.document import notebook_title
from gaugeboard.notebooks.files import NOTEBOOK_SUFFIX, NotebookFiles
from gaugeboard.notebooks.kernel import KernelSlots
from gaugeboard.notebooks.render import RenderedNotebook, render_notebook
from gaugeboard.notebooks.render_cache import RenderCache
from gaugeboard.notebooks.unpack import UnpackLimits, unpack_upload
from gaugeboard.store import dashboards as dashboard_store
from gaugeboard.store import notebooks as store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write, lock_name
from gaugeboard.store.notebook_models import Notebook, NotebookVersion
from gaugeboard.store.types import iso_utc

UPLOADED = "Notebook successfully uploaded"


@dataclass(frozen=True)
class NotebookPlace:
    """A mounted gaugeboard's notebook files, upload limits, render cache and kernel slots."""

    files: NotebookFiles
    limits: UnpackLimits
    cache: RenderCache
    kernels: KernelSlots = field(default_factory=lambda: KernelSlots(2))


def notebook_path(path: str) -> tuple[str, str]:
    """``[PATH/]NAME`` of the upload API as folder and name (a ``.ipynb`` ending is the
    file's, not the name's); ValidationFailed naming each bad part."""
    folder, name = split_path(path)
    if name.lower().endswith(NOTEBOOK_SUFFIX):
        name = name[: -len(NOTEBOOK_SUFFIX)]
    problems = [f"path: {problem}" for problem in folder_problems(folder)]
    problem = segment_problem(name) if name else "a name is needed: POST /_api/notebooks/NAME"
    if problem:
        problems.append(f"path: {problem}")
    if problems:
        raise ValidationFailed(problems)
    return folder, name


def can_view_notebook(actor: Actor, notebook: Notebook) -> bool:
    return can_view_in_folder(actor, notebook.folder, f"notebook:{notebook.id}")


def _may_write(actor: Actor, folder: str) -> None:
    require(
        can_create(actor, folder), f"folder: you may not change dashboards in {folder or '(top)'!r}"
    )


def upload_notebook(
    db: Session,
    place: NotebookPlace,
    principal: Principal,
    actor: Actor,
    path: str,
    upload: tuple[str, IO[bytes]],
) -> Notebook:
    """Store ``upload`` (file name, stream) as the newest version of the notebook at
    ``path``, creating it when new; logged; commits. 409 when a JSON dashboard is there."""
    folder, name = notebook_path(path)
    _may_write(actor, folder)
    filename, stream = upload
    with place.files.incoming() as incoming:
        unpacked = unpack_upload(filename, stream, incoming, place.limits)
        begin_write(db)
        lock_name(db, f"dashboard-path:{join_path(folder, name)}")
        if dashboard_store.find_dashboard(db, folder, name) is not None:
            raise Conflict(
                f"path: a JSON dashboard already exists at {join_path(folder, name)!r}; "
                "a path holds one dashboard"
            )
        notebook = store.find_notebook(db, folder, name)
        if notebook is None:
            notebook = store.insert_notebook(db, folder, name, name, principal.user_id)
        else:
            store.lock_notebook(db, notebook)
        number = store.next_version_number(db, notebook.id)
        place.files.keep(incoming, notebook.id, number)
        version = NotebookVersion(
            notebook_id=notebook.id,
            version=number,
            action="upload",
            kind=unpacked.kind,
            resources_version=number,
            files=unpacked.files,
            size_bytes=unpacked.size_bytes,
            sha256=unpacked.sha256,
            author_id=principal.user_id,
            note=filename.replace("\0", "")[-200:],
        )
        store.add_version(db, version)
        notebook.version = number
        notebook.title = notebook_title(unpacked.notebook, name)
        notebook.updated_by = principal.user_id
        detail = {"id": notebook.id, "version": number, "kind": unpacked.kind}
        record_activity(db, principal, "notebook.upload", join_path(folder, name), detail)
        db.commit()
    place.cache.forget(notebook.id)
    return notebook


def find_notebook_at(db: Session, path: str) -> Notebook | None:
    """The live notebook dashboard at ``path``, or None."""
    folder, name = split_path(path)
    if not name:
        return None
    return store.find_notebook(db, folder, name)


def find_bundle_file(db: Session, place: NotebookPlace, path: str) -> tuple[Notebook, Path] | None:
    """The notebook whose bundle holds the file at ``path`` (``a/b/img.png``: notebook
    ``a/b``, file ``img.png``; the deepest notebook wins) and that file, or None."""
    parts = [part for part in path.strip("/").split("/") if part]
    for cut in range(len(parts) - 1, 0, -1):
        notebook = store.find_notebook(db, "/".join(parts[: cut - 1]), parts[cut - 1])
        if notebook is None:
            continue
        version = current_version(db, notebook)
        found = place.files.resource(notebook.id, version.resources_version, "/".join(parts[cut:]))
        if found is not None:
            return notebook, found
    return None


def current_version(db: Session, notebook: Notebook) -> NotebookVersion:
    version = store.get_version(db, notebook.id, notebook.version)
    if version is None:
        raise NotFound(f"notebook {notebook.id} has no version {notebook.version}")
    return version


def _refusal(db: Session, place: NotebookPlace, actor: Actor, path: str) -> Exception:
    """Why ``path`` (which holds no notebook dashboard) cannot be deleted: 400 naming what
    is there, or 404 when nothing the caller may see is."""
    folder, name = split_path(path)
    dashboard = dashboard_store.find_dashboard(db, folder, name) if name else None
    if dashboard is not None and can_view(actor, dashboard):
        return ValidationFailed(
            f"path: {path!r} is a JSON dashboard, not a notebook dashboard "
            f"(DELETE /api/dashboard/{dashboard.id} deletes it)"
        )
    found = find_bundle_file(db, place, path)
    if found is not None and can_view_notebook(actor, found[0]):
        owner = join_path(found[0].folder, found[0].name)
        return ValidationFailed(
            f"path: {path!r} is a file of the bundle {owner!r}; "
            "only a whole notebook dashboard can be deleted"
        )
    is_folder = not path or path in dashboard_store.folders_below(db, folder)
    if is_folder and can_view_folder(actor, path):
        return ValidationFailed(f"path: {path or '/'!r} is a folder, not a notebook dashboard")
    return NotFound(f"path: no notebook dashboard at {path!r}")


def delete_notebook(
    db: Session, place: NotebookPlace, principal: Principal, actor: Actor, path: str
) -> None:
    """Delete the notebook dashboard at ``path`` (its row, versions and files are kept;
    the path is free again); logged; commits. 400 for anything else there, 404 for
    nothing."""
    key = path.strip("/")
    folder, name = split_path(key)
    if name.lower().endswith(NOTEBOOK_SUFFIX):
        name = name[: -len(NOTEBOOK_SUFFIX)]
    notebook = store.find_notebook(db, folder, name) if name else None
    if notebook is None or not can_view_notebook(actor, notebook):
        raise _refusal(db, place, actor, key)
    _may_write(actor, notebook.folder)
    begin_write(db)
    store.lock_notebook(db, notebook)
    if notebook.deleted_at is not None:
        raise NotFound(f"path: no notebook dashboard at {key!r}")
    detail = {"id": notebook.id, "version": notebook.version}
    store.mark_deleted(db, notebook)
    record_activity(db, principal, "notebook.delete", join_path(folder, name), detail)
    db.commit()
    place.cache.forget(notebook.id)


def clear_caches(
    db: Session,
    place: NotebookPlace,
    data_cache: SourceCache,
    principal: Principal,
    actor: Actor,
    path: str | None,
) -> dict[str, int]:
    """Empty this process's render cache and dashboard data cache (``path`` None), or the
    entries of one dashboard: a notebook's renderings, or for a JSON dashboard the whole
    data cache (its sources may be shared with other dashboards). Logged; commits."""
    key = (path or "").strip("/")
    folder = split_path(key)[0] if key else ""
    _may_write(actor, folder)
    cleared = {"notebooks": 0, "sources": 0}
    if not key:
        cleared = {"notebooks": place.cache.clear(), "sources": data_cache.clear()}
    else:
        notebook = find_notebook_at(db, key)
        if notebook is not None:
            cleared["notebooks"] = place.cache.forget(notebook.id)
        elif dashboard_store.find_dashboard(db, *split_path(key)) is not None:
            cleared["sources"] = data_cache.clear()
    begin_write(db)
    record_activity(db, principal, "cache.clear", key or "/", cleared)
    db.commit()
    return cleared


def rendered_notebook(db: Session, place: NotebookPlace, notebook: Notebook) -> RenderedNotebook:
    """The notebook's current version drawn as widgets, from the cache or rendered now."""
    return rendered_version(place, notebook, current_version(db, notebook))


def rendered_version(
    place: NotebookPlace, notebook: Notebook, version: NotebookVersion
) -> RenderedNotebook:
    """One version drawn as widgets (a page loaded before a new upload still finds its
    frames and pictures)."""

    def render() -> RenderedNotebook:
        document = place.files.read_notebook(notebook.id, version.version)
        resources = place.files.resource_names(notebook.id, version.resources_version)
        return render_notebook(document, resources)

    return place.cache.get((notebook.id, version.version), render)


def describe_notebook(notebook: Notebook, owners: dict[int, str] | None = None) -> dict[str, Any]:
    """A notebook dashboard as listings show it (the fields of a JSON dashboard's)."""
    return {
        "id": notebook.id,
        "kind": "notebook",
        "path": join_path(notebook.folder, notebook.name),
        "folder": notebook.folder,
        "name": notebook.name,
        "title": notebook.title,
        "version": notebook.version,
        "owner": (owners or {}).get(notebook.created_by or 0),
        "created_at": iso_utc(notebook.created_at),
        "updated_at": iso_utc(notebook.updated_at),
    }
