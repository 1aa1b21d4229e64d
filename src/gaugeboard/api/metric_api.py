"""``POST /api/metric/query``: run a metric, funnel or retention query over the events."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.api.event_models import MetricResult
from gaugeboard.auth.access import Access, access
from gaugeboard.events.analytics import run_query
from gaugeboard.events.query_model import MetricQueryBody
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/metric/query", view_func=metric_query, methods=["POST"])


@access(Access.VIEWER)
# check=False: the engine checks the query with MetricQueryBody itself (after making metric
# the default type), as it does for a dashboard's metric sources.
@described(json=MetricQueryBody, responses={200: MetricResult}, tags=["events"], check=False)
def metric_query() -> Response:
    state = current_state()
    result = run_query(
        db_session(),
        state.segments_dir,
        json_object(),
        state.settings["EVENT_QUERY_TIMEOUT_SECONDS"],
    )
    return json_response(result)
