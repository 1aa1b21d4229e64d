"""Describing a route: a view declares its pydantic models with ``@described``, and the
same models both check the request and describe it in ``/api/openapi.json`` (which
``api/contract.py`` builds). Pages use it too (the status page, its Atom feed).

spectree only describes (document-only mode): the checking is done here, through
``http/body.py``, and raises ``ValidationFailed``, so the guard and the one error body
stay gaugeboard's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, cast

from flask import request
from pydantic import BaseModel, ValidationError
from spectree import Response, SpecTree
from spectree.model_adapter.pydantic_adapter import BaseFile

from gaugeboard.errors import ValidationFailed
from gaugeboard.http.body import json_object
from gaugeboard.view_marks import F, marker

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
    form: type[BaseModel] | None = None,
    tags: Iterable[str] = (),
    check: bool = True,
    media: Mapping[int | str, str] | None = None,
) -> Callable[[F], F]:
    """Describe a view by its models; the query string and JSON body are checked by them
    before the view runs (the view still reads its body through ``http/body.py``).

    ``check=False`` when the engine checks the input with this same model itself (the
    dashboard document) or must answer first in its own words (a seed endpoint's body, an
    authorization before the body). ``media`` names the type of an answer that is not
    JSON (``{200: "text/html"}``; ``"default"`` for the errors of a seed endpoint).
    ``form`` describes a ``multipart/form-data`` body (a file field is typed
    ``UploadedFile``); the view reads and checks it itself."""
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
        return cast(F, marker("media", dict(media or {}))(documented))

    return wrap
