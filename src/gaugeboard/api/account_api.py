"""``/api/account``: usage against the configured limits, and activity per user or per
dashboard over a period (ClicData's ``get_account`` and ``get_account_activity``)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, request

from gaugeboard.account.activity import dashboard_activity, period, user_activity
from gaugeboard.account.schemas import AccountActivity, AccountFetched, ActivityPeriod
from gaugeboard.account.usage import account
from gaugeboard.auth.access import Access, access
from gaugeboard.config import parse_account_limits
from gaugeboard.errors import NotFound
from gaugeboard.http.contract import described
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session
from gaugeboard.store.types import utcnow

ENTITIES = {"users": user_activity, "dashboards": dashboard_activity}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/account", view_func=account_usage, methods=["GET"])
    bp.add_url_rule("/account/activity/<entity>", view_func=account_activity, methods=["GET"])


@access(Access.ADMIN)
@described(responses={200: AccountFetched}, tags=["account"])
def account_usage() -> Response:
    state = current_state()
    limits = parse_account_limits(state.settings["ACCOUNT_LIMITS"])
    found = account(db_session(), state.data_dir, state.segments_dir, limits, utcnow())
    return json_response({"ok": True, **found})


@access(Access.ADMIN)
@described(query=ActivityPeriod, responses={200: AccountActivity}, tags=["account"])
def account_activity(entity: str) -> Response:
    reader = ENTITIES.get(entity)
    if reader is None:
        raise NotFound(f"entity: no activity for {entity!r} (users or dashboards)")
    days = ActivityPeriod.model_validate(request.args.to_dict()).days
    since, until = period(days, utcnow().date())
    rows = reader(db_session(), since, until)
    last_day = until - timedelta(days=1)
    return json_response(
        {
            "ok": True,
            "entity": entity,
            "since": since.isoformat(),
            "until": last_day.isoformat(),
            "data": rows,
            "items": rows,
        }
    )
