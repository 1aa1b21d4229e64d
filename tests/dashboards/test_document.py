from __future__ import annotations

import pytest

from gaugeboard.dashboards.validation import parse_document
from gaugeboard.errors import ValidationFailed
from gaugeboard.widgets.vega_lite import chart_spec
from tests.dashboards.factories import chart_document


def problems(document: object) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        parse_document(document)
    return caught.value.errors


def test_valid_document_parses() -> None:
    assert parse_document(chart_document()).widgets[0].id == "by-region"


def test_unknown_keys_are_kept() -> None:
    document = parse_document(chart_document(theme_extra={"x": 1}))
    assert document.model_dump()["theme_extra"] == {"x": 1}


def test_problem_is_reported_with_its_json_path() -> None:
    document = chart_document()
    document["widgets"][0]["position"]["w"] = 13
    assert problems(document) == ["widgets[0].position.w: at most 12 columns in grid layout"]


def test_every_problem_is_reported() -> None:
    assert len(problems(chart_document(title="", name="../etc"))) == 2


def test_folder_with_parent_segment_is_refused() -> None:
    assert problems(chart_document(folder="a/../b"))[0].startswith("folder:")


def test_duplicate_widget_ids_are_refused() -> None:
    document = chart_document()
    document["widgets"].append(dict(document["widgets"][0]))
    assert "used twice" in problems(document)[0]


def test_non_object_document_is_refused() -> None:
    assert problems([1, 2]) == ["(document): must be a JSON object"]


def test_chart_spec_puts_the_data_inline() -> None:
    widget = parse_document(chart_document()).widgets[0]
    rows = [{"region": "north", "total": 7}]
    assert chart_spec(widget.spec, rows)["data"] == {"values": rows}


def test_chart_spec_never_keeps_a_data_url() -> None:
    document = chart_document()
    del document["widgets"][0]["source"]
    document["widgets"][0]["spec"]["data"] = {"url": "https://example.com/data.json"}
    assert chart_spec(parse_document(document).widgets[0].spec, None)["data"] == {"values": []}


def test_a_status_source_is_validated_with_its_path() -> None:
    document = chart_document()
    document["widgets"][0]["source"] = {"type": "status", "measure": "speed", "hours": 0}
    assert [p.split(":")[0] for p in problems(document)] == [
        "widgets[0].source.measure",
        "widgets[0].source.hours",
    ]
