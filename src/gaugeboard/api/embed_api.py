"""``/api/dashboard/<id>/embed`` and ``/api/embed/<id>``: create (secret shown once), list
and revoke the embed tokens of a dashboard. Managing embeds needs the right to edit it."""

from __future__ import annotations

from flask import Blueprint, Response, url_for

from gaugeboard.api.dashboard_models import EmbedCreated, EmbedList, EmbedRevoked
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.embed_tokens import (
    EmbedCreate,
    all_embed_rows,
    create_embed_token,
    describe_embed_token,
    find_embed_token,
    revoke_embed_token,
)
from gaugeboard.dashboards.paths import join_path
from gaugeboard.dashboards.permissions import can_update, require
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.dashboard_lookup import visible_dashboard
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.state import db_session
from gaugeboard.store.dashboard_models import Dashboard
from gaugeboard.store.embed_tokens import list_embed_tokens


def register(bp: Blueprint) -> None:
    rule = "/dashboard/<int:dashboard_id>/embed"
    bp.add_url_rule(rule, view_func=embed_list, methods=["GET"])
    bp.add_url_rule(rule, view_func=embed_create, methods=["POST"])
    bp.add_url_rule("/embed/<int:token_id>", view_func=embed_revoke, methods=["DELETE"])
    bp.add_url_rule("/embed", view_func=embed_list_all, methods=["GET"])


def _managed_dashboard(dashboard_id: int) -> Dashboard:
    dashboard = visible_dashboard(str(dashboard_id))
    require(can_update(dashboard_actor(), dashboard), "embed: you may not edit this dashboard")
    return dashboard


@access(Access.EDITOR)
@described(responses={200: EmbedList}, tags=["embeds"])
def embed_list(dashboard_id: int) -> Response:
    dashboard = _managed_dashboard(dashboard_id)
    items = [describe_embed_token(t) for t in list_embed_tokens(db_session(), dashboard.id)]
    return json_response({"ok": True, "items": items, "next": None})


@access(Access.EDITOR)
# check=False: the dashboard's 404/403 come before the body, which the engine then checks
# with EmbedCreate against the dashboard's variables.
@described(json=EmbedCreate, responses={201: EmbedCreated}, tags=["embeds"], check=False)
def embed_create(dashboard_id: int) -> Response:
    dashboard = _managed_dashboard(dashboard_id)
    token, secret = create_embed_token(
        db_session(), dashboard_actor(), require_principal(), dashboard, json_object()
    )
    path = join_path(dashboard.folder, dashboard.name)
    url = url_for("gaugeboard.web.browse", path=path, embed_token=secret, _external=True)
    body = {"ok": True, "embed": describe_embed_token(token), "secret": secret, "url": url}
    return json_response(body, 201)


@access(Access.EDITOR)
@described(responses={200: EmbedRevoked}, tags=["embeds"])
def embed_revoke(token_id: int) -> Response:
    db = db_session()
    token = find_embed_token(db, token_id)
    dashboard = visible_dashboard(str(token.dashboard_id))
    revoke_embed_token(db, dashboard_actor(), require_principal(), dashboard, token)
    return json_response({"ok": True, "embed": describe_embed_token(token)})


@access(Access.ADMIN)
@described(responses={200: EmbedList}, tags=["embeds"])
def embed_list_all() -> Response:
    """Every dashboard's embed tokens (admins), with the dashboard's path and the creator."""
    return json_response({"ok": True, "items": all_embed_rows(db_session()), "next": None})
