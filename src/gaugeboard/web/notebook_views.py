"""Notebook dashboards as pages: the page of a notebook (``/dashboards/…`` and
``/dashboards-plain/…`` reach it through ``dashboard_views``), the files of its bundle
under its own address, and the HTML frames and SVG pictures its outputs name.

Nothing a notebook holds is served as a document of gaugeboard's origin: HTML outputs
answer under the sandboxing policy of ``html`` widgets, SVG outputs and bundle files under
a ``sandbox`` policy of their own with ``nosniff``, bundle files only with types that
cannot run (anything else is a download), and the notebook itself never (it holds the
code the page hides).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, Response, request, send_file

from gaugeboard.auth.access import Access, access
from gaugeboard.errors import NotFound
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.headers import WidgetSources, allow_widget_sources
from gaugeboard.http.html_frames import HTML_WIDGET_POLICY
from gaugeboard.http.notebook_outputs import (
    file_url,
    notebook_address,
    page_outputs,
)
from gaugeboard.notebooks.outputs import Extras
from gaugeboard.notebooks.run_requests import last_failure, may_change, rendered_run
from gaugeboard.notebooks.service import can_view_notebook, rendered_notebook, rendered_version
from gaugeboard.state import current_state, db_session
from gaugeboard.store import notebooks as store
from gaugeboard.store.notebook_models import Notebook
from gaugeboard.store.types import iso_utc
from gaugeboard.web.rendering import render_page
from gaugeboard.web.vega_bundle import bundle_version

# What a bundle file, an SVG output or a frame may do when opened on its own: nothing
# that runs; pictures and inline styles only.
FILE_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"
# Bundle files served inline, by extension; anything else is a download.
INLINE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".txt": "text/plain",
    ".md": "text/plain",
    ".json": "application/json",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
}
FILE_MAX_AGE = 60
FRAME_MAX_AGE = 3600


def register(bp: Blueprint) -> None:
    bp.add_url_rule(
        "/notebook-outputs/<int:notebook_id>/<int:version>/<name>", view_func=notebook_output
    )
    bp.add_url_rule(
        "/notebook-outputs/<int:notebook_id>/runs/<key>/<name>", view_func=notebook_run_output
    )


def render_notebook_page(notebook: Notebook, plain: bool, kiosk: bool) -> Response:
    """The page of a notebook dashboard: its cells drawn like a dashboard's widgets."""
    db = db_session()
    rendered = rendered_notebook(db, current_state().notebooks, notebook)
    allow_widget_sources(WidgetSources(images=tuple(sorted(rendered.extras.image_origins))))
    path = notebook_address(notebook)
    return render_page(
        "notebook.html",
        notebook=notebook,
        title=notebook.title,
        path=path,
        rendered=rendered,
        specs=page_outputs(rendered, notebook, notebook.version),
        parameters=[parameter.as_dict() for parameter in rendered.parameters],
        failure=last_failure(db, notebook),
        may_run=may_change(dashboard_actor(), notebook),
        plain=plain,
        kiosk=kiosk,
        breadcrumbs=[part for part in notebook.folder.split("/") if part],
        updated_at=iso_utc(notebook.updated_at),
        vega_version=bundle_version(),
    )


def bundle_file_response(path: Path) -> Response:
    """A file of a bundle, typed by its extension and unable to run anything. A version's
    files never change, so its path is its ETag (checked before the file is opened)."""
    mimetype = INLINE_TYPES.get(path.suffix.lower())
    etag = hashlib.sha256(str(path).encode()).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
    else:
        response = send_file(
            path,
            mimetype=mimetype or "application/octet-stream",
            as_attachment=mimetype is None,
            download_name=path.name,
            conditional=False,
            etag=etag,
        )
    response.cache_control.private = True
    response.cache_control.max_age = FILE_MAX_AGE
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _frame_html(html: str, notebook: Notebook) -> str:
    """An HTML output with the bundle's folder as its base, so its relative pictures load."""
    base = file_url(notebook_address(notebook), "", external=True)
    return f'<base href="{base}">\n{html}'


def _output_response(extras: Extras, notebook: Notebook, name: str) -> Response:
    part, _, suffix = name.rpartition(".")
    private = f"private, max-age={FRAME_MAX_AGE}"
    if suffix == "html" and part in extras.html:
        return Response(
            _frame_html(extras.html[part], notebook),
            mimetype="text/html",
            headers={
                "Content-Security-Policy": HTML_WIDGET_POLICY,
                "X-Frame-Options": "SAMEORIGIN",
                "Cache-Control": private,
            },
        )
    if suffix == "svg" and part in extras.svg:
        return Response(
            extras.svg[part],
            mimetype="image/svg+xml",
            headers={"Content-Security-Policy": FILE_POLICY, "Cache-Control": private},
        )
    raise NotFound(f"output: there is no output {name!r} here")


def _viewed_notebook(notebook_id: int) -> Notebook:
    notebook = store.get_notebook(db_session(), notebook_id)
    if notebook is None or not can_view_notebook(dashboard_actor(), notebook):
        raise NotFound("notebook: no such notebook dashboard")
    return notebook


@access(Access.DASHBOARD_READER)
def notebook_output(notebook_id: int, version: int, name: str) -> Response:
    """The HTML (``<part>.html``, for a sandboxed frame) or SVG (``<part>.svg``, as a
    picture) of one output of one version."""
    notebook = _viewed_notebook(notebook_id)
    found = store.get_version(db_session(), notebook.id, version)
    if found is None:
        raise NotFound(f"version: this notebook has no version {version}")
    extras = rendered_version(current_state().notebooks, notebook, found).extras
    return _output_response(extras, notebook, name)


@access(Access.DASHBOARD_READER)
def notebook_run_output(notebook_id: int, key: str, name: str) -> Response:
    """An HTML or SVG output of a run with a viewer's values, or of one cell run."""
    notebook = _viewed_notebook(notebook_id)
    rendered = rendered_run(current_state().notebooks, notebook.id, key) if key.isalnum() else None
    if rendered is None:
        raise NotFound("run: these run outputs are gone; run it again")
    return _output_response(rendered.extras, notebook, name)
