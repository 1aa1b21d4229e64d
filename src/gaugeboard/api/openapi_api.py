"""``/api/openapi.json`` and ``/api/docs``: the API contract and its reference page.

Both are public: the document describes the routes every installation has and holds no
data or setting, and clients and code generators fetch it before they hold a token. The
page draws the document with Swagger UI 5 (the first to read OpenAPI 3.1, which the
document is), whose files come from the ``swagger-ui-py`` Python package through our own
route (no CDN), started by our own script (no inline script, so the page works under
``script-src 'self'``). Only the package's static folder is read: its Python code is
never imported.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import orjson
from flask import Blueprint, Response, current_app, url_for
from markupsafe import escape
from pydantic import BaseModel, ConfigDict

from gaugeboard.api.contract import openapi_document
from gaugeboard.auth.access import Access, access
from gaugeboard.errors import NotFound
from gaugeboard.http.contract import described

UI_FILES = frozenset({"swagger-ui-bundle.js", "swagger-ui.css"})
ONE_DAY = 24 * 3600


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document (its parts are free-form)."""

    model_config = ConfigDict(extra="allow")
    openapi: str
    paths: dict[str, dict[str, object]]


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gaugeboard API reference</title>
<link rel="stylesheet" href="{css}">
</head>
<body>
<main id="swagger-ui" data-document="{document}"></main>
<script src="{bundle}"></script>
<script src="{starter}"></script>
</body>
</html>
"""


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/openapi.json", view_func=openapi_json, methods=["GET"])
    bp.add_url_rule("/docs", view_func=api_docs, methods=["GET"])
    bp.add_url_rule("/docs/<name>", view_func=api_docs_file, methods=["GET"])


@access(Access.PUBLIC)
@described(responses={200: OpenApiDocument}, tags=["contract"])
def openapi_json() -> Response:
    document = openapi_document(current_app._get_current_object())  # type: ignore[attr-defined]
    return Response(orjson.dumps(document), mimetype="application/json")


@access(Access.PUBLIC)
@described(responses={200: None}, tags=["contract"])
def api_docs() -> Response:
    page = PAGE.format(
        css=escape(url_for(".api_docs_file", name="swagger-ui.css")),
        bundle=escape(url_for(".api_docs_file", name="swagger-ui-bundle.js")),
        starter=escape(url_for("gaugeboard.web.static_file", filename="api-docs.js")),
        document=escape(url_for(".openapi_json")),
    )
    return Response(page, mimetype="text/html")


@access(Access.PUBLIC)
@described(responses={200: None}, tags=["contract"])
def api_docs_file(name: str) -> Response:
    if name not in UI_FILES:
        raise NotFound()
    mimetype = "text/css" if name.endswith(".css") else "text/javascript"
    response = Response(_ui_file(name), mimetype=mimetype)
    response.headers["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response


@cache
def _ui_file(name: str) -> bytes:
    return (_ui_folder() / name).read_bytes()


def _ui_folder() -> Path:
    """The package's static folder, found without running the package (which would
    import its own web-framework glue)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise NotFound("The API reference page needs the swagger-ui-py package.")
    return Path(next(iter(spec.submodule_search_locations))) / "static"
