"""Describing a route: a view declares its pydantic models with ``@described``, and the
same models both check the request and describe it in ``/api/openapi.json`` (which
``api/contract.py`` builds). Pages use it too (the status page, its Atom feed).

spectree only describes (document-only mode): the checking is done here, through
``http/body.py`` and ``input_checks.py``, and raises ``ValidationFailed``, so the guard
(which runs before any view, so a caller without the right hears 401/403 first) and the
one error body stay gaugeboard's. The view reads what was checked with ``checked_query``
and ``checked_body``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar, cast

from flask import request
from pydantic import BaseModel
from spectree import Response, SpecTree
from spectree.model_adapter.pydantic_adapter import BaseFile

from gaugeboard.http.body import json_object
from gaugeboard.input_checks import checked
from gaugeboard.view_marks import F, marker

M = TypeVar("M", bound=BaseModel)
SPEC = SpecTree("flask", mode="strict", title="gaugeboard", version="1", annotations=False)
# A file field of a ``form`` model: described as a binary string, read by the view.
UploadedFile = BaseFile


class ErrorBody(BaseModel):
    """The one error body of every route under ``/api/`` and ``/_api/``."""

    ok: Literal[False]
    status: int
    code: str
    error: str
    errors: list[str]


def checked_query(model: type[M], context: Mapping[str, Any] | None = None) -> M:
    """The query string as ``model`` checked it (before the view, unless the view is
    described with ``check=False``: then here, when the view asks, with the ``context``
    its validators need, such as the thing the request addresses)."""
    return _checked_once("query", model, lambda: request.args.to_dict(), context)


def checked_body(model: type[M], context: Mapping[str, Any] | None = None) -> M:
    """The JSON body as ``model`` checked it (as ``checked_query``); 415 unless it is
    JSON, 400 naming every problem."""
    return _checked_once("body", model, json_object, context)


def _checked_once(
    where: str, model: type[M], read: Callable[[], Any], context: Mapping[str, Any] | None
) -> M:
    done: dict[str, BaseModel] = request.environ.setdefault("gaugeboard.checked", {})
    found = done.get(where)
    if isinstance(found, model) and context is None:
        return found
    value = checked(model, read(), where, context)
    done[where] = value
    return value


def _check_request(query: type[BaseModel] | None, body: type[BaseModel] | None) -> None:
    if query is not None:
        checked_query(query)
    if body is not None:
        checked_body(body)


def described(
    *,
    responses: Mapping[int, type[BaseModel] | None],
    query: type[BaseModel] | None = None,
    json: type[BaseModel] | None = None,
    form: type[BaseModel] | None = None,
    tags: Iterable[str] = (),
    check: bool = True,
    media: Mapping[int | str, str | tuple[str, ...]] | None = None,
    body_media: Mapping[str, str] | None = None,
    form_media: str | None = None,
) -> Callable[[F], F]:
    """Describe a view by its models; the query string and JSON body are checked by them
    before the view runs, and the view reads them with ``checked_query``/``checked_body``.

    ``check=False`` when the engine checks the input with this same model itself (the
    dashboard document), when something must answer before the input is read (an
    authorization or a lookup of the thing addressed: the view then calls
    ``checked_query``/``checked_body`` after it, which an optional body may skip), or when
    a seed endpoint answers in its own words. ``media`` names the type of an answer that is
    not JSON (``{200: "text/html"}``, or a tuple of the types one answer may take, as a
    ``format`` parameter picks; ``"default"`` for the errors of a seed endpoint); next
    to a model, it is a second form of that answer (``format=csv``). ``body_media`` names
    request bodies accepted besides JSON, each with a sentence (``{"text/csv": …}``).
    ``form`` describes a ``multipart/form-data`` body (a file field is typed
    ``UploadedFile``); the view reads and checks it itself. ``form_media`` names its media
    type when it is not ``multipart/form-data`` (``application/x-www-form-urlencoded``)."""
    resp = Response(**{f"HTTP_{code}": model for code, model in responses.items()})

    def wrap(view: F) -> F:
        @functools.wraps(view)
        def view_checked(*args: Any, **kwargs: Any) -> Any:
            if check:
                _check_request(query, json)
            return view(*args, **kwargs)

        documented = SPEC.validate(
            query=query, json=json, form=form, resp=resp, tags=list(tags), skip_validation=True
        )(view_checked)
        marked = marker("media", dict(media or {}))(documented)
        marked = marker("form_media", form_media)(marked)
        return cast(F, marker("body_media", dict(body_media or {}))(marked))

    return wrap
