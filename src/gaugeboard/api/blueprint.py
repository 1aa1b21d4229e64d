"""The ``/api`` blueprint, assembled from one module per resource."""

from __future__ import annotations

from flask import Blueprint

from gaugeboard.api import (
    account_api,
    activity_api,
    alert_api,
    dashboard_api,
    dashboard_data_api,
    dashboard_history_api,
    dashboard_import_api,
    data_api,
    data_rebuild_api,
    data_rows_api,
    embed_api,
    event_catalog_api,
    event_key_api,
    folder_api,
    job_api,
    metric_api,
    notebook_run_api,
    oauth_api,
    openapi_api,
    report_api,
    schedule_api,
    settings_api,
    snapshot_api,
    star_api,
    status_api,
    team_api,
    token_api,
    user_api,
    widget_preview_api,
)


def build_api_blueprint() -> Blueprint:
    bp = Blueprint("api", __name__, url_prefix="/api")
    user_api.register(bp)
    activity_api.register(bp)
    account_api.register(bp)
    token_api.register(bp)
    oauth_api.register(bp)
    dashboard_api.register(bp)
    dashboard_history_api.register(bp)
    dashboard_import_api.register(bp)
    dashboard_data_api.register(bp)
    snapshot_api.register(bp)
    embed_api.register(bp)
    star_api.register(bp)
    folder_api.register(bp)
    team_api.register(bp)
    data_api.register(bp)
    data_rows_api.register(bp)
    data_rebuild_api.register(bp)
    settings_api.register(bp)
    event_key_api.register(bp)
    metric_api.register(bp)
    event_catalog_api.register(bp)
    status_api.register(bp)
    widget_preview_api.register(bp)
    schedule_api.register(bp)
    alert_api.register(bp)
    report_api.register(bp)
    job_api.register(bp)
    notebook_run_api.register(bp)
    openapi_api.register(bp)
    return bp
