"""The pages blueprint: sign-in, browsing and viewing dashboards, static assets."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint

from gaugeboard.web import (
    admin_views,
    alert_views,
    asset_views,
    dashboard_views,
    dataset_views,
    editor_views,
    explorer_views,
    home_views,
    import_views,
    new_folder_views,
    notebook_views,
    report_views,
    session_views,
)

TEMPLATES_DIR = Path(__file__).with_name("templates")


def build_web_blueprint() -> Blueprint:
    bp = Blueprint("web", __name__, template_folder=str(TEMPLATES_DIR), static_folder=None)
    session_views.register(bp)
    admin_views.register(bp)
    home_views.register(bp)
    alert_views.register(bp)
    dashboard_views.register(bp)
    explorer_views.register(bp)
    dataset_views.register(bp)
    editor_views.register(bp)
    report_views.register(bp)
    import_views.register(bp)
    new_folder_views.register(bp)
    notebook_views.register(bp)
    asset_views.register(bp)
    return bp
