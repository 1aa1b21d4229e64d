"""Dashboards as files, to keep them in git: export a folder, import a directory back.

An import is planned first: every file is read and validated, and compared with what is
stored. Only a plan with no problem at all can be applied, in one transaction; a dry run
just shows the plan. Where a file sits in the directory does not matter: the document's
``folder`` and ``name`` say where it goes (below the import's folder prefix).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.jsondash_import import convert_jsondash, is_jsondash
from gaugeboard.dashboards.paths import folder_problems, join_path
from gaugeboard.dashboards.permissions import Actor
from gaugeboard.dashboards.service import create_dashboard, document_of, update_dashboard
from gaugeboard.dashboards.validation import parse_document
from gaugeboard.errors import Conflict, Forbidden, NotFound, ValidationFailed
from gaugeboard.json_text import UnreadableJson, load_json, value_problems
from gaugeboard.store import dashboards as store
from gaugeboard.store.dashboard_models import Dashboard

Action = Literal["create", "update", "unchanged"]
IMPORT_NOTE = "imported from files"
# The most files one import through the API or the import page may carry.
MAX_FILES = 200


@dataclass(frozen=True)
class PlannedFile:
    """What importing one file does. ``version`` is the stored version it was compared
    with: an update is refused when someone saved another version since."""

    file: str
    path: str
    action: Action
    document: dict[str, Any]
    version: int | None = None


@dataclass(frozen=True)
class ImportPlan:
    files: tuple[PlannedFile, ...]

    def count(self, action: Action) -> int:
        return sum(1 for planned in self.files if planned.action == action)


def document_text(document: dict[str, Any]) -> str:
    """Pretty JSON with sorted keys and a final newline, so changes diff well in git."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_folder(db: Session, folder: str, target_dir: Path) -> list[Path]:
    """Write every dashboard in ``folder`` and below as ``<target_dir>/<path>.json``;
    files already there are overwritten, others left alone. Returns the files written."""
    folder = folder.strip("/")
    problems = folder_problems(folder)
    if problems:
        raise ValidationFailed([f"folder: {problem}" for problem in problems])
    wanted = store.DashboardFilter(folder=folder, recursive=True)
    dashboards = store.find_dashboards(db, wanted)
    if not dashboards:
        raise NotFound(f"folder: no dashboards in {folder or '(top)'!r}")
    root = target_dir.resolve()
    written = []
    for dashboard in dashboards:
        target = root.joinpath(*dashboard.folder.split("/"), f"{dashboard.name}.json")
        if not target.is_relative_to(root):  # cannot happen with valid segments; be sure
            raise ValidationFailed(f"name: {dashboard.name!r} leaves the target directory")
        target.parent.mkdir(parents=True, exist_ok=True)
        document = {**dashboard.document, "folder": dashboard.folder, "name": dashboard.name}
        target.write_text(document_text(document), encoding="utf-8")
        written.append(target)
    return written


