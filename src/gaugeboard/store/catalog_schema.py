"""Every family of catalog models, imported in one place so the shared metadata knows every
table: Alembic compares migrations against it, and foreign keys between families (most name
``users.id``) resolve whichever family a caller imported first. ``store/database.py``
imports it, so any process that opens the catalog has all of them."""

from __future__ import annotations

from gaugeboard.store import (
    activity_models,
    alert_models,
    dashboard_models,
    dataset_models,
    event_models,
    job_models,
    notebook_models,
    oauth_models,
    report_models,
    star_models,
    status_models,
    user_models,
    view_models,
)
from gaugeboard.store.base import Base

FAMILIES = (
    user_models,
    oauth_models,
    dashboard_models,
    dataset_models,
    event_models,
    job_models,
    notebook_models,
    status_models,
    activity_models,
    view_models,
    alert_models,
    star_models,
    report_models,
)
metadata = Base.metadata
