"""The API contract: each JSON view declares its pydantic models with ``@described``, and
the same models both check the request and describe it in ``/api/openapi.json``.

spectree builds the document from the app's URL map (so a host app's prefix is in every
path) in document-only mode: the checking is done here, through ``api/body.py``, and
raises ``ValidationFailed``, so the guard and the one error body stay gaugeboard's.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, cast

from flask import Flask, request
from pydantic import BaseModel, ValidationError
from spectree import Response, SpecTree

from gaugeboard.auth.access import Access, declared_access
from gaugeboard.errors import ValidationFailed
from gaugeboard.http.body import json_object
from gaugeboard.view_marks import F, mark_of, marker

SPEC = SpecTree("flask", mode="strict", title="gaugeboard", version="1", annotations=False)
_DOCUMENTS: weakref.WeakKeyDictionary[Flask, dict[str, Any]] = weakref.WeakKeyDictionary()
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


class ErrorBody(BaseModel):
    """The one error body of every route under ``/api/`` and ``/_api/``."""

    ok: Literal[False]
    status: int
    code: str
    error: str
    errors: list[str]


def problems_of(error: ValidationError, where: str = "") -> list[str]:
    """``field.path: message`` for every problem pydantic found."""
    found = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"]) or where or "body"
        found.append(f"{path}: {item['msg']}")
    return found


def checked(model: type[BaseModel], data: Any, where: str) -> BaseModel:
    """``data`` validated by ``model``; ValidationFailed lists every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(problems_of(exc, where)) from None


def _check_request(query: type[BaseModel] | None, body: type[BaseModel] | None) -> None:
    if query is not None:
        checked(query, request.args.to_dict(), "query")
    if body is not None:
        checked(body, json_object(), "body")


def described(
    *,
    responses: Mapping[int, type[BaseModel] | None],
    query: type[BaseModel] | None = None,
    json: type[BaseModel] | None = None,
    tags: Iterable[str] = (),
    check: bool = True,
    media: Mapping[int | str, str] | None = None,
) -> Callable[[F], F]:
    """Describe a view by its models; the query string and JSON body are checked by them
    before the view runs (the view still reads its body through ``api/body.py``).

    ``check=False`` when the engine checks the input with this same model itself (the
    dashboard document) or must answer first in its own words (a seed endpoint's body, an
    authorization before the body). ``media`` names the type of an answer that is not
    JSON (``{200: "text/html"}``; ``"default"`` for the errors of a seed endpoint)."""
    resp = Response(**{f"HTTP_{code}": model for code, model in responses.items()})

    def wrap(view: F) -> F:
        @functools.wraps(view)
        def view_checked(*args: Any, **kwargs: Any) -> Any:
            if check:
                _check_request(query, json)
            return view(*args, **kwargs)

        documented = SPEC.validate(
            query=query, json=json, resp=resp, tags=list(tags), skip_validation=True
        )(view_checked)
        return cast(F, marker("media", dict(media or {}))(documented))

    return wrap


def openapi_path(rule: str) -> str:
    """``/api/dashboard/<int:dashboard_id>`` → ``/api/dashboard/{dashboard_id}``."""
    return _CONVERTER.sub(r"{\1}", rule)


def openapi_document(app: Flask) -> dict[str, Any]:
    """The document of ``app`` (built once per app, inside its app context)."""
    document = _DOCUMENTS.get(app)
    if document is None:
        document = _finish(SPEC._generate_spec(), app)
        _DOCUMENTS[app] = document
    return document


def _public_operations(app: Flask) -> set[tuple[str, str]]:
    public = set()
    for rule in app.url_map.iter_rules():
        if declared_access(app.view_functions.get(rule.endpoint)) is Access.PUBLIC:
            for method in rule.methods or ():
                public.add((openapi_path(rule.rule), method.lower()))
    return public


def _media_types(app: Flask) -> dict[tuple[str, str], dict[int | str, str]]:
    found = {}
    for rule in app.url_map.iter_rules():
        media = mark_of(app.view_functions.get(rule.endpoint), "media")
        if media:
            for method in rule.methods or ():
                found[(openapi_path(rule.rule), method.lower())] = media
    return found


def _set_media(operation: dict[str, Any], media: Mapping[int | str, str]) -> None:
    """An answer that is not JSON: its media type, with any body (text, HTML, GIF)."""
    for code, media_type in media.items():
        answer = operation["responses"].setdefault(str(code), {"description": "OK"})
        answer["content"] = {media_type: {"schema": {}}}
        if code == "default":
            answer["description"] = "An error, answered as the reference's endpoint does"


def _finish(document: dict[str, Any], app: Flask) -> dict[str, Any]:
    """Our error body as every operation's default answer, our token schemes, and
    spectree's own 422 validation answer removed (ours is a 400 with ErrorBody)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in [name for name in schemas if name.startswith("ValidationError")]:
        del schemas[name]
    schemas["ErrorBody"] = ErrorBody.model_json_schema()
    document["components"]["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer"},
        "session": {"type": "apiKey", "in": "cookie", "name": "gaugeboard_session"},
    }
    document["security"] = [{"bearer": []}, {"session": []}]
    _text_without_nul(document)
    public = _public_operations(app)
    media = _media_types(app)
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            _finish_operation(operation, media.get((path, method), {}))
            if (path, method) in public:
                operation["security"] = []
    return document


def _finish_operation(operation: dict[str, Any], media: Mapping[int | str, str]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
            parameter["schema"]["minimum"] = 0  # Werkzeug's int converter
    operation["responses"].pop("422", None)
    operation["responses"]["default"] = {
        "description": "An error, with the one error body",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    }
    _set_media(operation, media)


def _text_without_nul(node: Any) -> None:
    """Every plain string refuses NUL (``api/body.py`` does, PostgreSQL cannot store it)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not node.keys() & {"pattern", "enum", "const"}:
            node["pattern"] = "^[^\\u0000]*$"
        for value in node.values():
            _text_without_nul(value)
    elif isinstance(node, list):
        for value in node:
            _text_without_nul(value)
