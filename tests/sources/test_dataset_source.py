"""Dataset sources: a clear error without a provider, and the provider when one is given
(the real one is tested with data sets, in tests/datasets/test_dataset_widgets.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest

from gaugeboard.errors import SourceFailed
from gaugeboard.sources.definitions import DatasetSource
from gaugeboard.sources.resolve import SourceContext, fetch_payload

SOURCE = DatasetSource(type="dataset", dataset="orders", query={"limit": 2})


class Orders:
    """A data-set provider holding one data set in a list."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, dict[str, Any]]] = []

    def rows(self, dataset: str, query: Mapping[str, Any]) -> list[dict[str, Any]]:
        self.asked.append((dataset, dict(query)))
        return [{"id": 1}, {"id": 2}, {"id": 3}][: query.get("limit")]

    def cache_key(self, dataset: str) -> str:
        return dataset


def test_without_a_provider_the_error_says_so(context: SourceContext) -> None:
    with pytest.raises(SourceFailed) as caught:
        fetch_payload(SOURCE, context)
    assert caught.value.message == "dataset: data sets are not available on this server yet"


def test_provider_in_the_context_answers_with_rows(context: SourceContext) -> None:
    payload = fetch_payload(SOURCE, replace(context, datasets=Orders()))
    assert payload == [{"id": 1}, {"id": 2}]


def test_provider_gets_the_data_set_and_its_query(context: SourceContext) -> None:
    orders = Orders()
    fetch_payload(SOURCE, replace(context, datasets=orders))
    assert orders.asked == [("orders", {"limit": 2})]
