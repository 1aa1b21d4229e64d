"""The ``dataset`` data source: rows of a data set, through whatever provides data sets.

Data sets live above this layer (``datasets/provider.py``); this module fixes the
interface they plug into (a ``DatasetProvider`` given in the source context), so a
context without one (a caller that cannot read data sets) gets a clear error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from gaugeboard.errors import SourceFailed
from gaugeboard.sources.definitions import DatasetSource

UNAVAILABLE = "dataset: data sets are not available on this server yet"


class DatasetProvider(Protocol):
    """Answers a data-set query (the data-set query model, as a dict) with its rows, for
    one caller."""

    def rows(self, dataset: str, query: Mapping[str, Any]) -> list[dict[str, Any]]: ...

    def cache_key(self, dataset: str) -> str:
        """What the rows depend on besides the query, for this caller (the data set's
        version when it may read it): widgets share cached rows only when it is equal."""
        ...


def dataset_payload(
    source: DatasetSource, provider: DatasetProvider | None
) -> list[dict[str, Any]]:
    """The rows of ``source.dataset`` for ``source.query``; the provider reports its own
    errors (unknown data set, bad query) as GaugeboardErrors."""
    if provider is None:
        raise SourceFailed(UNAVAILABLE)
    return provider.rows(source.dataset, source.query)
