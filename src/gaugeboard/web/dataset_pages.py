"""What the data set pages show, read through the services the ``/api/data`` routes call:
the list (``/datasets/``) with each data set's figures, source and schedules, and one data
set's page (``/datasets/<id>``): its columns, a page of rows sorted by a column (now or at
a past version), its versions, source, schedules and latest rebuild runs.

The pages change nothing themselves: their buttons (``static/dataset-page.js``) call the
JSON API, so there is one way to write."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import url_for

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.jobs import rebuild_runs
from gaugeboard.datasets.rebuild import KEYED_METHODS, METHODS
from gaugeboard.datasets.rows import read_rows, version_to_read, versions
from gaugeboard.datasets.schemas import RowsQuery, row_query
from gaugeboard.datasets.service import dataset_info, dataset_page, find_dataset, may_write
from gaugeboard.errors import ValidationFailed
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.input_checks import checked
from gaugeboard.state import current_state, db_session
from gaugeboard.store.types import iso_utc, utcnow
from gaugeboard.web.admin_jobs import run_row, timing_text
from gaugeboard.web.folder_page import page_number

LIST_PAGE_SIZE = 25
ROWS_PAGE_SIZE = 50
RUNS_SHOWN = 10
SIZE_UNITS = ("bytes", "kB", "MB", "GB", "TB")
# What each rebuild method does, as the page's picker says it (docs/datasets.md has more).
METHOD_TEXT = {
    "reload": "reload: replace every row with the source's",
    "recreate": "recreate: replace the columns and every row",
    "append": "append: add the source's rows",
    "update": "update: change the rows whose key matches",
    "updateappend": "updateappend: update matching rows, add the rest",
}


def size_text(size: int) -> str:
    """``812 bytes``, ``48.2 kB``, ``1.3 GB`` (powers of 1000, as disks are sold)."""
    value = float(size)
    for unit in SIZE_UNITS:
        if value < 1000 or unit == SIZE_UNITS[-1]:
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def source_summary(source: Mapping[str, Any]) -> str:
    """One line saying where the rows come from (``—`` without a source)."""
    kind = source.get("type")
    if kind == "url":
        return f"URL {source.get('url', '')}"
    if kind == "metric":
        return "events query"
    if kind == "query":
        return "SQL query over data sets"
    return "—"


def source_detail(source: Mapping[str, Any]) -> str:
    """The source's own text: the URL, the SQL, or the events query as JSON."""
    kind = source.get("type")
    if kind == "url":
        return str(source.get("url", ""))
    if kind == "query":
        return str(source.get("sql", ""))
    if kind == "metric":
        return json.dumps(source.get("query", {}), indent=2, ensure_ascii=False)
    return ""


def schedule_summary(schedules: list[dict[str, Any]]) -> str:
    """``nightly (0 3 * * * (UTC))``, several joined, ``—`` without any."""
    said = [
        f"{item['name']} ({'paused' if item['paused'] else timing_text(item)})"
        for item in schedules
    ]
    return "; ".join(said) or "—"


def dataset_url(dataset_id: int, **query: Any) -> str:
    wanted = {name: value for name, value in query.items() if value not in (None, "")}
    return url_for("gaugeboard.web.dataset_view", dataset_id=dataset_id, **wanted)


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    previous_url: str | None
    next_url: str | None


