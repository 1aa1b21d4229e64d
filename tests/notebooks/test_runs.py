"""Notebook runs executed for real (nbclient, papermill, an ipykernel kernel): a scheduled
run storing new outputs as a version, an editor's run, a viewer's parameter run (cached,
checked, limited), one cell run by its index, refusals of code, a failed run keeping the
last good outputs, and the kernel limit. One app per module: a kernel costs a second."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.notebooks.runs import RUN
from gaugeboard.store.users import find_user_by_name
from tests.conftest import state
from tests.jobs.helpers import add_schedule, past, run_row
from tests.notebooks.builders import code, ipynb, notebook
from tests.notebooks.run_helpers import RunApp, body_of, report_notebook, run_app, texts

__all__ = ["run_app"]
pytest.importorskip("ipykernel")


def _run_state(app: RunApp, notebook_id: int, run_id: int, role: str = "viewer") -> dict[str, Any]:
    response = app.get(f"/api/notebook/{notebook_id}/runs/{run_id}", role)
    assert response.status_code == 200, response.get_data(as_text=True)
    return body_of(response)


def _page(app: RunApp, notebook_id: int) -> str:
    with state(app.app).database.sessions() as db:
        from gaugeboard.store.notebooks import get_notebook

        found = get_notebook(db, notebook_id)
        assert found is not None
        path = f"{found.folder}/{found.name}"
    response = app.get(f"/dashboards/{path}", "viewer")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_scheduled_run_stores_new_outputs_as_a_version(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    assert "north: total=10" not in _page(run_app, notebook_id)
    with state(run_app.app).database.sessions() as db:
        owner = find_user_by_name(db, "editor")
        assert owner is not None
        owner_id = owner.id
    add_schedule(
        run_app.app,
        RUN,
        past(),
        target_kind="notebook",
        target_id=str(notebook_id),
        owner_id=owner_id,
    )
    run_app.tick()
    assert run_app.version(notebook_id) == 2
    assert "north: total=10 scale=1.5 show=True items=3" in _page(run_app, notebook_id)


def test_an_editor_runs_the_notebook_and_reads_the_run(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    response = run_app.post(f"/api/notebook/{notebook_id}/run", "editor")
    assert response.status_code == 202, response.get_data(as_text=True)
    run_id = body_of(response)["run_id"]
    assert _run_state(run_app, notebook_id, run_id)["state"] == "queued"
    run_app.tick()
    done = _run_state(run_app, notebook_id, run_id)
    assert done["state"] == "succeeded", done
    assert done["version"] == 2
    assert "north: total=10" in texts(done["outputs"])
    assert [box["index"] for box in done["widgets"]] == [0, 2]


def test_a_viewer_runs_it_with_their_values_and_the_shared_outputs_stay(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    values = {"region": "south", "factor": 3, "scale": 2, "show": False, "items": [5, 6]}
    response = run_app.post(f"/api/notebook/{notebook_id}/run", "viewer", {"parameters": values})
    assert response.status_code == 202, response.get_data(as_text=True)
    asked = body_of(response)
    assert asked["cached"] is False
    run_app.tick()
    done = _run_state(run_app, notebook_id, asked["run_id"])
    assert done["state"] == "succeeded", done
    assert "south: total=15 scale=2.0 show=False items=11" in texts(done["outputs"])
    assert run_app.version(notebook_id) == 1  # a viewer's values change nobody else's page
    again = run_app.post(f"/api/notebook/{notebook_id}/run", "other", {"parameters": values})
    assert again.status_code == 200
    assert body_of(again) | {"url": ""} == {
        "ok": True,
        "run_id": asked["run_id"],
        "state": "succeeded",
        "cached": True,
        "url": "",
    }


def test_unknown_parameters_and_wrong_types_are_refused_by_name(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    bad = {"regoin": "x", "factor": 2.5, "show": "yes", "items": [1, "2"], "scale": True}
    response = run_app.post(f"/api/notebook/{notebook_id}/run", "viewer", {"parameters": bad})
    assert response.status_code == 400
    errors = body_of(response)["errors"]
    assert sorted(errors) == [
        "parameters.factor: must be a whole number",
        "parameters.items: item [1] must be a number (int)",
        "parameters.regoin: not a parameter of this notebook "
        "(known: region, factor, scale, show, items)",
        "parameters.scale: must be a number (float)",
        "parameters.show: must be true or false",
    ]


def test_a_viewer_may_not_store_a_new_version(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    response = run_app.post(f"/api/notebook/{notebook_id}/run", "viewer")
    assert response.status_code == 403
    assert 'send "parameters"' in body_of(response)["error"]


def test_code_in_a_run_request_is_refused(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    for path, field in (("run", "code"), ("cells/2/run", "source"), ("cells/2/run", "code")):
        body = {field: "import os; os.system('id')"}
        response = run_app.post(f"/api/notebook/{notebook_id}/{path}", "editor", body)
        assert response.status_code == 400, (path, field)
        assert body_of(response)["errors"][0].startswith(f"{field}: a run executes the notebook")


def test_one_cell_runs_by_index_after_the_cells_above_it(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    response = run_app.post(
        f"/api/notebook/{notebook_id}/cells/2/run", "viewer", {"parameters": {"region": "east"}}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    ran = body_of(response)
    assert ran["index"] == 2
    assert "east: total=8" in texts(ran["outputs"])
    alone = run_app.post(f"/api/notebook/{notebook_id}/cells/2/run", "editor", {"cells": "none"})
    assert alone.status_code == 400  # `factor` is defined above it only
    assert "NameError" in body_of(alone)["error"]


def test_a_cell_index_that_is_not_a_code_cell_is_refused(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    markdown_cell = run_app.post(f"/api/notebook/{notebook_id}/cells/0/run", "editor")
    assert markdown_cell.status_code == 400
    assert body_of(markdown_cell)["error"] == "index: cell [0] is markdown, not code"
    missing = run_app.post(f"/api/notebook/{notebook_id}/cells/9/run", "editor")
    assert missing.status_code == 404


def test_a_failed_run_keeps_the_last_good_outputs_and_shows_its_error(run_app: RunApp) -> None:
    source = '\nif region == "fail":\n    raise ValueError("asked to fail")'
    notebook_id = run_app.upload(report_notebook(source))
    run_app.post(f"/api/notebook/{notebook_id}/run", "editor")
    run_app.tick()
    assert run_app.version(notebook_id) == 2
    response = run_app.post(
        "/api/job",
        "editor",
        {
            "job_type": RUN,
            "target_id": str(notebook_id),
            "arguments": {"parameters": {"region": "fail"}},
        },
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    run_app.tick()
    failed = run_row(run_app.app, body_of(response)["run_id"])
    assert failed.state == "failed"
    assert "ValueError: asked to fail" in failed.error
    assert run_app.version(notebook_id) == 2
    page = _page(run_app, notebook_id)
    assert "north: total=10" in page
    assert "The last run failed" in page and "asked to fail" in page


def test_viewers_are_limited_to_a_few_new_runs_a_minute(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    path = f"/api/notebook/{notebook_id}/run"
    answers = [
        run_app.post(path, "other", {"parameters": {"factor": number}}).status_code
        for number in range(100, 108)
    ]
    assert answers == [202] * 6 + [429] * 2
    assert run_app.post(path, "editor", {"parameters": {"factor": 999}}).status_code == 202


def test_at_most_the_kernel_limit_runs_at_once(run_app: RunApp) -> None:
    notebook_id = run_app.upload(report_notebook())
    job_type = run_app.runner.env.registry.get(RUN)
    assert job_type is not None and job_type.concurrency == 2
    kernels = state(run_app.app).notebooks.kernels
    with kernels.taken(0), kernels.taken(0):
        response = run_app.post(f"/api/notebook/{notebook_id}/cells/2/run", "editor")
    assert response.status_code == 429
    assert "NOTEBOOK_MAX_KERNELS" in body_of(response)["error"]


def test_upload_with_run_queues_a_run(run_app: RunApp) -> None:
    data = ipynb(notebook(code("print('ran at upload')")))
    notebook_id = run_app.upload(data, query="?run=1")
    run_app.tick()
    assert run_app.version(notebook_id) == 2
    assert "ran at upload" in _page(run_app, notebook_id)
