"""The renderer's memory of drawn charts and images: bounded by entries and by bytes,
least recently used first out, keyed by everything a drawing depends on."""

from __future__ import annotations

import vl_convert

from gaugeboard.render.charts import CHART_CACHE, SHAPE_CACHE, chart_svg, compiled, placed
from gaugeboard.render.drawn_cache import DrawnCache, digest
from gaugeboard.render.layout import Box
from gaugeboard.render.snapshot import IMAGE_CACHE, encode, forget_drawings
from gaugeboard.render.theme import DARK, LIGHT, chart_config
from tests.render.helpers import bars_spec


def test_digest_ignores_key_order_but_not_values() -> None:
    assert digest({"a": 1, "b": [1, 2]}) == digest({"b": [1, 2], "a": 1})
    assert digest({"a": 1}) != digest({"a": 2})
    assert digest({"a": 1}, 100) != digest({"a": 1}, 101)


def test_least_recently_used_entry_goes_first() -> None:
    cache = DrawnCache(max_entries=2, max_bytes=1000)
    cache.put(b"a", "1")
    cache.put(b"b", "2")
    assert cache.get(b"a") == "1"
    cache.put(b"c", "3")
    assert cache.get(b"b") is None
    assert cache.get(b"a") == "1" and cache.get(b"c") == "3"


def test_byte_bound_is_kept() -> None:
    cache = DrawnCache(max_entries=100, max_bytes=1000)
    for number in range(10):
        cache.put(str(number).encode(), b"x" * 200)
    entries, size = cache.size
    assert size <= 1000 and entries == 5
    cache.put(b"huge", b"x" * 400)  # over a quarter of the bound: never kept
    assert cache.get(b"huge") is None


def test_chart_is_drawn_once_while_its_data_and_theme_stay() -> None:
    forget_drawings()
    first = chart_svg(bars_spec([1, 2]), LIGHT)
    misses = CHART_CACHE.stats.misses
    assert chart_svg(bars_spec([1, 2]), LIGHT) == first
    assert CHART_CACHE.stats.misses == misses
    assert chart_svg(bars_spec([2, 1]), LIGHT) != first
    assert chart_svg(bars_spec([1, 2]), DARK) != first
    assert CHART_CACHE.stats.misses == misses + 2


def test_image_is_rasterised_once_per_svg_format_and_scale() -> None:
    forget_drawings()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
        '<rect width="5" height="5"/></svg>'
    )
    png = encode(svg, "png", 1.0)
    assert encode(svg, "png", 1.0) is png
    assert encode(svg, "png", 2.0) != png
    assert encode(svg, "pdf", 1.0).startswith(b"%PDF")
    assert IMAGE_CACHE.size[0] == 3
    forget_drawings()
    assert IMAGE_CACHE.size == (0, 0) and CHART_CACHE.size == (0, 0)


def test_chart_through_its_compiled_shape_is_the_chart_vega_lite_draws() -> None:
    spec = bars_spec([4, 1, 3])
    vega = compiled(spec, chart_config(LIGHT))
    assert vega is not None
    direct = vl_convert.vegalite_to_svg(spec, config=chart_config(LIGHT), allowed_base_urls=[])
    assert vl_convert.vega_to_svg(vega, allowed_base_urls=[]) == direct


def test_shape_is_compiled_once_for_new_rows() -> None:
    compiled(bars_spec([1, 2]), chart_config(LIGHT))
    misses = SHAPE_CACHE.stats.misses
    vega = compiled(bars_spec([7, 8]), chart_config(LIGHT))
    assert SHAPE_CACHE.stats.misses == misses
    assert vega is not None and [
        row["v"] for entry in vega["data"] if "values" in entry for row in entry["values"]
    ] == [7, 8]


def test_nested_data_is_compiled_with_the_chart() -> None:
    layered = {"layer": [{**bars_spec([1]), "data": {"values": [{"k": "a", "v": 1}]}}]}
    assert compiled({**layered, "data": {"values": []}}, chart_config(LIGHT)) is None
    assert compiled({**bars_spec([1]), "data": {"name": "table"}}, chart_config(LIGHT)) is None


def test_labels_vega_hid_are_left_out_of_the_placed_chart() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
        '<text transform="translate(1,2)" opacity="0">hidden</text>'
        '<text transform="translate(1,2)" opacity="0.5">faint</text>'
        '<text transform="translate(1,2)" opacity="1">shown</text></svg>'
    )
    body = placed(svg, Box(0, 0, 100, 50), "w0-")
    assert "hidden" not in body and "faint" in body and "shown" in body
