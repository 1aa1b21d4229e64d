"""Finding the dashboards a caller may see: by id or path, and filtered listings."""

from __future__ import annotations

from collections.abc import Mapping

from flask import request
from sqlalchemy.orm import Session

from gaugeboard.dashboards.paths import folder_problems, immediate_subfolders
from gaugeboard.dashboards.permissions import Actor, can_view, can_view_folder, folder_role
from gaugeboard.dashboards.service import find_by_path
from gaugeboard.errors import Forbidden, NotFound, ValidationFailed
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.state import current_state, db_session
from gaugeboard.store import dashboards as store
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.users import find_user_by_name


def visible_dashboard(path_or_id: str, deleted: bool = False) -> Dashboard:
    """The dashboard at a path (or with an all-digit id) that the caller may see; a
    dashboard the caller may not see is reported as missing, like one that is."""
    key = path_or_id.strip("/")
    db = db_session()
    dashboard = (
        store.get_dashboard(db, int(key), deleted=deleted)
        if key.isdigit()
        else (None if deleted else find_by_path(db, key))
    )
    if dashboard is None or not can_view(dashboard_actor(), dashboard):
        raise NotFound(f"path: no dashboard at {key!r}")
    return dashboard


def editable_version(asked: int | None) -> int:
    """The version the client edited: ``If-Match: "v3"``, or ``asked`` (``?version=3``, as
    the query's model read it); one of them is required."""
    raw = request.headers.get("If-Match", "").strip().strip('"').removeprefix("v")
    if raw:
        if not raw.isdigit():
            raise ValidationFailed("version: must be a whole number")
        return int(raw)
    if asked is None:
        raise ValidationFailed(
            'version: send the version you edited (If-Match: "v<n>" or ?version=<n>) so '
            "a save made by someone else in between is not lost"
        )
    return asked


def _flag(args: Mapping[str, str], name: str) -> bool:
    return args.get(name, "").lower() in {"1", "true", "yes"}


def listing_filter(db: Session, actor: Actor, args: Mapping[str, str]) -> store.DashboardFilter:
    folder = args.get("folder", "").strip("/")
    problems = [f"folder: {problem}" for problem in folder_problems(folder)]
    search = args.get("search", "").strip()
    if len(search) > 200:
        problems.append("search: at most 200 characters")
    owner_id = None
    if args.get("owner"):
        owner = find_user_by_name(db, args["owner"])
        owner_id = owner.id if owner is not None else -1
    if problems:
        raise ValidationFailed(problems)
    deleted = _flag(args, "deleted")
    if deleted and not (actor.principal and actor.principal.has_role("editor")):
        raise Forbidden("deleted: only editors may list deleted dashboards")
    settings = current_state().settings
    only_own = None
    if settings["DASHBOARD_FILTER_USERS"] and not actor.is_admin and actor.user_id is not None:
        if settings["DASHBOARD_GLOBAL"]:
            only_own = actor.user_id
        else:  # no global dashboards: "own or global" means own only
            owner_id = actor.user_id if owner_id in (None, actor.user_id) else -1
    return store.DashboardFilter(
        folder=folder,
        recursive=_flag(args, "recursive") or bool(search),
        search=search,
        owner_id=owner_id,
        only_owner_or_global=only_own,
        deleted=deleted,
    )


def visible_page(
    db: Session, actor: Actor, wanted: store.DashboardFilter
) -> tuple[list[Dashboard], list[str]]:
    """Every matching dashboard the caller may see, and the visible subfolders."""
    shown = [d for d in store.find_dashboards(db, wanted) if can_view(actor, d)]
    folder = wanted.folder or ""
    if folder and folder_role(actor, folder) is None:
        raise NotFound(f"folder: nothing stored at {folder!r}")
    below = immediate_subfolders(folder, store.folders_below(db, folder))
    subfolders = [path for path in below if can_view_folder(actor, path)]
    if folder and not shown and not subfolders and not wanted.deleted:
        raise NotFound(f"folder: nothing stored at {folder!r}")
    return shown, subfolders
