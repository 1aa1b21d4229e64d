"""``/api/data/<id>`` rows and ``/row``: read a page of rows (JSON or CSV, now or at a past
version), append rows (JSON objects, ClicData's ``data`` cells, or a streamed CSV upload),
update them by filter or by key, delete them by filter; versions and restore.

Every write is all or nothing and answers the new version. Reading needs the data set's
folder to be visible to the caller; writing needs editor rights in it."""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.auth.access import Access, access
from gaugeboard.datasets.csv_download import rows_csv
from gaugeboard.datasets.csv_upload import append_csv
from gaugeboard.datasets.rows import (
    WriteResult,
    append_rows,
    delete_rows,
    read_rows,
    restore_version,
    update_by_filter,
    upsert_by_keys,
    versions,
)
from gaugeboard.datasets.schemas import (
    RowsDelete,
    RowsDeleteQuery,
    RowsIn,
    RowsPage,
    RowsQuery,
    RowsUpdate,
    RowsWritten,
    VersionList,
    delete_from_query,
    filters_of,
    row_query,
)
from gaugeboard.http.body import json_object, streamed_body, upload_stream
from gaugeboard.http.contract import described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.responses import json_response
from gaugeboard.input_checks import checked
from gaugeboard.state import current_state, db_session

TAGS = ["data sets"]
CSV_TYPES = ("text/csv", "application/csv")
CSV_UPLOAD = "A CSV file: a header row of column names, then one row per line (streamed)."


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/data/<int:dataset_id>", view_func=data_rows, methods=["GET"])
    rule = "/data/<int:dataset_id>/v/<int:version>"
    bp.add_url_rule(rule, view_func=data_version_rows, methods=["GET"])
    bp.add_url_rule(rule + "/restore", view_func=data_restore, methods=["POST"])
    bp.add_url_rule("/data/<int:dataset_id>/versions", view_func=data_versions, methods=["GET"])
    bp.add_url_rule("/data/<int:dataset_id>/row", view_func=rows_append, methods=["POST"])
    bp.add_url_rule("/data/<int:dataset_id>/row", view_func=rows_update, methods=["PUT"])
    bp.add_url_rule("/data/<int:dataset_id>/row", view_func=rows_delete, methods=["DELETE"])


def _rows_answer(dataset_id: int, version: int | None) -> Response:
    params = checked(RowsQuery, request.args.to_dict(), "query")
    assert isinstance(params, RowsQuery)
    query = row_query(params)
    db, place, actor = db_session(), current_state().datasets, dashboard_actor()
    if params.format == "csv":
        paged = "limit" in request.args or "page" in request.args
        pieces = rows_csv(db, place, actor, dataset_id, query, version, paged)
        name = f"data-{dataset_id}" + (f"-v{version}" if version is not None else "")
        disposition = f'attachment; filename="{name}.csv"'
        return Response(pieces, mimetype="text/csv", headers={"Content-Disposition": disposition})
    found = read_rows(db, place, actor, dataset_id, query, version)
    return json_response(
        {
            "ok": True,
            "data": found.rows,
            "items": found.rows,
            "page": params.page,
            "limit": params.limit,
            "version": found.version,
            "has_more_data": found.has_more,
        }
    )


@access(Access.VIEWER)
@described(
    query=RowsQuery, responses={200: RowsPage}, media={200: "text/csv"}, tags=TAGS, check=False
)
def data_rows(dataset_id: int) -> Response:
    """A page of rows (``page`` from 1 while ``has_more_data``), filtered (``filters``: a
    JSON list of ``{"column", "op", "value"}``) and sorted (``sort=region,-amount``).
    ``format=csv`` streams them as CSV with a header row: every matching row unless
    ``page`` or ``limit`` is given."""
    return _rows_answer(dataset_id, None)


@access(Access.VIEWER)
@described(
    query=RowsQuery, responses={200: RowsPage}, media={200: "text/csv"}, tags=TAGS, check=False
)
def data_version_rows(dataset_id: int, version: int) -> Response:
    """The rows as they were at ``version`` (time travel), paged and filtered as now."""
    return _rows_answer(dataset_id, version)


