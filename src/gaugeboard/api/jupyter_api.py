"""The Jupyter Dashboards Server's admin API under ``/_api``: upload a notebook or bundle
(``POST /_api/notebooks/[PATH/]NAME``), delete one (``DELETE /_api/notebooks/PATH``) and
clear the caches (``DELETE /_api/cache[/PATH]``), with the reference's paths, codes and
upload answer. Unlike the reference there is no open mode: every call needs the token
(``Authorization: token <t>`` or ``Bearer <t>``) of a user who may write the folder.
"""

from __future__ import annotations

from typing import Literal

from flask import Blueprint, Response, request, url_for
from pydantic import BaseModel, Field

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.paths import join_path
from gaugeboard.http.contract import UploadedFile, described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.guard import body_limit, require_principal
from gaugeboard.http.job_runner import jobs_env, nudge_jobs
from gaugeboard.http.responses import json_response
from gaugeboard.http.uploads import single_upload
from gaugeboard.notebooks import service
from gaugeboard.notebooks.run_requests import request_run
from gaugeboard.state import current_state, db_session


class NotebookUpload(BaseModel):
    """The form: one file field (the reference accepts any name; ``file`` is its own)."""

    file: UploadedFile = Field(description="A Jupyter notebook (*.ipynb) or a zip bundle (*.zip)")
    run: str | None = Field(
        default=None, description="1: run the notebook once stored (also as ?run=1)"
    )


class NotebookUploaded(BaseModel):
    """The reference's answer, as it wrote it."""

    message: Literal["Notebook successfully uploaded"]
    status: Literal[201]
    url: str = Field(description="/notebooks/[PATH/]NAME, the path that was uploaded")
    link: str = Field(description="The public address of the dashboard page")
    run_id: int | None = Field(
        default=None, description="With run=1: the queued run (GET /api/notebook/{id}/runs/…)"
    )


class CacheCleared(BaseModel):
    ok: Literal[True]
    status: Literal[200]
    message: str
    notebooks: int = Field(description="Rendered notebook versions dropped")
    sources: int = Field(description="Dashboard data entries dropped")


def build_jupyter_blueprint() -> Blueprint:
    bp = Blueprint("jupyter", __name__, url_prefix="/_api")
    bp.add_url_rule("/notebooks/<path:path>", view_func=upload_notebook, methods=["POST"])
    bp.add_url_rule("/notebooks/<path:path>", view_func=delete_notebook, methods=["DELETE"])
    bp.add_url_rule("/cache", view_func=clear_cache, methods=["DELETE"])
    bp.add_url_rule("/cache/<path:path>", view_func=clear_cache, methods=["DELETE"])
    return bp


@access(Access.SIGNED_IN)
@body_limit("NOTEBOOK_MAX_UPLOAD_BYTES")
@described(responses={201: NotebookUploaded}, form=NotebookUpload, tags=["notebooks"], check=False)
def upload_notebook(path: str) -> Response:
    """Store a notebook or bundle as the dashboard at ``[PATH/]NAME`` (a new version when
    one is there). Refused in words: wrong extension, no file, several files, invalid JSON
    or notebook, a zip without index.ipynb or with entries leaving its folder, a zip bomb,
    a body over NOTEBOOK_MAX_UPLOAD_BYTES; 409 when a JSON dashboard has the path."""
    principal = require_principal()
    place = current_state().notebooks
    notebook = service.upload_notebook(
        db_session(), place, principal, dashboard_actor(), path, single_upload()
    )
    dashboard = join_path(notebook.folder, notebook.name)
    body = {
        "message": service.UPLOADED,
        "status": 201,
        "url": f"/notebooks/{dashboard}",
        "link": url_for("gaugeboard.web.browse", path=dashboard, _external=True),
    }
    if _run_asked():
        asked = request_run(jobs_env(), db_session(), place, dashboard_actor(), notebook.id, {})
        body["run_id"] = asked.run.id
        nudge_jobs()
    return json_response(body, 201)


def _run_asked() -> bool:
    """``run=1`` in the query or the form (``true`` and ``yes`` too)."""
    raw = request.args.get("run") or request.form.get("run") or ""
    return raw.strip().lower() in ("1", "true", "yes")


@access(Access.SIGNED_IN)
@described(responses={204: None}, tags=["notebooks"])
def delete_notebook(path: str) -> Response:
    """Delete the notebook dashboard at PATH; 400 when PATH is something else (a bundle's
    file, a folder, a JSON dashboard), 404 when nothing is there."""
    principal = require_principal()
    place = current_state().notebooks
    service.delete_notebook(db_session(), place, principal, dashboard_actor(), path)
    return Response(status=204)


@access(Access.SIGNED_IN)
@described(responses={200: CacheCleared}, tags=["notebooks"])
def clear_cache(path: str | None = None) -> Response:
    """Empty this process's rendered notebooks and dashboard data (or one dashboard's):
    the next view reads from storage."""
    principal = require_principal()
    state = current_state()
    cleared = service.clear_caches(
        db_session(), state.notebooks, state.dashboard_cache, principal, dashboard_actor(), path
    )
    return json_response({"ok": True, "status": 200, "message": "OK", **cleared})
