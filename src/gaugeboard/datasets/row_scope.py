"""Team parameters restricting a data set's rows.

A data set may declare row filters, ``[{"column": "region", "parameter": "region"}]``. A
caller other than its owner, an admin or a trusted caller (the CLI) then sees only the
rows whose ``region`` equals one of the values their teams give the parameter ``region``;
with several filters, a row must pass each. No value (no team, or no team with the
parameter) means no rows, never every row. The restriction is applied where the rows are
read (``query.connected`` builds the ``rows`` view over it, with the values bound, never
written into the SQL), so every read on top of it (pages of rows, versions, CSV, widget
sources, SQL sources over data sets) sees only the allowed rows; and a restricted caller
may not change the rows at all (a filter or a key match could reach rows they cannot see).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.dashboards.team_parameters import ParameterKey
from gaugeboard.datasets.columns import REC_ID
from gaugeboard.store import teams as team_store
from gaugeboard.store.dataset_models import Dataset

MAX_ROW_FILTERS = 10


class RowFilterRule(BaseModel):
    """Rows whose ``column`` equals one of the caller's teams' values of ``parameter``."""

    model_config = ConfigDict(extra="forbid")

    column: str = Field(min_length=1, max_length=64)
    parameter: ParameterKey


@dataclass(frozen=True)
class Restriction:
    """One row filter with the values the caller's teams give its parameter."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class RowScope:
    """Every restriction a caller's reads of one data set pass through."""

    restrictions: tuple[Restriction, ...]

    def cache_text(self) -> str:
        """What the rows depend on: readers with equal texts see the same rows."""
        return ";".join(f"{item.column}={list(item.values)!r}" for item in self.restrictions)


def rule_problems(rules: Sequence[RowFilterRule], column_names: Sequence[str]) -> list[str]:
    """Each rule naming no column of the data set (or ``rec_id``), or repeated."""
    problems = []
    seen: set[tuple[str, str]] = set()
    for index, rule in enumerate(rules):
        where = f"row_filters[{index}]"
        if rule.column == REC_ID or rule.column not in column_names:
            problems.append(f"{where}.column: no column named {rule.column!r} to filter on")
        if (rule.column, rule.parameter) in seen:
            problems.append(f"{where}: the same filter is given twice")
        seen.add((rule.column, rule.parameter))
    return problems


def unrestricted(actor: Actor | None, dataset: Dataset) -> bool:
    """Whether the caller sees every row: trusted, an admin, the owner, or no filters."""
    return (
        not dataset.row_filters
        or actor is None
        or actor.is_admin
        or (actor.user_id is not None and actor.user_id == dataset.owner_id)
    )


def row_scope(db: Session, actor: Actor | None, dataset: Dataset) -> RowScope | None:
    """The caller's restriction on ``dataset``'s rows; None when they see every row."""
    if unrestricted(actor, dataset):
        return None
    assert actor is not None
    rules: list[dict[str, Any]] = list(dataset.row_filters)
    values = team_store.parameter_values(
        db, actor.team_ids, [str(rule["parameter"]) for rule in rules]
    )
    return RowScope(
        tuple(
            Restriction(str(rule["column"]), tuple(sorted(values[str(rule["parameter"])])))
            for rule in rules
        )
    )
