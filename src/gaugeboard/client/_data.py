"""``Data()``: data sets through ``/api/data``, with ClicData's method names and arguments.

Reading follows the pages to the end. The first page says which version it read, and the
pages after it are read at that version (``/v/{ver}``), so a write landing in between
cannot shift rows from one page to the next. A DataFrame is appended as one streamed CSV
upload (``_csv_body.py``): one request, one version, all or nothing. Other writes of many
rows are sent as JSON in chunks (``_chunks.py``), one version each. Both show a progress
bar on a terminal (``_progress.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from gaugeboard.client._chunks import CHUNK_ROWS, bodies, row_count, totals
from gaugeboard.client._csv_body import check_numbers, csv_pieces, spooled
from gaugeboard.client._errors import GaugeboardError
from gaugeboard.client._frames import column_types, is_frame, json_value, typed_frame
from gaugeboard.client._progress import Progress
from gaugeboard.client._resource import Resource, check_output, listed
from gaugeboard.client._runs import run_of

LIST_PAGE = 1000  # the most rows the list answers per page
ROWS_PAGE = 10_000  # the most rows a read answers per page
METHODS = ("reload", "recreate", "append", "update", "updateappend")
# ClicData's README names reload's endpoint "rebuild".
METHOD_ALIASES = {"rebuild": "reload"}
JSON = {"Content-Type": "application/json"}
CSV = {"Content-Type": "text/csv; charset=utf-8"}
LENGTH_REQUIRED = 411  # the server cannot read a streamed body: sent again with its length

Filters = Mapping[str, Any] | Sequence[Mapping[str, Any]]


def _filters(filters: Filters | None) -> str | None:
    """``{"region": "north"}`` (each an ``=``) or the API's ``[{"column", "op", "value"}]``,
    as the JSON text the ``filters`` query parameter takes."""
    if filters is None:
        return None
    if isinstance(filters, Mapping):
        filters = [{"column": key, "op": "=", "value": value} for key, value in filters.items()]
    return json.dumps([_plain(item) for item in filters])


def _plain(item: Mapping[str, Any]) -> dict[str, Any]:
    """A filter or cell with its value as JSON (a numpy number, a date, a Timestamp)."""
    found = dict(item)
    if "value" in found:
        value = found["value"]
        many = isinstance(value, list | tuple)
        found["value"] = [json_value(v) for v in value] if many else json_value(value)
    return found


def _sort(sort: str | Sequence[str] | None) -> str | None:
    return sort if sort is None or isinstance(sort, str) else ",".join(sort)


def _columns(cols: Any) -> list[dict[str, Any]]:
    """Columns from a dict (name → type), a DataFrame (types from its dtypes), or a list of
    column objects as the API takes them (``{"name", "data_type", "values"?}``)."""
    if is_frame(cols):
        cols = column_types(cols)
    if isinstance(cols, Mapping):
        return [{"name": str(name), "data_type": str(kind)} for name, kind in cols.items()]
    return [dict(column) for column in cols]


class Data(Resource):
    """Data sets: list, read (now or at a version), create, append, update, delete rows,
    rebuild from their source."""

    # --- reading --------------------------------------------------------------------------

    def get_data(
        self,
        rec_id: int | None = None,
        output: str = "df",
        name: str | None = None,
        *,
        filters: Filters | None = None,
        sort: str | Sequence[str] | None = None,
        unique_key_available: bool | None = None,
        page_size: int = ROWS_PAGE,
    ) -> Any:
        """Without ``rec_id``: every data set (``name`` keeps the one of that name,
        ``unique_key_available`` those with, or without, key columns). With it: every row
        of that data set, ``filters`` (``{"column": value}`` or the API's list with ``op``)
        and ``sort`` (``"region,-amount"``) applied by the server. A DataFrame
        (``output="df"``, typed by the data set's columns) or a list of dicts."""
        check_output(output)
        if rec_id is None:
            limit = min(page_size, LIST_PAGE)
            params = {"name": name, "uniquekeyavailable": unique_key_available, "limit": limit}
            return listed(list(self.session.pages("api/data", "data", params)), output)
        query = {"filters": _filters(filters), "sort": _sort(sort)}
        return self._rows(int(rec_id), None, query, page_size, output)

    def get_data_info(self, rec_id: int) -> dict[str, Any]:
        """One data set: columns, key columns, row count, size, version, source, owner."""
        info: dict[str, Any] = self.session.get(f"api/data/{int(rec_id)}/info")["dataset"]
        return info

    def get_data_history(
        self,
        rec_id: int,
        ver_id: int | None = None,
        output: str = "df",
        *,
        page_size: int = ROWS_PAGE,
    ) -> Any:
        """Without ``ver_id``: the versions, newest first (when, who, the operation and the
        rows added, removed and changed; ``data_rec_id`` names the data set, as in
        ClicData's client). With it: every row as it was at that version."""
        check_output(output)
        if ver_id is not None:
            return self._rows(int(rec_id), int(ver_id), {}, page_size, output)
        versions = self.session.get(f"api/data/{int(rec_id)}/versions")["versions"]
        return listed([{**item, "data_rec_id": int(rec_id)} for item in versions], output)

    def _rows(
        self,
        rec_id: int,
        version: int | None,
        query: dict[str, Any],
        page_size: int,
        output: str,
    ) -> Any:
        path = f"api/data/{rec_id}" + ("" if version is None else f"/v/{version}")
        rows: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self.session.get(path, **query, page=page, limit=page_size)
            rows += body["data"]
            if not body.get("has_more_data"):
                break
            path = f"api/data/{rec_id}/v/{body['version']}"  # the same version to the end
            page += 1
        if output == "dict":
            return rows
        return typed_frame(rows, self.get_data_info(rec_id)["columns"])

    # --- creating and writing -------------------------------------------------------------

    def create_data(
        self,
        name: str,
        desc: str = "",
        cols: Any = None,
        *,
        key_columns: Sequence[str] = (),
        folder: str = "",
        keep_versions: bool = True,
    ) -> int:
        """Create an empty data set; returns its id. ``cols`` is a dict of column name →
        type (``text``, ``number``, ``integer``, ``percentage``, ``datetime``, ``date``,
        ``checkbox``, ``dropdown``), a DataFrame whose dtypes give the types, or a list of
        column objects (a ``dropdown`` lists its ``values``)."""
        if cols is None:
            raise ValueError("cols: give the columns (a dict of name → type, or a DataFrame)")
        body: dict[str, Any] = {"name": name, "description": desc, "columns": _columns(cols)}
        body.update(key_columns=list(key_columns), folder=folder, keep_versions=keep_versions)
        return int(self.session.request("POST", "api/data", json=body).text)

    def append_data(
        self,
        rec_id: int,
        data: Any,
        *,
        chunk_size: int | None = None,
        progress: bool | None = None,
    ) -> dict[str, Any]:
        """Append the rows of a DataFrame (or a list of dicts); a ``rec_id`` column is left
        out (the server numbers rows). A DataFrame goes as one streamed CSV upload: one
        version, and a bad row anywhere writes nothing (``rows[n]`` in the error is the
        frame's row at position ``n``). A list of dicts, or a frame given ``chunk_size``,
        goes as JSON requests of at most ``chunk_size`` rows (50,000 by default), one
        version each: a failure part-way leaves the earlier requests' rows written, and
        the error's notes say how many. Returns ``rows_added``, the last ``version``,
        ``row_count`` and the number of ``requests``."""
        if is_frame(data) and chunk_size is None:
            return self._append_frame(int(rec_id), data, progress)
        size = CHUNK_ROWS if chunk_size is None else chunk_size
        return self._write("POST", int(rec_id), data, {}, size, progress, "append")

    def _append_frame(self, rec_id: int, df: Any, progress: bool | None) -> dict[str, Any]:
        check_numbers(df)
        columns = self.get_data_info(rec_id)["columns"]
        kinds = {str(column["name"]): str(column["data_type"]) for column in columns}
        path = f"api/data/{rec_id}/row"
        with Progress(len(df.index), f"append {rec_id}", progress) as bar:

            def pieces() -> Iterator[bytes]:
                bar.restart()
                for text, rows in csv_pieces(df, kinds):
                    yield text
                    bar.advance(rows)

            try:
                answer = self.session.request("POST", path, content=pieces, headers=CSV)
            except GaugeboardError as error:
                if error.status != LENGTH_REQUIRED:
                    raise
                with spooled(pieces()) as (read_back, size):
                    headers = {**CSV, "Content-Length": str(size)}
                    answer = self.session.request("POST", path, content=read_back, headers=headers)
        return totals([answer.json()])

    def update_data(
        self,
        rec_id: int,
        data: Any,
        keys: Sequence[str],
        *,
        chunk_size: int = CHUNK_ROWS,
        progress: bool | None = None,
    ) -> dict[str, Any]:
        """Change the stored rows whose ``keys`` columns equal those of a row of ``data``:
        they take its values in the columns it has. Rows matching none are not added
        (``rows_updated`` counts the matches)."""
        if isinstance(keys, str):
            keys = [keys]
        head = {"keys": list(keys)}
        return self._write("PUT", int(rec_id), data, head, chunk_size, progress, "update")

    def _write(
        self,
        method: str,
        rec_id: int,
        data: Any,
        head: dict[str, Any],
        chunk_size: int,
        progress: bool | None,
        what: str,
    ) -> dict[str, Any]:
        answers: list[dict[str, Any]] = []
        sent = 0
        drop = ("rec_id",) if method == "POST" else ()
        path = f"api/data/{rec_id}/row"
        with Progress(row_count(data), f"{what} {rec_id}", progress) as bar:
            for body, rows in bodies(data, head, drop, chunk_size):
                try:
                    answer = self.session.request(method, path, content=body, headers=JSON)
                except GaugeboardError as error:
                    if sent:
                        error.add_note(
                            f"the first {sent} rows were written by earlier requests "
                            f"(version {answers[-1].get('version')}); the rest were not"
                        )
                    raise
                answers.append(answer.json())
                sent += rows
                bar.advance(rows)
        return totals(answers)

    def static_send_data(self, name: str, desc: str, data: Any, **options: Any) -> dict[str, Any]:
        """Create a data set with the DataFrame's columns and append its rows; returns
        ``rec_id`` and the append's figures. When not one row could be written, the new,
        empty data set is deleted again before the error is raised."""
        if not is_frame(data):
            raise TypeError("static_send_data takes a DataFrame (its dtypes give the columns)")
        rec_id = self.create_data(name, desc, data)
        try:
            written = self.append_data(rec_id, data, **options)
        except GaugeboardError:
            if not self.get_data_info(rec_id)["row_count"]:
                self.delete_dataset(rec_id)
            raise
        return {"rec_id": rec_id, **written}

    def delete_data(
        self, rec_id: int, filters: Filters, multiple_rows: str = "all"
    ) -> dict[str, Any]:
        """Delete the rows matching ``filters`` (``{"column": value}``, or the API's list
        with ``op``): ``all`` of them, or only the ``first`` (smallest ``rec_id``)."""
        if multiple_rows not in ("all", "first"):
            raise ValueError(f'multiple_rows: {multiple_rows!r} is neither "all" nor "first"')
        body: dict[str, Any] = {"multiplerows": multiple_rows}
        if isinstance(filters, Mapping):
            cells = [{"column": key, "value": value} for key, value in filters.items()]
            body["find"] = [_plain(cell) for cell in cells]
        else:
            body["filters"] = [_plain(item) for item in filters]
        # Deleting "the first" match twice would delete two rows: never sent again.
        answer: dict[str, Any] = self.session.send(
            "DELETE", f"api/data/{int(rec_id)}/row", body, idempotent=multiple_rows == "all"
        )
        return answer

    def restore_data_version(self, rec_id: int, ver_id: int) -> dict[str, Any]:
        """Make the rows of version ``ver_id`` the current ones, as a new version."""
        path = f"api/data/{int(rec_id)}/v/{int(ver_id)}/restore"
        answer: dict[str, Any] = self.session.send("POST", path)
        return answer

    def delete_dataset(self, rec_id: int) -> dict[str, Any]:
        """Delete the data set itself, its rows and every version (its owner or an admin)."""
        answer: dict[str, Any] = self.session.send("DELETE", f"api/data/{int(rec_id)}")
        return answer

    # --- rebuilding -----------------------------------------------------------------------

    def rebuild_data(
        self,
        rec_id: int,
        method: str,
        wait: bool = False,
        *,
        poll_seconds: float = 1.0,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Queue a rebuild from the data set's source (``reload``, ``recreate``,
        ``append``, ``update``, ``updateappend``; see docs/datasets.md) and return its job
        run; with ``wait``, return it once it has ended (check its ``state``)."""
        method = METHOD_ALIASES.get(method, method)
        if method not in METHODS:
            raise ValueError(f"method: {method!r} is not one of {', '.join(METHODS)}")
        queued = self.session.send("POST", f"api/data/{int(rec_id)}/{method}")
        return run_of(self.session, queued, wait, poll_seconds=poll_seconds, timeout=timeout)