def read_document(path: Path, global_user: str = "global") -> dict[str, Any]:
    """The document a JSON file holds (a jsondash dashboard, which has ``modules``, is
    converted), not yet validated. ValidationFailed when it cannot be read or converted."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationFailed(f"(file): cannot read ({exc.strerror or exc})") from None
    return parse_text(data, global_user)


def parse_text(data: str | bytes, global_user: str = "global") -> dict[str, Any]:
    """The document a file's text holds, as ``read_document`` reads it (bad JSON is
    reported with its line and column)."""
    try:
        raw = load_json(data)
    except UnreadableJson as exc:
        raise ValidationFailed(f"(document): {exc}") from None
    problems = value_problems(raw, "(document)")
    if problems:
        raise ValidationFailed(problems)
    return native_document(raw, global_user)


def native_document(raw: Any, global_user: str = "global") -> dict[str, Any]:
    """A parsed gaugeboard document as it is, a jsondash one converted; not yet validated."""
    if is_jsondash(raw):
        return convert_jsondash(raw, global_user=global_user)
    if not isinstance(raw, dict):
        raise ValidationFailed("(document): must be a JSON object")
    return raw


def validate_file(path: Path, global_user: str = "global") -> DashboardDocument:
    """Read and validate one file; ValidationFailed lists every problem with its path."""
    return parse_document(read_document(path, global_user))


def document_files(directory: Path) -> Iterator[Path]:
    """Every ``*.json`` file below ``directory``, by path; hidden files and folders (such
    as ``.git``) are skipped."""
    for path in sorted(directory.rglob("*.json")):
        relative = path.relative_to(directory).parts
        if path.is_file() and not any(part.startswith(".") for part in relative):
            yield path


def plan_import(
    db: Session, source_dir: Path, folder_prefix: str = "", global_user: str = "global"
) -> ImportPlan:
    """Read and validate every file first; any problem raises ValidationFailed listing
    each as ``file: path: reason``. Otherwise each file is a create, update or unchanged."""
    files = (
        (path.relative_to(source_dir).as_posix(), partial(read_document, path, global_user))
        for path in document_files(source_dir)
    )
    return plan_documents(db, files, folder_prefix)


def plan_documents(
    db: Session, files: Iterable[tuple[str, Callable[[], dict[str, Any]]]], folder_prefix: str = ""
) -> ImportPlan:
    """``plan_import`` for named documents from anywhere (files, a request): each reader
    returns the unvalidated document or raises ValidationFailed."""
    prefix = folder_prefix.strip("/")
    problems = [f"folder prefix: {problem}" for problem in folder_problems(prefix)]
    if problems:
        raise ValidationFailed(problems)
    documents: dict[str, dict[str, Any]] = {}
    for file, read in files:
        try:
            raw = _below(prefix, read())
            documents[file] = parse_document(raw).model_dump(mode="json")
        except ValidationFailed as exc:
            problems.extend(f"{file}: {problem}" for problem in exc.errors)
    problems.extend(_same_paths(documents))
    if problems:
        raise ValidationFailed(problems)
    return ImportPlan(tuple(_planned(db, file, document) for file, document in documents.items()))


def _below(prefix: str, raw: dict[str, Any]) -> dict[str, Any]:
    folder = raw.get("folder", "")
    if not prefix or not isinstance(folder, str):
        return raw
    return {**raw, "folder": "/".join(part for part in (prefix, folder.strip("/")) if part)}


def _path_of(document: dict[str, Any]) -> str:
    return join_path(document["folder"], document["name"])


def _same_paths(documents: dict[str, dict[str, Any]]) -> list[str]:
    first_file: dict[str, str] = {}
    problems = []
    for file, document in documents.items():
        path = _path_of(document)
        if path in first_file:
            problems.append(f"{file}: name: {path!r} is also the path of {first_file[path]}")
        first_file.setdefault(path, file)
    return problems


def _planned(db: Session, file: str, document: dict[str, Any]) -> PlannedFile:
    path = _path_of(document)
    stored = store.find_dashboard(db, document["folder"], document["name"])
    if stored is None:
        return PlannedFile(file=file, path=path, action="create", document=document)
    same = document_of(stored).model_dump(mode="json") == document
    action: Action = "unchanged" if same else "update"
    return PlannedFile(file, path, action, document, version=stored.version)


def apply_import(
    db: Session, plan: ImportPlan, author_id: int | None, actor: Actor | None = None
) -> list[Dashboard]:
    """Create and update what ``plan`` says; the caller commits, so it is one transaction.
    A dashboard saved or created by someone else since the plan was made raises Conflict.
    With an ``actor`` (a web request) every save checks the permission rules too."""
    written = []
    for planned in plan.files:
        if planned.action == "unchanged":
            continue
        try:
            written.append(_apply(db, planned, author_id, actor))
        except (Conflict, Forbidden, ValidationFailed) as exc:
            raise type(exc)([f"{planned.file}: {problem}" for problem in exc.errors]) from None
    return written


def _apply(
    db: Session, planned: PlannedFile, author_id: int | None, actor: Actor | None
) -> Dashboard:
    if planned.action == "create":
        return create_dashboard(db, planned.document, author_id, actor, note=IMPORT_NOTE)
    folder, name = planned.document["folder"], planned.document["name"]
    stored = store.find_dashboard(db, folder, name)
    if stored is None:
        raise Conflict(f"name: {planned.path!r} was deleted after the import was planned")
    return update_dashboard(
        db,
        stored,
        planned.document,
        author_id,
        expected_version=planned.version,
        note=IMPORT_NOTE,
        actor=actor,
    )
