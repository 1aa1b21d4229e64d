"""``/api/data/<id>`` sources and rebuilds: set or remove a data set's source, and
``POST /api/data/{id}/{method}`` (ClicData's rebuild call), which queues a run of the
``dataset.rebuild`` job and answers 202 with the run's address, as a schedule's trigger
does.

Setting a source needs the right to change the data set (editor in its folder); queueing a
rebuild needs that and the editor role, as every job run does."""

from __future__ import annotations

from flask import Blueprint, Response

from gaugeboard.auth.access import Access, access
from gaugeboard.datasets.jobs import queue_rebuild
from gaugeboard.datasets.rebuild import METHODS
from gaugeboard.datasets.schemas import DatasetFetched
from gaugeboard.datasets.sources import SourceBody, change_source
from gaugeboard.errors import ValidationFailed
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.job_runner import jobs_env, queued_answer
from gaugeboard.http.responses import json_response
from gaugeboard.jobs.schemas import RunQueued
from gaugeboard.state import db_session

TAGS = ["data sets"]


def register(bp: Blueprint) -> None:
    one = "/data/<int:dataset_id>"
    bp.add_url_rule(f"{one}/source", view_func=data_source, methods=["PUT"])
    rebuild = f"{one}/<any({', '.join(METHODS)}):method>"
    bp.add_url_rule(rebuild, view_func=data_rebuild, methods=["POST"])


@access(Access.VIEWER)
# check=False: the data set is looked up first (404), then ``parse_source`` names each
# problem of the source by its field (``source.url: …``).
@described(json=SourceBody, responses={200: DatasetFetched}, tags=TAGS, check=False)
def data_source(dataset_id: int) -> Response:
    """Set the data set's source (a ``url``, an events ``metric`` query or a SQL ``query``
    over data sets), or remove it with ``{"source": null}``; answers the data set."""
    body = json_object()
    problems = [f"{name}: not a field of this body" for name in sorted(body) if name != "source"]
    if "source" not in body:
        problems.insert(0, "source: required (an object, or null to remove the source)")
    if problems:
        raise ValidationFailed(problems)
    dataset = change_source(db_session(), dashboard_actor(), dataset_id, body["source"])
    return json_response({"ok": True, "dataset": dataset})


@access(Access.EDITOR)
@described(responses={202: RunQueued}, tags=TAGS)
def data_rebuild(dataset_id: int, method: str) -> Response:
    """Queue a rebuild of the data set from its source: ``reload`` (replace the rows),
    ``recreate`` (replace the columns and rows), ``append``, ``update`` or ``updateappend``
    (the last two match rows on the key columns). Answers 202 with the run; ``url`` gives
    its state and result (``GET /api/job/{run_id}``)."""
    run = queue_rebuild(jobs_env(), db_session(), dashboard_actor(), dataset_id, method)
    return queued_answer(run)
