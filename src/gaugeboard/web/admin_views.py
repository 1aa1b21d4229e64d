"""The admin pages under ``/admin/``: users, teams, roles, API tokens and OAuth clients,
event keys, embed tokens, jobs, settings and the activity log.

Pages are drawn on the server from the same services as the JSON API; every change is
made by ``static/admin.js`` through that API (with the CSRF header), so the pages add no
second way to write.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, request, url_for

from gaugeboard.auth.access import Access, access, declared_access, required_role
from gaugeboard.auth.api_tokens import describe_token
from gaugeboard.auth.oauth_clients import describe_client, visible_clients
from gaugeboard.auth.principal import ROLE_RANK
from gaugeboard.auth.users import describe_user
from gaugeboard.config import settings_items
from gaugeboard.dashboards.embed_tokens import all_embed_rows
from gaugeboard.errors import ValidationFailed
from gaugeboard.events.keys import describe_event_key
from gaugeboard.http.activity_query import ActivityQuery, activity_filter, describe_entry
from gaugeboard.http.guard import require_principal
from gaugeboard.input_checks import checked
from gaugeboard.state import current_state, db_session
from gaugeboard.store import folder_grants
from gaugeboard.store.activity import ActivityFilter, action_names, list_activity
from gaugeboard.store.api_tokens import list_tokens
from gaugeboard.store.event_keys import list_event_keys
from gaugeboard.store.user_models import ROLES
from gaugeboard.store.users import list_users
from gaugeboard.web.admin_jobs import jobs_page
from gaugeboard.web.rendering import render_page
from gaugeboard.web.report_views import admin_report_items
from gaugeboard.web.settings_topics import grouped

ACTIVITY_PAGE_SIZE = 50
ROLE_ORDER = sorted(ROLES, key=ROLE_RANK.__getitem__)

# (endpoint, label) of the admin nav, in order.
SECTIONS = (
    ("admin_users", "Users"),
    ("admin_teams", "Teams"),
    ("admin_roles", "Roles"),
    ("admin_tokens", "API tokens"),
    ("admin_keys", "Event keys"),
    ("admin_embeds", "Embed tokens"),
    ("admin_jobs", "Jobs"),
    ("admin_reports", "Reports"),
    ("admin_settings", "Settings"),
    ("admin_activity", "Activity log"),
)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/admin/", view_func=admin_users, endpoint="admin_users")
    for endpoint, _label in SECTIONS[1:]:
        path = endpoint.removeprefix("admin_")
        bp.add_url_rule(f"/admin/{path}", view_func=PAGES[endpoint], endpoint=endpoint)


def _page(template: str, section: str, **context: Any) -> Response:
    nav = [
        (label, url_for(f"gaugeboard.web.{endpoint}"), endpoint == section)
        for endpoint, label in SECTIONS
    ]
    title = dict(SECTIONS)[section]
    return render_page(f"admin/{template}", admin_nav=nav, admin_title=title, **context)


@access(Access.ADMIN)
def admin_users() -> Response:
    users = [describe_user(user) for user in list_users(db_session())]
    return _page("users.html", "admin_users", users=users, roles=ROLE_ORDER)


@access(Access.ADMIN)
def admin_teams() -> Response:
    db = db_session()
    teams = [
        {"name": team.name, "members": folder_grants.team_member_names(db, team.id)}
        for team in folder_grants.list_teams(db)
    ]
    names = [user.name for user in list_users(db)]
    return _page("teams.html", "admin_teams", teams=teams, user_names=names)


@dataclass(frozen=True)
class RouteRow:
    """One route of the roles table and, per role, whether that role may call it."""

    methods: str
    rule: str
    summary: str
    needs: str
    allowed: tuple[bool, ...]


def _summary(view: Any, endpoint: str) -> str:
    """The first paragraph of the view's docstring (reST quotes dropped), else its name."""
    doc = (getattr(view, "__doc__", None) or "").strip()
    if not doc:
        return endpoint.rpartition(".")[2].replace("_", " ")
    paragraph = doc.split("\n\n")[0]
    return " ".join(paragraph.split()).replace("``", "")


def role_rows() -> list[RouteRow]:
    """Every gaugeboard route with the least role its access level needs, read from the
    ``@access`` declarations the request guard enforces (so it cannot drift from them)."""
    opened = current_state().opened_levels
    rows = []
    for rule in current_app.url_map.iter_rules():
        view = current_app.view_functions.get(rule.endpoint)
        level = declared_access(view)
        if not rule.endpoint.startswith("gaugeboard.") or level is None:
            continue
        needed = required_role(level, opened)
        rank = ROLE_RANK[needed] if needed else 0
        methods = ", ".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}))
        rows.append(
            RouteRow(
                methods=methods,
                rule=rule.rule,
                summary=_summary(view, rule.endpoint),
                needs=needed or "anyone",
                allowed=tuple(ROLE_RANK[role] >= rank for role in ROLE_ORDER),
            )
        )
    return sorted(rows, key=lambda row: (ROLE_RANK.get(row.needs, 0), row.rule, row.methods))


