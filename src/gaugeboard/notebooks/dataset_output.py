"""The "notebook output" source of data sets: a cell tagged ``dataset:NAME`` (or ``dataset``
with ``metadata.gaugeboard.dataset`` naming it) whose output is a table becomes the rows of
the data set NAME at each run.

A table is an ``application/vnd.dataresource+json`` output the cell displays itself, or the
pandas DataFrame the cell's last expression gives: the runner puts a small collector cell
after each such cell, which displays ``Out[n]`` (the result of the cell before it) as
``to_json(orient="table")``, every row and not the 60 a notebook display shows. Collector
cells are taken out of the stored notebook. The rows replace the data set's (the ``reload``
rebuild: checked whole, one commit); a data set that does not exist yet is created in the
notebook's folder with inferred column types, owned by the notebook's owner.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.inference import inferred_columns, json_table
from gaugeboard.datasets.rebuild import rebuild
from gaugeboard.datasets.schemas import ColumnIn, DatasetCreate
from gaugeboard.datasets.service import DatasetPlace, create_dataset
from gaugeboard.store import datasets as dataset_store

DATARESOURCE = "application/vnd.dataresource+json"
DATASET_TAG = "dataset"
COLLECTOR_TAG = "gaugeboard-collector"
COLLECT = """\
def __gaugeboard_collect(value):
    import json
    from IPython.display import display
    if hasattr(value, "to_json") and hasattr(value, "columns"):
        table = json.loads(value.to_json(orient="table", index=False, date_format="iso"))
        display({"application/vnd.dataresource+json": table}, raw=True)
__gaugeboard_collect(Out.get(len(In) - 2))
del __gaugeboard_collect
"""


@dataclass(frozen=True)
class OutputTable:
    dataset: str
    cell_index: int
    table: pa.Table | None


def dataset_name(cell: Mapping[str, Any]) -> str | None:
    """The data set a cell feeds, or None."""
    metadata = cell.get("metadata") or {}
    tags = metadata.get("tags") or []
    tags = tags if isinstance(tags, list) else []
    for tag in tags:
        if isinstance(tag, str) and tag.startswith(DATASET_TAG + ":") and tag[8:].strip():
            return tag[8:].strip()
    if DATASET_TAG in tags:
        named = (metadata.get("gaugeboard") or {}).get("dataset") or metadata.get("dataset")
        if isinstance(named, str) and named.strip():
            return named.strip()
    return None


def with_collectors(notebook: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``notebook`` with a collector cell after each data set cell."""
    prepared = copy.deepcopy(dict(notebook))
    cells: list[dict[str, Any]] = []
    for cell in prepared.get("cells") or []:
        cells.append(cell)
        if cell.get("cell_type") == "code" and dataset_name(cell):
            cells.append(
                {
                    "cell_type": "code",
                    "id": f"gb-collect-{len(cells)}",
                    "metadata": {"tags": [COLLECTOR_TAG]},
                    "execution_count": None,
                    "outputs": [],
                    "source": COLLECT,
                }
            )
    prepared["cells"] = cells
    return prepared


def _is_collector(cell: Mapping[str, Any]) -> bool:
    return COLLECTOR_TAG in ((cell.get("metadata") or {}).get("tags") or [])


def _dataresource(cell: Mapping[str, Any]) -> Any:
    for output in cell.get("outputs") or []:
        data = output.get("data") if isinstance(output, dict) else None
        if isinstance(data, dict) and isinstance(data.get(DATARESOURCE), dict):
            return data[DATARESOURCE]
    return None


def _table(resource: Any, name: str) -> pa.Table | None:
    rows = resource.get("data") if isinstance(resource, dict) else None
    if not isinstance(rows, list) or not rows:
        return None
    return json_table(rows, f"dataset {name!r}")


def collected_tables(executed: Mapping[str, Any]) -> tuple[dict[str, Any], list[OutputTable]]:
    """The executed notebook without its collector cells, and each data set cell's table
    (None when the cell gave no table)."""
    cells = list(executed.get("cells") or [])
    kept: list[dict[str, Any]] = []
    found: list[OutputTable] = []
    for position, cell in enumerate(cells):
        if _is_collector(cell):
            continue
        name = dataset_name(cell) if cell.get("cell_type") == "code" else None
        if name is not None:
            follower = cells[position + 1] if position + 1 < len(cells) else {}
            resource = _dataresource(cell)
            if resource is None and _is_collector(follower):
                resource = _dataresource(follower)
            found.append(OutputTable(name, len(kept), _table(resource, name)))
        kept.append(cell)
    return {**executed, "cells": kept}, found


def write_table(
    db: Session, place: DatasetPlace, actor: Actor, folder: str, output: OutputTable
) -> dict[str, Any]:
    """Replace the data set's rows with the table (creating the data set when missing);
    the rebuild's summary. Raises the data set engine's errors (ValidationFailed, …)."""
    if output.table is None:
        raise ValueError(
            f"dataset {output.dataset!r}: cell [{output.cell_index}] gave no table "
            "(a pandas DataFrame as its last expression, or application/vnd.dataresource+json)"
        )
    dataset = dataset_store.by_name(db, output.dataset)
    if dataset is None:
        columns = [
            ColumnIn(name=column.name, data_type=column.data_type)
            for column in inferred_columns(output.table, f"dataset {output.dataset!r}")[1:]
        ]
        body = DatasetCreate(name=output.dataset, folder=folder, columns=columns)
        dataset = create_dataset(db, place, actor, body)
    return rebuild(db, place, actor, dataset.id, "reload", output.table).summary()