@access(Access.VIEWER)
@described(responses={200: VersionList}, tags=TAGS)
def data_versions(dataset_id: int) -> Response:
    """Every version, newest first: when, by whom, the operation and the rows it added,
    removed and changed."""
    found = versions(db_session(), current_state().datasets, dashboard_actor(), dataset_id)
    return json_response(
        {
            "ok": True,
            "versions": [
                {
                    "version": item.version,
                    "at": item.at.isoformat().replace("+00:00", "Z"),
                    "author": item.author,
                    "operation": item.operation,
                    "rows_added": item.rows_added,
                    "rows_removed": item.rows_removed,
                    "rows_updated": item.rows_updated,
                }
                for item in found
            ],
        }
    )


def _written(result: WriteResult) -> Response:
    return json_response(
        {
            "ok": True,
            "version": result.version,
            "rows_added": result.rows_added,
            "rows_updated": result.rows_updated,
            "rows_deleted": result.rows_deleted,
            "row_count": result.row_count,
        }
    )


@access(Access.VIEWER)
@described(responses={200: RowsWritten}, tags=TAGS)
def data_restore(dataset_id: int, version: int) -> Response:
    """Make the rows as they were at ``version`` the current rows, as a new version."""
    place = current_state().datasets
    return _written(restore_version(db_session(), place, dashboard_actor(), dataset_id, version))


@access(Access.VIEWER)
@streamed_body("DATASET_MAX_UPLOAD_BYTES")
@described(
    json=RowsIn,
    responses={200: RowsWritten},
    tags=TAGS,
    check=False,
    body_media={"text/csv": CSV_UPLOAD},
)
def rows_append(dataset_id: int) -> Response:
    """Append rows, all or nothing: JSON ``rows`` (objects by column name) or ClicData's
    ``data`` (one list of ``{"column", "value"}`` cells per row), or a CSV upload
    (``Content-Type: text/csv``, up to GAUGEBOARD_DATASET_MAX_UPLOAD_BYTES, streamed)."""
    db, place, actor = db_session(), current_state().datasets, dashboard_actor()
    if request.mimetype in CSV_TYPES:
        limit = current_state().settings["DATASET_MAX_UPLOAD_BYTES"]
        return _written(append_csv(db, place, actor, dataset_id, upload_stream(), limit))
    body = checked(RowsIn, json_object(), "body")
    assert isinstance(body, RowsIn)
    where, rows = body.as_objects()
    return _written(append_rows(db, place, actor, dataset_id, rows, where))


@access(Access.VIEWER)
@described(json=RowsUpdate, responses={200: RowsWritten}, tags=TAGS, check=False)
def rows_update(dataset_id: int) -> Response:
    """Change rows, all or nothing: ``set`` values on the rows matching ``filters`` or
    ClicData's ``find`` cells; or ``rows``/``data`` matched on the ``keys`` columns, which
    take the values of the columns they name (rows matching none are refused, not added)."""
    body = checked(RowsUpdate, json_object(), "body")
    assert isinstance(body, RowsUpdate)
    db, place, actor = db_session(), current_state().datasets, dashboard_actor()
    if body.set is not None:
        filters = filters_of(body.find, body.filters)
        return _written(update_by_filter(db, place, actor, dataset_id, filters, body.set))
    where, rows = body.as_objects()
    keys = body.keys or []
    return _written(upsert_by_keys(db, place, actor, dataset_id, rows, keys, False, where))


@access(Access.VIEWER)
@described(
    query=RowsDeleteQuery, json=RowsDelete, responses={200: RowsWritten}, tags=TAGS, check=False
)
def rows_delete(dataset_id: int) -> Response:
    """Delete the rows matching ClicData's ``find`` cells (or ``filters``): ``all`` of them
    or the ``first`` (by ``rec_id``). As a JSON body, or as query parameters (``find`` and
    ``filters`` as JSON) for clients that cannot send a body with DELETE."""
    if request.content_length or request.is_json:
        body = checked(RowsDelete, json_object(), "body")
    else:
        params = checked(RowsDeleteQuery, request.args.to_dict(), "query")
        assert isinstance(params, RowsDeleteQuery)
        body = delete_from_query(params)
    assert isinstance(body, RowsDelete)
    filters = filters_of(body.find, body.filters)
    first_only = body.multiplerows == "first"
    place = current_state().datasets
    return _written(
        delete_rows(db_session(), place, dashboard_actor(), dataset_id, filters, first_only)
    )
