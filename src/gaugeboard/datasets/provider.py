"""Data sets as a dashboard source: the ``DatasetProvider`` a dashboard request (or a
refresh job) hands to ``sources``. A widget names a data set by id or name and asks a
``RowQuery`` (filters, group by, measures, sort, limit), run in DuckDB; the caller's own
rights apply, so a viewer who may not see the data set's folder gets the widget's error,
never its rows.

Widgets share cached rows by ``cache_key``: the data set and its version when the caller
may read it (every reader of that version gets the same rows, and a write moves every
widget on), with the values of the caller's row restriction when the data set's rows are
filtered by team parameters (only readers allowed the same rows share them), the caller
alone when they may not read it (a failure, which is never cached)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.query import RowQuery
from gaugeboard.datasets.row_scope import row_scope
from gaugeboard.datasets.rows import read_rows
from gaugeboard.datasets.schemas import model_problems
from gaugeboard.datasets.service import DatasetPlace, find_dataset
from gaugeboard.errors import NotFound, ValidationFailed
from gaugeboard.store.folder_grants import all_grants


@dataclass(frozen=True)
class DatasetRows:
    """Answers ``dataset`` sources for one caller (``actor`` None: a trusted caller)."""

    db: Session
    place: DatasetPlace
    actor: Actor | None

    def rows(self, dataset: str, query: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The rows (or grouped measures) ``query`` asks of ``dataset`` (id or name)."""
        try:
            wanted = RowQuery.model_validate(dict(query))
        except ValidationError as exc:
            raise ValidationFailed(model_problems(exc, "query")) from None
        try:
            return read_rows(self.db, self.place, self.actor, dataset, wanted).rows
        except NotFound as exc:
            raise NotFound(f"dataset: {exc.message}") from None

    def cache_key(self, dataset: str) -> str:
        """What the rows of ``dataset`` depend on besides the query (see the docstring)."""
        try:
            found = find_dataset(self.db, self.actor, dataset)
        except NotFound:
            caller = self.actor.user_id if self.actor is not None else "trusted"
            return f"hidden from {caller}"
        scope = row_scope(self.db, self.actor, found)
        restricted = f"|{scope.cache_text()}" if scope is not None else ""
        return f"{found.id}@{found.version}{restricted}"


def nobody(db: Session) -> Actor:
    """A caller with no user (a background job): it sees the folders no grant closes."""
    return Actor(principal=None, grants=tuple(all_grants(db)))
