"""``POST /api/dashboard/import``: dashboard files sent by the browser (the Browse page's
Import) or a script, planned and applied like ``gaugeboard dashboards import``.

Every file is checked before anything is stored: one bad file, or one target the caller
may not write, refuses the whole import (``dashboards.edits.import_files`` checks the
targets and saves the files in one transaction with their activity entries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from flask import Blueprint, Response

from gaugeboard.api.dashboard_models import ImportBody, ImportPlanned
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards import edits
from gaugeboard.dashboards.transfer import MAX_FILES, ImportPlan, native_document, parse_text
from gaugeboard.errors import ValidationFailed
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session

MAX_FILE_NAME = 255
BODY_KEYS = frozenset({"folder", "dry_run", "files"})
FILE_KEYS = frozenset({"name", "document", "text"})
Reader = Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class ImportRequest:
    """The checked body: where to import, whether to only plan, and each file's reader."""

    folder: str
    dry_run: bool
    files: list[tuple[str, Reader]]


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboard/import", view_func=dashboard_import, methods=["POST"])


@access(Access.EDITOR)
@described(json=ImportBody, responses={200: ImportPlanned}, tags=["dashboards"], check=False)
def dashboard_import() -> Response:
    """Plan (``dry_run``) or apply an import; 400 lists every problem of every file."""
    principal = require_principal()
    global_user = str(current_state().settings["DASHBOARD_GLOBAL_USER"])
    wanted = import_request(json_object(), global_user)
    plan = edits.import_files(
        db_session(), principal, dashboard_actor(), wanted.files, wanted.folder, wanted.dry_run
    )
    return json_response({"ok": True, "dry_run": wanted.dry_run, "plan": plan_rows(plan)})


def plan_rows(plan: ImportPlan) -> list[dict[str, str]]:
    return [
        {"file": planned.file, "path": planned.path, "action": planned.action}
        for planned in plan.files
    ]


def import_request(body: dict[str, Any], global_user: str) -> ImportRequest:
    """The body checked field by field; ValidationFailed names every wrong field."""
    problems = [f"{key}: unknown field" for key in sorted(set(body) - BODY_KEYS)]
    folder = body.get("folder", "")
    if not isinstance(folder, str):
        problems.append("folder: must be a string (a folder path such as 'team/reports')")
        folder = ""
    dry_run = body.get("dry_run", False)
    if not isinstance(dry_run, bool):
        problems.append("dry_run: must be true or false")
    files = _files(body.get("files"), global_user, problems)
    if problems:
        raise ValidationFailed(problems)
    return ImportRequest(folder=folder, dry_run=bool(dry_run), files=files)


def _files(value: Any, global_user: str, problems: list[str]) -> list[tuple[str, Reader]]:
    if not isinstance(value, list) or not value:
        problems.append("files: must be a list of 1 or more files ({name, document})")
        return []
    if len(value) > MAX_FILES:
        problems.append(f"files: at most {MAX_FILES} files in one import, not {len(value)}")
        return []
    files: list[tuple[str, Reader]] = []
    first: dict[str, int] = {}
    for index, item in enumerate(value):
        where = f"files[{index}]"
        name = _file_name(item, where, problems)
        reader = _reader(item, where, global_user, problems)
        if name is None or reader is None:
            continue
        if name in first:
            problems.append(f"{where}.name: {name!r} is also the name of files[{first[name]}]")
            continue
        first[name] = index
        files.append((name, reader))
    return files


def _file_name(item: Any, where: str, problems: list[str]) -> str | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: must be an object with name and document")
        return None
    problems.extend(f"{where}.{key}: unknown field" for key in sorted(set(item) - FILE_KEYS))
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}.name: required (the file's name, such as 'sales.json')")
        return None
    if len(name) > MAX_FILE_NAME:
        problems.append(f"{where}.name: at most {MAX_FILE_NAME} characters")
        return None
    return name


def _reader(item: Any, where: str, global_user: str, problems: list[str]) -> Reader | None:
    """The document as sent, or ``text``: the file's unparsed text (the browser sends it
    when it cannot parse the file, so the problem names the line and column)."""
    if not isinstance(item, dict):
        return None
    if ("document" in item) == ("text" in item):
        problems.append(f"{where}: send exactly one of document (the parsed file) or text")
        return None
    if "document" in item:
        return partial(native_document, item["document"], global_user)
    text = item["text"]
    if not isinstance(text, str):
        problems.append(f"{where}.text: must be a string (the file's content)")
        return None
    return partial(parse_text, text, global_user)
