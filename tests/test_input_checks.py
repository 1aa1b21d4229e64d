"""Checking input with the model that describes it: every problem as ``path: reason`` in the
house's words, whatever pydantic would have said, and said all at once."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator

from gaugeboard.errors import ValidationFailed
from gaugeboard.input_checks import checked, checked_part, refused, with_rules, worded
from gaugeboard.paging import WholeNumber


def _even(value: Any) -> Any:
    if not isinstance(value, int) or value % 2:
        raise ValueError("must be an even number")
    return value


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    size: Annotated[int, BeforeValidator(_even)]

    _words = worded({"missing": "is required (the item's size)", "extra_forbidden": "not here"})


def _ordered(data: Any) -> list[tuple[tuple[int | str, ...], str]]:
    low, high = (data.get(k, 0) if isinstance(data, dict) else 0 for k in ("low", "high"))
    if isinstance(low, int) and isinstance(high, int) and low > high:
        return [(("high",), "must not be below low")]
    return []


class Order(BaseModel):
    model_config = ConfigDict(extra="forbid")
    low: int = 0
    high: int = 0
    items: list[Item] = []

    _words = worded({"missing": "the order's word", "extra_forbidden": "unknown field"})
    _rules = with_rules(_ordered)


class Page(BaseModel):
    limit: Annotated[int, WholeNumber(1, 50)] = 10


class Tags(BaseModel):
    tags: dict[str, str] = {}

    @field_validator("tags")
    @classmethod
    def _known(cls, tags: dict[str, str]) -> dict[str, str]:
        unknown = [((name,), "no such tag") for name in tags if name != "colour"]
        if unknown:
            raise refused(unknown)
        return tags


def problems(model: type[BaseModel], data: Any) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        checked(model, data, "body")
    return caught.value.errors


def test_a_validator_reason_is_said_without_pydantic_prefix() -> None:
    assert problems(Item, {"size": 3}) == ["size: must be an even number"]


def test_a_problem_of_the_whole_input_is_named_by_where() -> None:
    assert problems(Item, []) == ["body: Input should be a valid dictionary or instance of Item"]


def test_worded_says_a_missing_field_in_the_models_words() -> None:
    assert problems(Item, {}) == ["size: is required (the item's size)"]


def test_a_nested_model_keeps_its_own_words() -> None:
    assert problems(Order, {"items": [{"colour": "red", "size": 2}, {}]}) == [
        "items[0].colour: not here",
        "items[1].size: is required (the item's size)",
    ]


def test_unknown_fields_are_named_first() -> None:
    assert problems(Order, {"low": "x", "note": 1}) == [
        "note: unknown field",
        "low: Input should be a valid integer, unable to parse string as an integer",
    ]


def test_rules_are_said_beside_the_fields_problems() -> None:
    assert problems(Order, {"low": 5, "high": 1, "items": [{"size": 1}]}) == [
        "items[0].size: must be an even number",
        "high: must not be below low",
    ]


def test_refused_names_each_problem_below_its_field() -> None:
    assert problems(Tags, {"tags": {"size": "x", "shape": "y"}}) == [
        "tags.size: no such tag",
        "tags.shape: no such tag",
    ]


def test_checked_part_names_problems_from_the_larger_input() -> None:
    found: list[str] = []
    result = checked_part(Item, {"size": 1}, ("items", 3), found)
    assert (result, found) == (None, ["items[3].size: must be an even number"])


def test_checked_part_gives_the_model_when_it_passes() -> None:
    found: list[str] = []
    result = checked_part(Item, {"size": 4}, ("items", 0), found)
    assert (result, found) == (Item(size=4), [])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [({}, 10), ({"limit": ""}, 10), ({"limit": "7"}, 7), ({"limit": 50}, 50)],
)
def test_whole_number_reads_a_query_value(raw: dict[str, Any], expected: int) -> None:
    assert checked(Page, raw, "query").limit == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("x", "limit: must be a whole number"),
        ("1.5", "limit: must be a whole number"),
        (True, "limit: must be a whole number"),
        ("0", "limit: must be between 1 and 50"),
        ("51", "limit: must be between 1 and 50"),
    ],
)
def test_whole_number_names_what_is_wrong(raw: Any, problem: str) -> None:
    assert problems(Page, {"limit": raw}) == [problem]


def test_whole_number_is_described_with_its_bounds() -> None:
    schema = Page.model_json_schema()["properties"]["limit"]
    assert (schema["type"], schema["minimum"], schema["maximum"]) == ("integer", 1, 50)
