"""A notebook's output feeding a data set: a cell tagged ``dataset:NAME`` whose last
expression is a pandas DataFrame (every row, not the 60 a display shows), or a cell that
displays ``application/vnd.dataresource+json``, becomes the data set's rows at each run,
created when missing and replaced (``reload``) afterwards; the collector cells never show."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.store import datasets as dataset_store
from gaugeboard.store.users import find_user_by_name
from tests.conftest import state
from tests.datasets.rebuild_helpers import stored_rows
from tests.notebooks.builders import code, ipynb, notebook
from tests.notebooks.run_helpers import RunApp, body_of, run_app

__all__ = ["run_app"]
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")

FRAME = (
    "import pandas as pd\n"
    "pd.DataFrame({'region': [f'r{i}' for i in range(rows)], 'amount': [i * 1.5 for i in "
    "range(rows)]})"
)
RESOURCE = (
    "from IPython.display import display\n"
    "display({'application/vnd.dataresource+json': {'schema': {'fields': [{'name': 'city'}]},"
    " 'data': [{'city': 'Oslo'}, {'city': 'Bergen'}]}}, raw=True)"
)


def _run(
    run_app: RunApp, notebook_id: int, parameters: dict[str, Any] | None = None
) -> dict[str, Any]:
    body = {
        "job_type": "notebook.run",
        "target_id": str(notebook_id),
        "arguments": {"parameters": parameters or {}},
    }
    response = run_app.post("/api/job", "editor", body)
    assert response.status_code == 202, response.get_data(as_text=True)
    run_app.tick()
    run = run_app.get(f"/api/notebook/{notebook_id}/runs/{body_of(response)['run_id']}")
    assert body_of(run)["state"] == "succeeded", body_of(run)
    return body_of(run)


def _dataset(run_app: RunApp, name: str) -> tuple[int, int | None, str]:
    with state(run_app.app).database.sessions() as db:
        found = dataset_store.by_name(db, name)
        assert found is not None
        return found.id, found.owner_id, found.folder


def test_a_dataframe_cell_creates_then_reloads_its_data_set(run_app: RunApp) -> None:
    cells = [code("rows = 75", tags=["parameters"]), code(FRAME, tags=["dataset:nb_sales"])]
    notebook_id = run_app.upload(ipynb(notebook(*cells)))
    _run(run_app, notebook_id)
    dataset_id, owner_id, folder = _dataset(run_app, "nb_sales")
    rows = stored_rows(run_app.app, dataset_id)
    assert len(rows) == 75  # every row, past pandas' display limit of 60
    assert (rows[3]["region"], rows[3]["amount"]) == ("r3", 4.5)
    with state(run_app.app).database.sessions() as db:
        editor = find_user_by_name(db, "editor")
        assert editor is not None and owner_id == editor.id
    assert folder == "runs"
    second = _run(run_app, notebook_id, {"rows": 2})
    assert [row["region"] for row in stored_rows(run_app.app, dataset_id)] == ["r0", "r1"]
    assert [box["index"] for box in second["widgets"]] == [1]  # no collector cell shown


def test_a_dataresource_output_names_its_data_set_in_metadata(run_app: RunApp) -> None:
    cell = code(RESOURCE, tags=["dataset"], gaugeboard={"dataset": "nb_cities"})
    notebook_id = run_app.upload(ipynb(notebook(cell)))
    _run(run_app, notebook_id)
    dataset_id, _owner, _folder = _dataset(run_app, "nb_cities")
    assert [row["city"] for row in stored_rows(run_app.app, dataset_id)] == ["Oslo", "Bergen"]