@access(Access.ADMIN)
def admin_roles() -> Response:
    return _page("roles.html", "admin_roles", rows=role_rows(), roles=ROLE_ORDER)


@access(Access.ADMIN)
def admin_tokens() -> Response:
    """API tokens, and OAuth clients (every user's: the page is an admin's)."""
    db, principal = db_session(), require_principal()
    tokens = [describe_token(token) for token in list_tokens(db)]
    clients = [describe_client(client) for client in visible_clients(db, principal)]
    names = [user.name for user in list_users(db)]
    return _page(
        "tokens.html",
        "admin_tokens",
        tokens=tokens,
        clients=clients,
        user_names=names,
        current_user=principal.name,
    )


@access(Access.ADMIN)
def admin_keys() -> Response:
    keys = [describe_event_key(key) for key in list_event_keys(db_session())]
    return _page("keys.html", "admin_keys", keys=keys)


@access(Access.ADMIN)
def admin_embeds() -> Response:
    return _page("embeds.html", "admin_embeds", embeds=all_embed_rows(db_session()))


@access(Access.ADMIN)
def admin_jobs() -> Response:
    """Schedules with their controls, and recent runs filtered by state and type."""
    return _page("jobs.html", "admin_jobs", **jobs_page(request.args))


@access(Access.ADMIN)
def admin_settings() -> Response:
    """The settings exactly as ``GET /api/settings`` shows them, secrets masked there,
    grouped by topic."""
    items = settings_items(current_state().settings)
    for item in items:
        item["shown"] = _shown(item["value"])
    return _page("settings.html", "admin_settings", settings=items, groups=grouped(items))


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(unset)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(part) for part in value) or "(none)"
    return str(value)


def _pages(args: Mapping[str, str], page: int, total: int) -> dict[str, str | None]:
    kept: dict[str, Any] = {
        name: args[name] for name in ("action", "actor", "since", "until") if args.get(name)
    }
    pages = max(1, -(-total // ACTIVITY_PAGE_SIZE))

    def link(number: int) -> str:
        return url_for("gaugeboard.web.admin_activity", **kept, page=number)

    return {
        "previous": link(page - 1) if 1 < page <= pages else None,
        "next": link(page + 1) if page < pages else None,
        "pages": str(pages),
    }


def _activity_query(args: Mapping[str, str]) -> tuple[ActivityFilter, int, list[str]]:
    """The filter and page asked for (checked by ``ActivityQuery``, as the API checks
    them), or no filter and every problem to show."""
    try:
        query = checked(ActivityQuery, args, "query")
    except ValidationFailed as error:
        return ActivityFilter(), 1, error.errors
    return activity_filter(query), query.page, []


@access(Access.ADMIN)
def admin_activity() -> Response:
    """The log, newest first, filtered by the form's query and 50 entries a page."""
    db = db_session()
    wanted, page, problems = _activity_query(request.args.to_dict())
    entries, total = (
        list_activity(db, wanted, ACTIVITY_PAGE_SIZE, page) if not problems else ([], 0)
    )
    return _page(
        "activity.html",
        "admin_activity",
        entries=[_with_detail(describe_entry(entry)) for entry in entries],
        actions=action_names(db),
        args=request.args,
        problems=problems,
        page=page,
        total=total,
        pager=_pages(request.args, page, total),
        status=400 if problems else 200,
    )


def _with_detail(item: dict[str, Any]) -> dict[str, Any]:
    item["detail_text"] = _detail_text(item["detail"].items())
    return item


def _detail_text(pairs: Iterable[tuple[str, Any]]) -> str:
    return "; ".join(
        f"{key}: {value if isinstance(value, str) else json.dumps(value)}" for key, value in pairs
    )


@access(Access.ADMIN)
def admin_reports() -> Response:
    return _page("reports.html", "admin_reports", reports=admin_report_items())


PAGES = {
    "admin_teams": admin_teams,
    "admin_roles": admin_roles,
    "admin_tokens": admin_tokens,
    "admin_keys": admin_keys,
    "admin_embeds": admin_embeds,
    "admin_jobs": admin_jobs,
    "admin_reports": admin_reports,
    "admin_settings": admin_settings,
    "admin_activity": admin_activity,
}
