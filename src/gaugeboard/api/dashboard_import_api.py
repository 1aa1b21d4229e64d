"""``POST /api/dashboard/import``: dashboard files sent by the browser (the Browse page's
Import) or a script, planned and applied like ``gaugeboard dashboards import``.

Every file is checked before anything is stored: one bad file, or one target the caller
may not write, refuses the whole import (``dashboards.edits.import_files`` checks the
targets and saves the files in one transaction with their activity entries).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Blueprint, Response

from gaugeboard.api.dashboard_models import ImportBody, ImportFile, ImportPlanned
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards import edits
from gaugeboard.dashboards.transfer import ImportPlan, native_document, parse_text
from gaugeboard.http.contract import checked_body, described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session

Reader = Callable[[], dict[str, Any]]


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboard/import", view_func=dashboard_import, methods=["POST"])


@access(Access.EDITOR)
@described(json=ImportBody, responses={200: ImportPlanned}, tags=["dashboards"])
def dashboard_import() -> Response:
    """Plan (``dry_run``) or apply an import; 400 lists every problem of every file."""
    principal = require_principal()
    global_user = str(current_state().settings["DASHBOARD_GLOBAL_USER"])
    wanted = checked_body(ImportBody)
    files = [(item.name, reader(item, global_user)) for item in wanted.files]
    plan = edits.import_files(
        db_session(), principal, dashboard_actor(), files, wanted.folder, wanted.dry_run
    )
    return json_response({"ok": True, "dry_run": wanted.dry_run, "plan": plan_rows(plan)})


def plan_rows(plan: ImportPlan) -> list[dict[str, str]]:
    return [
        {"file": planned.file, "path": planned.path, "action": planned.action}
        for planned in plan.files
    ]


def reader(item: ImportFile, global_user: str) -> Reader:
    """The document as sent, or ``text``: the file's unparsed text (the browser sends it
    when it cannot parse the file, so the problem names the line and column)."""
    if item.document is not None:
        return partial(native_document, item.document, global_user)
    return partial(parse_text, item.text or "", global_user)
