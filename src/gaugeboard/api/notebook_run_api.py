"""``/api/notebook/{id}``: running a notebook dashboard. ``…/run`` queues a run (a new
version for editors; with ``parameters``, a run of the viewer's values, answered from the
cache when it can), ``…/runs/{run_id}`` says how it went and draws its outputs, and
``…/cells/{index}/run`` runs one stored cell by its index and answers its outputs. A body
carrying code is refused."""

from __future__ import annotations

from typing import Any, Literal

from flask import Blueprint, Response, request, url_for
from pydantic import BaseModel, ConfigDict, Field

from gaugeboard.auth.access import Access, access
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.job_runner import ID, jobs_env, nudge_jobs
from gaugeboard.http.notebook_outputs import page_outputs, widget_boxes
from gaugeboard.http.responses import json_response
from gaugeboard.notebooks import run_requests
from gaugeboard.state import current_state, db_session
from gaugeboard.store.types import iso_utc

TAGS = ["notebooks"]
TERMINAL = ("succeeded", "failed", "cancelled", "timed_out", "lost")


class NotebookRunBody(BaseModel):
    """Optional. Without ``parameters`` the current version runs and its outputs become a
    new version (editors); with them, the notebook runs with these values for the caller."""

    model_config = ConfigDict(extra="forbid")

    parameters: dict[str, Any] | None = Field(
        default=None, description="Values of the notebook's declared parameters, by name"
    )


class CellRunBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parameters: dict[str, Any] | None = Field(default=None)
    cells: Literal["above", "none"] = Field(
        default="above", description="Run the code cells above it first, or the cell alone"
    )


class NotebookRunAsked(BaseModel):
    ok: Literal[True]
    run_id: int
    state: str
    cached: bool = Field(description="True: these values ran recently; the outputs are ready")
    url: str = Field(description="GET it for the run's state and, once done, its outputs")


class WidgetBox(BaseModel):
    id: str
    index: int
    cell_type: str
    x: int
    y: int
    w: int
    h: int


class NotebookRunState(BaseModel):
    ok: Literal[True]
    run_id: int
    state: str
    error: str
    ended_at: str | None
    version: int | None = Field(description="The version a version run stored")
    layout: str | None
    widgets: list[WidgetBox] | None
    outputs: dict[str, Any] | None = Field(description="Each widget's output, as the page draws")


class CellRunDone(BaseModel):
    ok: Literal[True]
    index: int
    widgets: list[WidgetBox]
    outputs: dict[str, Any]


def register(bp: Blueprint) -> None:
    one = f"/notebook/<{ID}:notebook_id>"
    bp.add_url_rule(f"{one}/run", view_func=notebook_run, methods=["POST"])
    bp.add_url_rule(f"{one}/runs/<{ID}:run_id>", view_func=notebook_run_get, methods=["GET"])
    bp.add_url_rule(
        f"{one}/cells/<int(max=100000):index>/run", view_func=notebook_cell_run, methods=["POST"]
    )


def _optional_body() -> dict[str, Any]:
    if not request.content_length and not request.data:
        return {}
    return json_object()


@access(Access.VIEWER)
# check=False: the notebook is looked up first (404), then its parameters check the values,
# and a ``code`` or ``source`` field is refused in words of its own.
@described(
    json=NotebookRunBody,
    responses={200: NotebookRunAsked, 202: NotebookRunAsked},
    tags=TAGS,
    check=False,
)
def notebook_run(notebook_id: int) -> Response:
    """Run the notebook: 202 with the queued run, or 200 when the same values ran within
    NOTEBOOK_PARAM_CACHE_SECONDS. Viewers must send ``parameters`` and are limited to
    NOTEBOOK_VIEWER_RUNS_PER_MINUTE new runs (429)."""
    asked = run_requests.request_run(
        jobs_env(),
        db_session(),
        current_state().notebooks,
        dashboard_actor(),
        notebook_id,
        _optional_body(),
    )
    url = url_for("gaugeboard.api.notebook_run_get", notebook_id=notebook_id, run_id=asked.run.id)
    body = {
        "ok": True,
        "run_id": asked.run.id,
        "state": asked.run.state,
        "cached": asked.cached,
        "url": url,
    }
    if asked.run.state in TERMINAL:
        return json_response(body, 200)
    nudge_jobs()
    return json_response(body, 202, {"Location": url})


@access(Access.VIEWER)
@described(responses={200: NotebookRunState}, tags=TAGS)
def notebook_run_get(notebook_id: int, run_id: int) -> Response:
    """A run of the notebook: its state and error, and once it succeeded its outputs (each
    widget's, with its place) drawn as the page draws them."""
    found = run_requests.run_outputs(
        db_session(), current_state().notebooks, dashboard_actor(), notebook_id, run_id
    )
    rendered = found.rendered
    where = found.key or found.version
    return json_response(
        {
            "ok": True,
            "run_id": found.run.id,
            "state": found.run.state,
            "error": found.run.error,
            "ended_at": iso_utc(found.run.ended_at),
            "version": found.version,
            "layout": rendered.layout if rendered else None,
            "widgets": widget_boxes(rendered) if rendered else None,
            "outputs": page_outputs(rendered, found.notebook, where)
            if rendered is not None and where is not None
            else None,
        }
    )


@access(Access.VIEWER)
# check=False: the notebook and cell are looked up first, and code is refused in words.
@described(json=CellRunBody, responses={200: CellRunDone}, tags=TAGS, check=False)
def notebook_cell_run(notebook_id: int, index: int) -> Response:
    """Run the stored code cell ``index`` (after the code cells above it, by default) and
    answer its outputs; never code from the request. 429 when every kernel is busy or a
    viewer passed NOTEBOOK_VIEWER_RUNS_PER_MINUTE."""
    state = current_state()
    ran = run_requests.run_cell(
        db_session(),
        state.notebooks,
        state.settings,
        dashboard_actor(),
        notebook_id,
        index,
        _optional_body(),
    )
    return json_response(
        {
            "ok": True,
            "index": ran.index,
            "widgets": widget_boxes(ran.rendered),
            "outputs": page_outputs(ran.rendered, ran.notebook, ran.key),
        }
    )
