"""The data set pages: ``/datasets/`` (the list, linked from the top navigation),
``/datasets/<id>`` (one data set: columns, rows, versions, source, schedules and runs,
with restore, "Rebuild now" and "Add to a dashboard") and ``/datasets-new/`` (a CSV file
previewed in the browser, its column types guessed and editable, then created and
uploaded through the API). ``web/dataset_pages.py`` gathers what they show."""

from __future__ import annotations

from flask import Blueprint, Response, request

from gaugeboard.auth.access import Access, access
from gaugeboard.web.dataset_pages import detail_context, list_context, new_context
from gaugeboard.web.import_views import creatable_folder
from gaugeboard.web.rendering import render_page


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/datasets/", view_func=dataset_list)
    bp.add_url_rule("/datasets/<int:dataset_id>", view_func=dataset_view)
    bp.add_url_rule("/datasets-new/", view_func=new_dataset)


@access(Access.VIEWER)
def dataset_list() -> Response:
    return render_page("datasets.html", **list_context(request.args))


@access(Access.VIEWER)
def dataset_view(dataset_id: int) -> Response:
    return render_page("dataset.html", **detail_context(dataset_id, request.args))


@access(Access.EDITOR)
def new_dataset() -> Response:
    folder = creatable_folder(request.args.get("folder", ""))
    return render_page("dataset_new.html", **new_context(folder))
