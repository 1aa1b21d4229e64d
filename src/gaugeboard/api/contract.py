"""The API contract document: ``/api/openapi.json`` built by spectree from the models each
view declares with ``http/contract.py``'s ``@described``, from the app's URL map (so a host
app's prefix is in every path), finished with gaugeboard's error body, token schemes and
the media types of answers that are not JSON.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from typing import Any

from flask import Flask

from gaugeboard.auth.access import Access, declared_access
from gaugeboard.http.contract import SPEC, ErrorBody
from gaugeboard.view_marks import mark_of

_DOCUMENTS: weakref.WeakKeyDictionary[Flask, dict[str, Any]] = weakref.WeakKeyDictionary()
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


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


# Who may call an operation, as the reference page says it (the least role; some views
# check more, such as folder grants or ownership, and say so in their own text).
WHO: dict[Access, str] = {
    Access.PUBLIC: "anyone, signed in or not",
    Access.SIGNED_IN: "any signed-in user",
    Access.DASHBOARD_READER: "viewers, editors and admins (anyone when"
    " GAUGEBOARD_DASHBOARD_ACCESS=public)",
    Access.STATUS_READER: "viewers, editors and admins (anyone when"
    " GAUGEBOARD_STATUS_ACCESS=public)",
    Access.VIEWER: "viewers, editors and admins",
    Access.EDITOR: "editors and admins",
    Access.ADMIN: "admins",
}
_GENERATED_SUMMARY = re.compile(r"(\w+) <[A-Z]+>")


def _operation_access(app: Flask) -> dict[tuple[str, str], Access]:
    """Each operation's declared access rule, keyed as the document keys it."""
    found = {}
    for rule in app.url_map.iter_rules():
        level = declared_access(app.view_functions.get(rule.endpoint))
        if level is not None:
            for method in rule.methods or ():
                found[(openapi_path(rule.rule), method.lower())] = level
    return found


def _describe_access(operation: dict[str, Any], level: Access | None) -> None:
    """Say who may call it (also as ``x-gaugeboard-access``), and replace spectree's
    ``name <METHOD>`` summary of an undocumented view with words."""
    generated = _GENERATED_SUMMARY.fullmatch(operation.get("summary", ""))
    if generated:
        operation["summary"] = generated.group(1).replace("_", " ").capitalize()
    if level is None:
        return
    operation["x-gaugeboard-access"] = level.value
    who = f"Who may call it: {WHO[level]}."
    text = operation.get("description", "")
    operation["description"] = f"{who}\n\n{text}" if text else who


def _media_types(app: Flask, mark: str) -> dict[tuple[str, str], dict[Any, str]]:
    found = {}
    for rule in app.url_map.iter_rules():
        media = mark_of(app.view_functions.get(rule.endpoint), mark)
        if media:
            for method in rule.methods or ():
                found[(openapi_path(rule.rule), method.lower())] = media
    return found


def _set_media(operation: dict[str, Any], media: Mapping[int | str, str | tuple[str, ...]]) -> None:
    """An answer that is not JSON: its media type (or the types a ``format`` parameter
    picks from), with any body (text, HTML, GIF, PNG); beside the JSON one when the answer
    also has a model (a CSV form of the same rows)."""
    for code, given in media.items():
        types = (given,) if isinstance(given, str) else given
        answer = operation["responses"].setdefault(str(code), {"description": "OK"})
        if code == "default":
            answer["content"] = {media_type: {"schema": {}} for media_type in types}
            answer["description"] = "An error, answered as the reference's endpoint does"
        else:
            for media_type in types:
                answer.setdefault("content", {})[media_type] = {"schema": {}}


def _set_body_media(operation: dict[str, Any], media: Mapping[str, str]) -> None:
    """Request bodies accepted besides JSON (a CSV upload), each as text."""
    if not media:
        return
    body = operation.setdefault("requestBody", {"content": {}})
    for media_type, description in media.items():
        body["content"][media_type] = {"schema": {"type": "string", "description": description}}


def _set_form_media(operation: dict[str, Any], media: Any) -> None:
    """A form sent as another media type than spectree's ``multipart/form-data``."""
    content = operation.get("requestBody", {}).get("content", {})
    if isinstance(media, str) and "multipart/form-data" in content:
        content[media] = content.pop("multipart/form-data")


def _token_url(app: Flask) -> str:
    """Where OAuth clients get tokens, under the app's mount prefix."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith(".oauth_token") and rule.rule.endswith("/oauth/token"):
            return rule.rule
    return "/api/oauth/token"


def _finish(document: dict[str, Any], app: Flask) -> dict[str, Any]:
    """Our error body as every operation's default answer, our token schemes, and
    spectree's own 422 validation answer removed (ours is a 400 with ErrorBody)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in [name for name in schemas if name.startswith("ValidationError")]:
        del schemas[name]
    schemas["ErrorBody"] = ErrorBody.model_json_schema()
    document["components"]["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer"},
        "basic": {"type": "http", "scheme": "basic"},
        "oauth2": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": _token_url(app), "scopes": {}}},
        },
        "session": {"type": "apiKey", "in": "cookie", "name": "gaugeboard_session"},
    }
    document["security"] = [{"bearer": []}, {"oauth2": []}, {"basic": []}, {"session": []}]
    _text_without_nul(document)
    levels = _operation_access(app)
    media = _media_types(app, "media")
    body_media = _media_types(app, "body_media")
    form_media = _media_types(app, "form_media")
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            _finish_operation(operation, media.get((path, method), {}))
            _set_body_media(operation, body_media.get((path, method), {}))
            _set_form_media(operation, form_media.get((path, method)))
            level = levels.get((path, method))
            _describe_access(operation, level)
            if level is Access.PUBLIC:
                operation["security"] = []
    return document


def _finish_operation(operation: dict[str, Any], media: Mapping[int | str, Any]) -> None:
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
