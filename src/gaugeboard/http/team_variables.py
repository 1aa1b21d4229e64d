"""The dashboard document as this request's caller sees it: variables tied to a team
parameter take the caller's team values (``dashboards/team_variables.py``)."""

from __future__ import annotations

from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.team_variables import team_parameter_keys, with_team_values
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.state import db_session
from gaugeboard.store.teams import parameter_values


def for_caller(document: DashboardDocument) -> DashboardDocument:
    """``document`` with its team variables filled for the caller (an embed's creator)."""
    keys = team_parameter_keys(document)
    if not keys:
        return document
    actor = dashboard_actor()
    values = parameter_values(db_session(), actor.team_ids, keys)
    return with_team_values(document, values, actor.is_admin)
