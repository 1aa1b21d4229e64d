"""A signed-in caller's changes to dashboards: create, update, delete, restore and clone,
and an import of files, each one write transaction that ends with its activity entries
and the commit.

The trusted caller is a request (the API or a page) that passes its principal and the
dashboard actor built from it; the rules themselves are checked by ``service`` before
anything is written. The CLI and imports call ``service`` directly and commit themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.auth.principal import Principal
from gaugeboard.dashboards import service
from gaugeboard.dashboards.paths import join_path
from gaugeboard.dashboards.permissions import (
    Actor,
    can_create,
    can_edit_global,
    can_update,
    can_view,
)
from gaugeboard.dashboards.transfer import ImportPlan, PlannedFile, apply_import, plan_documents
from gaugeboard.errors import Forbidden
from gaugeboard.store import dashboards as store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.dashboard_models import Dashboard


def record_dashboard(
    db: Session, principal: Principal, action: str, dashboard: Dashboard, **extra: Any
) -> None:
    """Log a dashboard change under its path, with its id and new version (not committed:
    it joins the change's own transaction)."""
    path = join_path(dashboard.folder, dashboard.name)
    detail = {"id": dashboard.id, "version": dashboard.version, **extra}
    record_activity(db, principal, action, path, detail)


def create(db: Session, principal: Principal, actor: Actor, raw: Any, note: str) -> Dashboard:
    """Validate and store a new dashboard, logged; commits."""
    dashboard = service.create_dashboard(db, raw, principal.user_id, actor=actor, note=note)
    record_dashboard(db, principal, "dashboard.create", dashboard)
    db.commit()
    return dashboard


def update(
    db: Session,
    principal: Principal,
    actor: Actor,
    dashboard: Dashboard,
    raw: Any,
    expected_version: int,
    note: str,
) -> Dashboard:
    """Replace the document of ``dashboard``, refused (409) when someone saved after
    ``expected_version``; logged; commits."""
    updated = service.update_dashboard(
        db,
        dashboard,
        raw,
        principal.user_id,
        expected_version=expected_version,
        note=note,
        actor=actor,
    )
    record_dashboard(db, principal, "dashboard.update", updated)
    db.commit()
    return updated


def delete(db: Session, principal: Principal, actor: Actor, dashboard: Dashboard) -> None:
    """Delete ``dashboard`` (restorable), logged under its path; commits."""
    dashboard_id, path = dashboard.id, join_path(dashboard.folder, dashboard.name)
    service.delete_dashboard(db, dashboard, principal.user_id, actor=actor)
    record_activity(db, principal, "dashboard.delete", path, {"id": dashboard_id})
    db.commit()


def restore_version(
    db: Session, principal: Principal, actor: Actor, dashboard: Dashboard, number: int
) -> Dashboard:
    """Save version ``number`` as the newest version, logged; commits."""
    restored = service.restore_version(db, dashboard, number, principal.user_id, actor=actor)
    record_dashboard(db, principal, "dashboard.restore", restored, restored_from=number)
    db.commit()
    return restored


def undelete(db: Session, principal: Principal, actor: Actor, dashboard: Dashboard) -> Dashboard:
    """Bring a deleted dashboard back at its old path, logged; commits."""
    restored = service.restore_deleted(db, dashboard, principal.user_id, actor=actor)
    record_dashboard(db, principal, "dashboard.restore", restored, undeleted=True)
    db.commit()
    return restored


def clone(
    db: Session,
    principal: Principal,
    actor: Actor,
    dashboard: Dashboard,
    name: str | None = None,
    folder: str | None = None,
) -> Dashboard:
    """Copy ``dashboard`` (by default beside it), logged; commits."""
    copy = service.clone_dashboard(
        db, dashboard, principal.user_id, name=name, folder=folder, actor=actor
    )
    record_dashboard(db, principal, "dashboard.clone", copy, source=dashboard.id)
    db.commit()
    return copy


def import_files(
    db: Session,
    principal: Principal,
    actor: Actor,
    files: list[tuple[str, Callable[[], dict[str, Any]]]],
    folder: str,
    dry_run: bool,
) -> ImportPlan:
    """Plan the import of ``files`` into ``folder`` and, unless ``dry_run``, apply it in
    one transaction with an activity entry per changed dashboard; commits. Every target the
    caller may not write is listed in one Forbidden, and nothing is stored."""
    plan = plan_documents(db, files, folder)
    refused = refusals(db, actor, plan)
    if refused:
        raise Forbidden(refused)
    if dry_run:
        return plan
    changed = [planned for planned in plan.files if planned.action != "unchanged"]
    written = apply_import(db, plan, principal.user_id, actor)
    for planned, dashboard in zip(changed, written, strict=True):
        action = f"dashboard.{planned.action}"
        record_dashboard(db, principal, action, dashboard, file=planned.file)
    db.commit()
    return plan


def refusals(db: Session, actor: Actor, plan: ImportPlan) -> list[str]:
    """One problem per file whose target the caller may not write. A dashboard the caller
    may not see is refused like a folder they may not create in, so nothing leaks."""
    problems = []
    for planned in plan.files:
        problem = _refusal(db, actor, planned)
        if problem:
            problems.append(f"{planned.file}: {problem}")
    return problems


def _refusal(db: Session, actor: Actor, planned: PlannedFile) -> str | None:
    folder, name = planned.document["folder"], planned.document["name"]
    stored = store.find_dashboard(db, folder, name)
    if stored is None or not can_view(actor, stored):
        allowed = planned.action == "create" and can_create(actor, folder)
        if not allowed:
            return f"folder: you may not import dashboards into {folder or '(top)'!r}"
    elif planned.action == "update" and not can_update(actor, stored):
        return f"name: you may not change the dashboard at {planned.path!r}"
    current = stored.is_global if stored is not None else False
    wanted = planned.document.get("global") is True
    if wanted != current and not can_edit_global(actor):
        return "global: you may not change whether a dashboard is global"
    return None
