"""Checking input with the pydantic model that describes it, every problem said as
``path: reason`` in the house's words.

Views check their query string and body through ``http/contract.py``, which uses these;
an engine that must check its input itself (before a lookup, or for a caller other than
a request) calls ``checked`` with the same model, so one model is both the description
and the check. pydantic's own wording is kept unless a model asks for other words:
``Field`` constraints, validators raising ``ValueError("must be …")`` (said without
pydantic's "Value error, " prefix), ``worded`` for the problems no validator sees (a
missing field, an unknown one), ``with_rules`` for rules between fields, said beside the
fields' own problems, and ``refused`` for several problems below one field. A service that
reports its own problems (an unknown name) beside a model's checks each part with
``checked_part``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError, ValidatorFunctionWrapHandler, model_validator
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from gaugeboard.errors import ValidationFailed
from gaugeboard.json_paths import json_path

M = TypeVar("M", bound=BaseModel)
Location = tuple[int | str, ...]
VALUE_ERROR_PREFIX = "Value error, "


def reason_of(error: ErrorDetails) -> str:
    """pydantic's message without the prefix it gives a validator's ``ValueError``."""
    return error["msg"].removeprefix(VALUE_ERROR_PREFIX)


def validation_problems(exc: ValidationError, where: str = "", within: Location = ()) -> list[str]:
    """``path: reason`` for every problem, unknown fields first; a problem of the whole
    input is named by ``where`` (``body``, ``query``). ``within`` is where the input sits
    in a larger one (``("grants", 2)``), so paths start from the larger one's root."""
    problems = []
    # An unknown field comes first: it is often a misspelt one, which explains the rest.
    for error in sorted(exc.errors(), key=lambda error: error["type"] != "extra_forbidden"):
        location = within + tuple(error["loc"])
        path = json_path(location) if location else (where or "body")
        problems.append(f"{path}: {reason_of(error)}")
    return problems


def checked(model: type[M], data: Any, where: str, context: Mapping[str, Any] | None = None) -> M:
    """``data`` validated by ``model`` (``context`` is what its validators may need to
    know, such as what the input applies to); ValidationFailed lists every problem."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise ValidationFailed(validation_problems(exc, where)) from None


def checked_part(model: type[M], data: Any, within: Location, problems: list[str]) -> M | None:
    """``data``, the part of a larger input at ``within``, validated by ``model``; when it
    fails, its problems are added to ``problems`` and None is returned (so a service can
    report them beside its own, item by item)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, within=within))
        return None


def worded(words: Mapping[str, str]) -> Any:
    """A model validator that says pydantic's problems of the types named (``missing``,
    ``extra_forbidden``, ``model_type``…) of the model's own fields in the given words, for
    the problems a field validator never sees. Use it in the class body:
    ``_words = worded({...})``."""

    def reword(cls: type[BaseModel], data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(data)
        except ValidationError as exc:
            errors = [_reworded(error, words) for error in exc.errors()]
            raise ValidationError.from_exception_data(exc.title, errors) from None

    wrap: Callable[..., Any] = model_validator(mode="wrap")
    return wrap(reword)


def refused(reasons: Iterable[tuple[Location, str]]) -> ValidationError:
    """Several problems below where a validator runs, to raise from it (pydantic puts the
    field's location in front): ``raise refused([(("region",), "not an option")])``."""
    errors: list[InitErrorDetails] = [
        {"type": PydanticCustomError("rule", reason), "loc": location, "input": None}
        for location, reason in reasons
    ]
    return ValidationError.from_exception_data("input", errors)


def with_rules(rules: Callable[[Any], Iterable[tuple[Location, str]]]) -> Any:
    """A model validator that adds the problems ``rules`` finds in the raw input (rules
    between fields, which pydantic would run only once every field is valid) to the
    fields' own problems, so every problem is said at once. ``rules`` reads the raw input
    (so it checks what it reads is of the right type) and yields ``(location, reason)``.
    Use it in the class body: ``_rules = with_rules(...)``."""

    def check(cls: type[BaseModel], data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        found: list[InitErrorDetails] = [
            {"type": PydanticCustomError("rule", reason), "loc": location, "input": data}
            for location, reason in rules(data)
        ]
        try:
            value = handler(data)
        except ValidationError as exc:
            errors = [_reworded(error, {}) for error in exc.errors()]
            raise ValidationError.from_exception_data(exc.title, errors + found) from None
        if found:
            raise ValidationError.from_exception_data(cls.__name__, found)
        return value

    wrap: Callable[..., Any] = model_validator(mode="wrap")
    return wrap(check)


def _reworded(error: ErrorDetails, words: Mapping[str, str]) -> InitErrorDetails:
    # Every problem is raised again with its message as it stands, or, for the model's own
    # fields, in the words given for its type (a nested model words its own).
    own = len(error["loc"]) <= 1
    message = words.get(error["type"], error["msg"]) if own else error["msg"]
    return {
        "type": PydanticCustomError(error["type"], message),
        "loc": tuple(error["loc"]),
        "input": error["input"],
    }
