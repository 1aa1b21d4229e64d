"""``/api/data``: list, create, describe and delete data sets, in ClicData's shapes (a list
pages with ``page`` from 1 and answers ``data`` and ``has_more_data``, a creation answers
the bare new id) next to gaugeboard's own ``ok`` and ``items``.

Who may do what follows the data set's folder, as for dashboards: any signed-in caller
who may see the folder reads; an editor of the folder creates and changes; the owner or
an admin deletes."""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.auth.access import Access, access
from gaugeboard.datasets.schemas import (
    DatasetChange,
    DatasetCreate,
    DatasetCreated,
    DatasetDeleted,
    DatasetFetched,
    DatasetList,
    DatasetListQuery,
)
from gaugeboard.datasets.service import (
    change_dataset,
    create_dataset,
    dataset_info,
    dataset_page,
    drop_dataset,
)
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import checked_body, described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.responses import json_response
from gaugeboard.input_checks import checked
from gaugeboard.state import current_state, db_session

TAGS = ["data sets"]


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/data", view_func=data_list, methods=["GET"])
    bp.add_url_rule("/data", view_func=data_create, methods=["POST"])
    bp.add_url_rule("/data/<int:dataset_id>/info", view_func=data_info, methods=["GET"])
    bp.add_url_rule("/data/<int:dataset_id>", view_func=data_change, methods=["PUT"])
    bp.add_url_rule("/data/<int:dataset_id>", view_func=data_delete, methods=["DELETE"])


@access(Access.VIEWER)
@described(query=DatasetListQuery, responses={200: DatasetList}, tags=TAGS)
def data_list() -> Response:
    """The data sets whose folders the caller may see, by name, with their columns, row
    count, size, last change and version count; ``page`` from 1 while ``has_more_data``."""
    params = checked(DatasetListQuery, request.args.to_dict(), "query")
    assert isinstance(params, DatasetListQuery)
    items, total = dataset_page(
        db_session(),
        dashboard_actor(),
        params.page,
        params.limit,
        params.name,
        params.uniquekeyavailable,
    )
    return json_response(
        {
            "ok": True,
            "data": items,
            "items": items,
            "total": total,
            "page": params.page,
            "limit": params.limit,
            "has_more_data": params.page * params.limit < total,
        }
    )


@access(Access.VIEWER)
@described(json=DatasetCreate, responses={201: DatasetCreated}, tags=TAGS, check=False)
def data_create() -> Response:
    """Create an empty data set with typed columns (``rec_id`` is added) in a folder the
    caller edits. The answer's body is the new id as a bare JSON integer (so ClicData's
    ``int(response.text)`` works); ``Location`` has its address."""
    body = checked(DatasetCreate, json_object(), "body")
    assert isinstance(body, DatasetCreate)
    state = current_state()
    dataset = create_dataset(db_session(), state.datasets, dashboard_actor(), body)
    location = f"{request.script_root}{request.path.rstrip('/')}/{dataset.id}/info"
    return json_response(dataset.id, 201, headers={"Location": location})


@access(Access.VIEWER)
@described(responses={200: DatasetFetched}, tags=TAGS)
def data_info(dataset_id: int) -> Response:
    """One data set: its columns, key columns, figures, owner and version count."""
    return json_response(
        {"ok": True, "dataset": dataset_info(db_session(), dashboard_actor(), dataset_id)}
    )


@access(Access.VIEWER)
@described(json=DatasetChange, responses={200: DatasetFetched}, tags=TAGS)
def data_change(dataset_id: int) -> Response:
    """Change the description, whether old versions are kept (``keep_versions``), or the
    row filters (``[{"column": "region", "parameter":
    "region"}]``: callers other than the owner and admins then see only the rows whose
    ``region`` is one of their teams' values of the team parameter ``region``); the owner
    or an admin."""
    body = checked_body(DatasetChange)
    dataset = change_dataset(db_session(), dashboard_actor(), dataset_id, body)
    return json_response({"ok": True, "dataset": dataset})


@access(Access.VIEWER)
@described(responses={200: DatasetDeleted}, tags=TAGS)
def data_delete(dataset_id: int) -> Response:
    """Delete the data set, its rows and every version (its owner or an admin)."""
    drop_dataset(db_session(), current_state().datasets, dashboard_actor(), dataset_id)
    return json_response({"ok": True, "deleted": dataset_id})
