"""No chart spec leaves the server with options for Vega-Embed (``usermeta``), whatever
built it; images in charts only from the origins the chart's ``options.images`` names."""

from __future__ import annotations

from typing import Any

import pytest

from gaugeboard.dashboards.validation import parse_document
from gaugeboard.errors import ValidationFailed
from gaugeboard.widgets.chart_images import image_origin, origin_of
from gaugeboard.widgets.charts import render_chart
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest
from gaugeboard.widgets.vega_lite import VEGA_LITE_SCHEMA

EMBED_OPTIONS = {"embedOptions": {"actions": True, "patch": [{"op": "remove", "path": "/marks"}]}}
BARS = {
    "mark": "bar",
    "encoding": {
        "x": {"field": "region", "type": "nominal"},
        "y": {"field": "total", "type": "quantitative"},
    },
}
ROWS = [{"region": "north", "total": 7}]
PICTURES = {
    "mark": "image",
    "encoding": {"url": {"field": "picture", "type": "nominal"}},
}


def draw(widget_type: str, payload: Any = None, **fields: Any) -> dict[str, Any]:
    output = render_chart(WidgetRequest(id="w", type=widget_type, **fields), payload)
    spec: dict[str, Any] = output["spec"]
    return spec


def refusal(widget_type: str, payload: Any = None, **fields: Any) -> list[str]:
    with pytest.raises(WidgetDataError) as caught:
        draw(widget_type, payload, **fields)
    return caught.value.errors


def keys_named(node: Any, name: str) -> int:
    """How many objects anywhere in ``node`` have the key ``name``."""
    if isinstance(node, list):
        return sum(keys_named(item, name) for item in node)
    if isinstance(node, dict):
        return (name in node) + sum(keys_named(value, name) for value in node.values())
    return 0


def test_raw_spec_loses_usermeta() -> None:
    spec = draw("vega-lite", ROWS, spec={**BARS, "usermeta": EMBED_OPTIONS})
    assert "usermeta" not in spec and spec["mark"] == "bar"


@pytest.mark.parametrize(
    "nested",
    [
        {"layer": [{**BARS, "usermeta": EMBED_OPTIONS}]},
        {"hconcat": [{**BARS, "usermeta": EMBED_OPTIONS}]},
        {"vconcat": [{"layer": [{**BARS, "usermeta": EMBED_OPTIONS}]}]},
        {"concat": [{**BARS, "usermeta": EMBED_OPTIONS}]},
        {"facet": {"row": {"field": "region"}}, "spec": {**BARS, "usermeta": EMBED_OPTIONS}},
        {"repeat": ["total"], "spec": {**BARS, "usermeta": EMBED_OPTIONS}},
    ],
    ids=["layer", "hconcat", "vconcat-layer", "concat", "facet", "repeat"],
)
def test_nested_views_lose_usermeta(nested: dict[str, Any]) -> None:
    spec = draw("vega-lite", ROWS, spec={**nested, "usermeta": EMBED_OPTIONS})
    assert keys_named(spec, "usermeta") == 0


def test_override_cannot_add_usermeta() -> None:
    spec = draw(
        "bar", ROWS, options={"x": "region", "y": "total"}, override={"usermeta": EMBED_OPTIONS}
    )
    assert "usermeta" not in spec


def test_override_of_a_raw_spec_cannot_add_usermeta() -> None:
    spec = draw("vega-lite", ROWS, spec=BARS, override={"usermeta": EMBED_OPTIONS})
    assert "usermeta" not in spec


def test_spec_from_a_source_loses_usermeta() -> None:
    """A URL source may answer a whole spec (jsondash's vega-lite family)."""
    payload = {**BARS, "data": {"values": ROWS}, "usermeta": EMBED_OPTIONS}
    spec = draw("vega-lite", payload, spec={"title": "From elsewhere"})
    assert "usermeta" not in spec and spec["data"] == {"values": ROWS}


def test_spec_from_a_source_loses_nested_usermeta() -> None:
    payload = {"layer": [{**BARS, "usermeta": EMBED_OPTIONS}], "data": {"values": ROWS}}
    assert keys_named(draw("vega-lite", payload), "usermeta") == 0


def test_data_values_keep_a_usermeta_field() -> None:
    rows = [{"region": "north", "total": 7, "usermeta": "kept"}]
    assert draw("vega-lite", rows, spec=BARS)["data"]["values"] == rows


