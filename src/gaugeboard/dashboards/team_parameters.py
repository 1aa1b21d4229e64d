"""Team parameters: key/value pairs an admin gives a team (``region`` → ``north``), which a
data set's row filters and a dashboard variable read for the team's members.

A key follows identifier rules (a letter or ``_``, then letters, digits or ``_``; at most
64). A value is a string or a list of strings (1 to 100 of them, each 1 to 200 characters,
no control characters); it is kept as a list, so ``"north"`` reads back as ``["north"]``. A
member of several teams has every value their teams give the key. Admins only; each change
is one write transaction with its activity entry.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from sqlalchemy.orm import Session

from gaugeboard.dashboards.teams import describe_team, find_team
from gaugeboard.errors import NotFound
from gaugeboard.input_checks import worded
from gaugeboard.store import teams as store
from gaugeboard.store.activity import Actor, record_activity
from gaugeboard.store.database import begin_write

KEY_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
KEY_RULE = "1-64 letters, digits or '_', not starting with a digit"
MAX_VALUES = 100
MAX_VALUE_LENGTH = 200
VALUE_RULE = (
    f"must be a string or a list of 1-{MAX_VALUES} strings, each 1-{MAX_VALUE_LENGTH} "
    "characters without control characters"
)
_VALUE = re.compile(rf"[^\x00-\x1f\x7f]{{1,{MAX_VALUE_LENGTH}}}")


def checked_key(value: Any) -> Any:
    """A parameter key's check (a pydantic before-validator)."""
    if not isinstance(value, str) or not KEY_PATTERN.fullmatch(value):
        raise ValueError(KEY_RULE)
    return value


def _values(value: Any) -> Any:
    listed = [value] if isinstance(value, str) else value
    if (
        not isinstance(listed, list)
        or not 1 <= len(listed) <= MAX_VALUES
        or not all(isinstance(item, str) and _VALUE.fullmatch(item) for item in listed)
    ):
        raise ValueError(VALUE_RULE)
    return list(dict.fromkeys(listed))


ParameterKey = Annotated[
    str,
    Field(pattern=f"^{KEY_PATTERN.pattern}$", description=KEY_RULE),
    BeforeValidator(checked_key),
]
ParameterText = Annotated[str, Field(pattern=f"^{_VALUE.pattern}$")]
ParameterValue = Annotated[
    ParameterText | Annotated[list[ParameterText], Field(min_length=1, max_length=MAX_VALUES)],
    Field(description=VALUE_RULE),
    BeforeValidator(_values),
]


class ParameterSet(BaseModel):
    """``{"key": "region", "value": "north"}`` (or a list of values)."""

    model_config = ConfigDict(extra="forbid")
    key: ParameterKey
    value: ParameterValue

    _words = worded({"missing": "is required", "extra_forbidden": "not a field of this body"})

    @property
    def values(self) -> list[str]:
        return [self.value] if isinstance(self.value, str) else list(self.value)


class ParameterName(BaseModel):
    """``{"key": "region"}``: the parameter to remove."""

    model_config = ConfigDict(extra="forbid")
    key: ParameterKey

    _words = worded({"missing": "is required", "extra_forbidden": "not a field of this body"})


def team_parameters(db: Session, team_key: str) -> dict[str, list[str]]:
    """The team's parameters, key → values."""
    return store.parameters_of(db, find_team(db, team_key).id)


def set_parameter(db: Session, actor: Actor, team_key: str, wanted: ParameterSet) -> dict[str, Any]:
    """Add the parameter to the team or replace its values; commits; the team described."""
    begin_write(db)
    team = find_team(db, team_key)
    store.set_parameter(db, team.id, wanted.key, wanted.values)
    detail = {"key": wanted.key, "values": wanted.values}
    record_activity(db, actor, "team.parameter", team.name, detail)
    db.commit()
    return describe_team(db, team)


def delete_parameter(
    db: Session, actor: Actor, team_key: str, wanted: ParameterName
) -> dict[str, Any]:
    """Remove the parameter from the team; commits (404 when the team lacks it)."""
    begin_write(db)
    team = find_team(db, team_key)
    if not store.delete_parameter(db, team.id, wanted.key):
        raise NotFound(f"key: the team {team.name!r} has no parameter {wanted.key!r}")
    record_activity(db, actor, "team.parameter_delete", team.name, {"key": wanted.key})
    db.commit()
    return describe_team(db, team)