def list_context(args: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``datasets.html``: one page of the data sets the caller may see."""
    actor = dashboard_actor()
    page = page_number(args)
    items, total = dataset_page(db_session(), actor, page, LIST_PAGE_SIZE)
    pages = max(1, -(-total // LIST_PAGE_SIZE))

    def link(number: int) -> str:
        return url_for("gaugeboard.web.dataset_list", page=number)

    rows = [
        {
            **item,
            "url": dataset_url(item["id"]),
            "rows_text": f"{item['row_count']:,}",
            "size_text": size_text(item["size_bytes"]),
            "source_text": source_summary(item["source"]),
            "schedule_text": schedule_summary(item["schedules"]),
        }
        for item in items
    ]
    return {
        "datasets": rows,
        "total": total,
        "pager": Pager(
            page,
            pages,
            link(page - 1) if 1 < page <= pages else None,
            link(page + 1) if page < pages else None,
        ),
        "may_create": actor.role_allows("editor"),
        "new_url": url_for("gaugeboard.web.new_dataset"),
    }


@dataclass(frozen=True)
class RowsView:
    """A page of rows as the table draws it, with its sort links and problems."""

    columns: list[dict[str, Any]]
    rows: list[list[str]]
    version: int
    pager: Pager
    problems: list[str]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # 119, as the widgets' tables show a whole number
    return str(value)


def _asked(args: Mapping[str, str]) -> tuple[RowsQuery, int | None, list[str]]:
    """The rows query and version of the address; the defaults and every problem when bad."""
    problems: list[str] = []
    version = None
    raw = args.get("version", "")
    if raw:
        if raw.isdigit() and len(raw) < 12:
            version = int(raw)
        else:
            problems.append(f"version: {raw[:20]!r} is not a version number")
    asked = {name: args[name] for name in ("page", "sort") if args.get(name)}
    try:
        params = checked(RowsQuery, {**asked, "limit": ROWS_PAGE_SIZE}, "query")
    except ValidationFailed as error:
        return RowsQuery(limit=ROWS_PAGE_SIZE), version, problems + error.errors
    assert isinstance(params, RowsQuery)
    return params, version, problems


def _sort_links(
    dataset_id: int, names: list[str], sort: str, version: int | None
) -> list[dict[str, Any]]:
    descending = sort.startswith("-")
    current = sort.removeprefix("-")
    found = []
    for name in names:
        on = name == current
        toggled = f"-{name}" if on and not descending else name
        found.append(
            {
                "name": name,
                "url": dataset_url(dataset_id, sort=toggled, version=version),
                "aria_sort": ("descending" if descending else "ascending") if on else None,
            }
        )
    return found


def rows_view(actor: Actor | None, dataset_id: int, args: Mapping[str, str]) -> RowsView:
    """One page of rows, sorted by the column the address names, at its version."""
    db, place = db_session(), current_state().datasets
    params, version, problems = _asked(args)
    seen = version_to_read(db, place, actor, dataset_id, version)
    read_version, columns = seen.version, seen.columns
    try:
        found = read_rows(db, place, actor, dataset_id, row_query(params), read_version)
    except ValidationFailed as error:
        problems += error.errors
        params = RowsQuery(limit=ROWS_PAGE_SIZE)
        found = read_rows(db, place, actor, dataset_id, row_query(params), read_version)
    names = [column.name for column in columns]
    kept = {"sort": params.sort, "version": version}
    page = params.page
    return RowsView(
        columns=_sort_links(dataset_id, names, params.sort or "", version),
        rows=[[_cell(row.get(name)) for name in names] for row in found.rows],
        version=found.version,
        pager=Pager(
            page,
            page + 1 if found.has_more else page,
            dataset_url(dataset_id, page=page - 1, **kept) if page > 1 else None,
            dataset_url(dataset_id, page=page + 1, **kept) if found.has_more else None,
        ),
        problems=problems,
    )


def _version_rows(
    dataset_id: int, history: list[Any], current: int, shown: int
) -> list[dict[str, Any]]:
    return [
        {
            "version": item.version,
            "at": iso_utc(item.at),
            "author": item.author or "—",
            "operation": item.operation,
            "rows_added": item.rows_added,
            "rows_removed": item.rows_removed,
            "rows_updated": item.rows_updated,
            "current": item.version == current,
            "shown": item.version == shown,
            "view_url": dataset_url(dataset_id, version=item.version),
            "restore_url": url_for(
                "gaugeboard.api.data_restore", dataset_id=dataset_id, version=item.version
            ),
        }
        for item in history
    ]


def _endpoints(dataset_id: int, name: str) -> dict[str, Any]:
    return {
        "dataset": name,
        "dashboards": url_for("gaugeboard.api.dashboard_list"),
        "browse": url_for("gaugeboard.web.browse_root"),
        "rebuild": {
            method: url_for("gaugeboard.api.data_rebuild", dataset_id=dataset_id, method=method)
            for method in METHODS
        },
    }


def detail_context(dataset_id: int, args: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``dataset.html`` (``status`` 400 when the address asks the
    impossible: the page then shows the first rows and says why)."""
    db, actor, place = db_session(), dashboard_actor(), current_state().datasets
    dataset = find_dataset(db, actor, dataset_id)
    info = dataset_info(db, actor, dataset_id)
    writer = may_write(actor, dataset)
    view = rows_view(actor, dataset_id, args)
    history = versions(db, place, actor, dataset_id)
    now = utcnow()
    names = {item["id"]: item["name"] for item in info["schedules"]}
    runs = rebuild_runs(db, actor, dataset_id, RUNS_SHOWN)
    keyed = bool(info["key_columns"])
    methods = [m for m in METHODS if keyed or m not in KEYED_METHODS]
    csv_url = (
        url_for("gaugeboard.api.data_rows", dataset_id=dataset_id, format="csv")
        if view.version == info["version"]
        else url_for(
            "gaugeboard.api.data_version_rows",
            dataset_id=dataset_id,
            version=view.version,
            format="csv",
        )
    )
    return {
        "dataset": info,
        "columns": info["columns"],
        "view": view,
        "versions": _version_rows(dataset_id, history, info["version"], view.version),
        "schedules": [{**item, "timing": timing_text(item)} for item in info["schedules"]],
        "runs": [run_row(run, names, now) for run in runs],
        "source_text": source_summary(info["source"]),
        "source_detail": source_detail(info["source"]),
        "size_text": size_text(info["size_bytes"]),
        "may_write": writer,
        "may_add": actor.role_allows("editor"),
        "may_rebuild": writer and actor.role_allows("editor") and bool(info["source"]),
        "methods": [(method, METHOD_TEXT[method]) for method in methods],
        "csv_url": csv_url,
        "list_url": url_for("gaugeboard.web.dataset_list"),
        "endpoints": _endpoints(dataset_id, info["name"]),
        "status": 400 if view.problems else 200,
    }


def new_context(folder: str) -> dict[str, Any]:
    """The context of ``dataset_new.html``: where it sends the data set and its rows."""
    return {
        "folder": folder,
        "list_url": url_for("gaugeboard.web.dataset_list"),
        "create_url": url_for("gaugeboard.api.data_create"),
    }