def test_spec_cannot_ask_to_be_read_as_plain_vega() -> None:
    vega = "https://vega.github.io/schema/vega/v6.json"
    assert draw("vega-lite", ROWS, spec={**BARS, "$schema": vega})["$schema"] == VEGA_LITE_SCHEMA


def test_source_spec_cannot_ask_to_be_read_as_plain_vega() -> None:
    payload = {"$schema": "https://vega.github.io/schema/vega/v6.json", "marks": []}
    assert draw("vega-lite", payload)["$schema"] == VEGA_LITE_SCHEMA


def test_image_mark_without_images_option_is_refused_with_its_path() -> None:
    problems = refusal("vega-lite", [], spec={"layer": [BARS, PICTURES]})
    assert [problem.split(":")[0] for problem in problems] == [
        "spec.layer[1].mark",
        "spec.layer[1].encoding.url",
    ]


def test_image_refusal_says_how_to_allow_it() -> None:
    assert "options.images" in refusal("vega-lite", [], spec=PICTURES)[0]


def test_image_mark_from_a_source_spec_is_refused() -> None:
    assert refusal("vega-lite", {"layer": [PICTURES]})[0].startswith("spec.layer[0].mark:")


def test_override_cannot_add_an_image_mark() -> None:
    problems = refusal("bar", ROWS, options={"x": "region"}, override={"mark": "image"})
    assert problems[0].startswith("spec.mark:")


def test_image_mark_draws_when_its_origins_are_named() -> None:
    spec = draw("vega-lite", [], spec=PICTURES, options={"images": ["https://pics.example.com"]})
    assert spec["mark"] == "image"


def test_fixed_picture_from_another_origin_is_refused() -> None:
    spec = {"mark": {"type": "image", "url": "https://elsewhere.example/x.png"}}
    problems = refusal("vega-lite", [], spec=spec, options={"images": ["https://pics.example"]})
    assert problems == ["spec.mark.url: https://elsewhere.example is not in options.images"]


def test_images_option_takes_only_origins() -> None:
    problem = refusal("vega-lite", [], spec=BARS, options={"images": ["https://a.example/x.png"]})
    assert problem[0].startswith("options.images[0]: 'https://a.example/x.png' is not an origin")


def test_images_option_refuses_other_schemes() -> None:
    assert refusal("bar", [], options={"images": ["javascript:alert(1)"]})[0].startswith(
        "options.images[0]:"
    )


def test_image_origin_is_normalised() -> None:
    assert image_origin("HTTPS://Pics.Example.com:443/") == "https://pics.example.com"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://127.0.0.1:8123/a.png?x=1", "http://127.0.0.1:8123"),
        ("https://pics.example.com/a.png", "https://pics.example.com"),
        ("data:image/png;base64,AAAA", None),
        ("/static/logo.png", None),
        ("https://a.example;script-src *", None),
        ("https://a example.com/", None),
    ],
)
def test_origin_of_gives_a_csp_source_or_nothing(url: str, origin: str | None) -> None:
    assert origin_of(url) == origin


def widget_document(**widget: Any) -> dict[str, Any]:
    return {
        "title": "Pictures",
        "name": "pictures",
        "widgets": [{"id": "w", "type": "vega-lite", "spec": BARS, **widget}],
    }


def test_document_with_an_image_mark_is_refused_when_saved() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_document(widget_document(spec={"layer": [BARS, PICTURES]}))
    assert [problem.split(":")[0] for problem in caught.value.errors] == [
        "widgets[0].spec.layer[1].mark",
        "widgets[0].spec.layer[1].encoding.url",
    ]


def test_document_with_an_image_override_is_refused_when_saved() -> None:
    document = widget_document(type="bar", override={"layer": [PICTURES]})
    with pytest.raises(ValidationFailed) as caught:
        parse_document(document)
    assert caught.value.errors[0].startswith("widgets[0].override.layer[0].mark:")


def test_document_with_named_image_origins_is_saved() -> None:
    document = widget_document(spec=PICTURES, options={"images": ["https://pics.example.com"]})
    assert parse_document(document).widgets[0].spec == PICTURES


def test_document_keeps_usermeta_it_was_given() -> None:
    """Saving keeps the author's document as written; only what is sent out is cleaned."""
    document = widget_document(spec={**BARS, "usermeta": {"note": "mine"}})
    assert parse_document(document).widgets[0].spec["usermeta"] == {"note": "mine"}
