"""What the alert form offers to pick from instead of typing: the data sets the caller
may read, each with its columns and their types (the form offers numeric columns to sum
and time columns to window), and the status routes the monitor records. Read with the
caller's rights: a data set they cannot read is not listed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.columns import REC_ID
from gaugeboard.datasets.service import list_datasets
from gaugeboard.store.status_routes import list_routes

MAX_DATASETS = 500


def form_choices(db: Session, actor: Actor) -> dict[str, Any]:
    """``{"datasets": [{"id", "name", "columns": [{"name", "data_type"}]}], "routes":
    [{"rule", "name"}]}``, each list by name."""
    datasets, _total = list_datasets(db, actor, 0, MAX_DATASETS)
    return {
        "datasets": [
            {
                "id": dataset.id,
                "name": dataset.name,
                "columns": [
                    {"name": column["name"], "data_type": column["data_type"]}
                    for column in dataset.columns
                    if column["data_type"] != REC_ID  # the row id: nothing to add up
                ],
            }
            for dataset in datasets
        ],
        "routes": [
            {"rule": route.rule, "name": route.name} for route in list_routes(db.connection())
        ],
    }
