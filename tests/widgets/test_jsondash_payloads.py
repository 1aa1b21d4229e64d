"""Payloads jsondash endpoints return with ``override`` (DataTables options, C3
configurations), keyed C3 series, and old Vega-Lite specs: drawn, with notes for what has
no equivalent."""

from __future__ import annotations

from typing import Any

import vl_convert

from gaugeboard.widgets.render import render_widget
from gaugeboard.widgets.request import WidgetRequest

C3_OVERRIDE = {"data": {"columns": [["item 0", 49, 72, 92], ["item 1", 10, 20, 30]]}}
DATATABLES = {
    "columns": [{"data": "name", "title": "Name"}, {"data": "age", "title": "Age"}],
    "data": [{"name": "Ada", "age": 36}, {"name": "Bob", "age": 41}],
    "searching": False,
}
OLD_SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v2.json",
    "mark": "bar",
    "data": {"values": [{"a": "x", "b": 1, "c": "u"}, {"a": "x", "b": 3, "c": "v"}]},
    "encoding": {
        "x": {"field": "a", "type": "nominal"},
        "y": {"field": "b", "type": "quantitative", "aggregate": "sum"},
        "color": {"field": "c", "type": "nominal"},
    },
    "config": {"mark": {"stacked": "normalize"}, "cell": {"width": 200, "height": 100}},
}


def draw(widget_type: str, payload: Any, **options: Any) -> dict[str, Any]:
    return render_widget(WidgetRequest(id="w", type=widget_type, options=options), payload)


def values(output: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = output["spec"]["data"]["values"]
    return rows


def svg_of(output: dict[str, Any]) -> str:
    spec = {**output["spec"], "width": 300, "height": 200}
    svg: str = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    return svg


def test_keyed_series_without_override_draws_one_line_per_key() -> None:
    output = draw("line", {"0": [1, 2, 3], "1": [4, 5, 6]})
    assert {row["series"] for row in values(output)} == {"0", "1"}


def test_c3_override_columns_become_series() -> None:
    rows = values(draw("line", C3_OVERRIDE))
    assert [(r["series"], r["value"]) for r in rows if r["x"] == 0] == [
        ("item 0", 49),
        ("item 1", 10),
    ]


def test_c3_override_without_notes_when_everything_is_read() -> None:
    assert "notes" not in draw("line", C3_OVERRIDE)


def test_c3_data_type_changes_the_chart_and_says_so() -> None:
    output = draw("line", {"data": {**C3_OVERRIDE["data"], "type": "bar"}})
    assert (output["spec"]["mark"]["type"], output["notes"][0]) == (
        "bar",
        "drawn as a bar chart, as C3 data.type says",
    )


def test_c3_groups_stack_the_bars() -> None:
    data = {**C3_OVERRIDE["data"], "type": "bar", "groups": [["item 0", "item 1"]]}
    assert draw("bar", {"data": data})["spec"]["encoding"]["y"]["stack"] == "zero"


def test_c3_categories_become_the_x_values() -> None:
    payload = {**C3_OVERRIDE, "axis": {"x": {"type": "category", "categories": ["a", "b", "c"]}}}
    assert [row["x"] for row in values(draw("bar", payload))][:3] == ["a", "b", "c"]


def test_c3_x_column_becomes_the_x_values() -> None:
    data = {"x": "x", "columns": [["x", "2024-01-01", "2024-01-02"], ["sales", 3, 4]]}
    assert [row["x"] for row in values(draw("timeseries", {"data": data}))] == [
        "2024-01-01",
        "2024-01-02",
    ]


def test_c3_axis_labels_become_titles() -> None:
    payload = {**C3_OVERRIDE, "axis": {"x": {"label": "Day"}, "y": {"label": {"text": "Sales"}}}}
    encoding = draw("line", payload)["spec"]["encoding"]
    assert (encoding["x"]["title"], encoding["y"]["title"]) == ("Day", "Sales")


def test_c3_rotated_axis_draws_horizontal_bars() -> None:
    encoding = draw("bar", {**C3_OVERRIDE, "axis": {"rotated": True}})["spec"]["encoding"]
    assert encoding["x"]["type"] == "quantitative"


def test_c3_colour_pattern_becomes_the_palette() -> None:
    output = draw("line", {**C3_OVERRIDE, "color": {"pattern": ["#ff0000", "blue"]}})
    assert output["spec"]["config"]["range"]["category"] == ["#ff0000", "blue"]


def test_c3_hidden_legend_is_hidden() -> None:
    output = draw("line", {**C3_OVERRIDE, "legend": {"show": False}})
    assert output["spec"]["encoding"]["color"]["legend"] is None


def test_c3_keys_without_equivalent_are_each_noted() -> None:
    payload = {**C3_OVERRIDE, "grid": {"y": {"show": True}}, "legend": {"position": "inset"}}
    assert draw("line", payload)["notes"] == [
        "C3 legend.position dropped (no equivalent here)",
        "C3 grid dropped (no equivalent here)",
    ]


def test_c3_pie_columns_become_slices() -> None:
    rows = values(draw("pie", {"data": {"columns": [["a", 30], ["b", 70]]}}))
    assert rows == [{"label": "a", "value": 30}, {"label": "b", "value": 70}]


def test_c3_gauge_range_is_read() -> None:
    output = draw("gauge", {"data": {"columns": [["cpu", 30]]}, "gauge": {"min": 0, "max": 50}})
    assert values(output) == [{"value": 30, "min": 0.0, "max": 50.0}]


def test_datatables_options_become_titled_columns_and_rows() -> None:
    output = draw("table", DATATABLES)
    assert ([c["name"] for c in output["columns"]], output["rows"]) == (
        ["Name", "Age"],
        [["Ada", 36], ["Bob", 41]],
    )


def test_datatables_searching_false_turns_search_off() -> None:
    assert draw("table", DATATABLES)["searchable"] is False


def test_widget_options_win_over_the_datatables_payload() -> None:
    assert draw("table", DATATABLES, searchable=True)["searchable"] is True


def test_datatables_order_and_page_length_are_read() -> None:
    output = draw("table", {**DATATABLES, "order": [[1, "desc"]], "pageLength": 5})
    assert (output["rows"][0], output["page_size"]) == (["Bob", 41], 5)


def test_datatables_hidden_column_is_not_shown() -> None:
    columns = [{"data": "name", "title": "Name"}, {"data": "age", "visible": False}]
    output = draw("table", {**DATATABLES, "columns": columns})
    assert [c["name"] for c in output["columns"]] == ["Name"]


def test_datatables_array_rows_are_read_by_position() -> None:
    payload = {"columns": [{"title": "A"}, {"title": "B"}], "data": [[1, 2], [3, 4]]}
    assert draw("table", payload)["rows"] == [[1, 2], [3, 4]]


def test_datatables_options_without_equivalent_are_noted() -> None:
    output = draw("table", {**DATATABLES, "scrollY": 200})
    assert output["notes"] == ["DataTables scrollY dropped (no equivalent here)"]


def test_old_vega_lite_stacked_normalize_becomes_a_stack_on_the_measure() -> None:
    spec = draw("vega-lite", OLD_SPEC)["spec"]
    assert (spec["encoding"]["y"]["stack"], "mark" in spec["config"]) == ("normalize", False)


def test_old_vega_lite_cell_becomes_the_view_size() -> None:
    spec = draw("vega-lite", OLD_SPEC)["spec"]
    assert spec["config"]["view"] == {"continuousWidth": 200, "continuousHeight": 100}


def test_old_vega_lite_upgrade_is_noted() -> None:
    assert draw("vega-lite", OLD_SPEC)["notes"] == [
        "Vega-Lite v2 spec read as the current version",
        "config.mark.stacked rewritten as encoding.y.stack",
        "config.cell rewritten as config.view",
    ]


def test_old_vega_lite_spec_draws_on_the_server() -> None:
    assert "<rect" in svg_of(draw("vega-lite", OLD_SPEC))


def test_old_selection_becomes_params() -> None:
    spec = {
        **OLD_SPEC,
        "selection": {"pick": {"type": "single", "fields": ["c"]}},
        "config": {},
    }
    spec["encoding"] = {
        **OLD_SPEC["encoding"],
        "opacity": {"condition": {"selection": "pick", "value": 1}, "value": 0.3},
    }
    output = draw("vega-lite", spec)
    drawn = output["spec"]
    assert (drawn["params"][0], drawn["encoding"]["opacity"]["condition"]["param"]) == (
        {"name": "pick", "select": {"type": "point", "fields": ["c"]}},
        "pick",
    )
    assert "<rect" in svg_of(output)


def test_removed_scale_setting_is_dropped_and_noted() -> None:
    spec = {**OLD_SPEC, "config": {}}
    spec["encoding"] = {
        **OLD_SPEC["encoding"],
        "x": {"field": "a", "type": "nominal", "scale": {"rangeStep": 20}},
    }
    output = draw("vega-lite", spec)
    assert "encoding.x.scale.rangeStep dropped (no longer in Vega-Lite)" in output["notes"]
    assert "rangeStep" not in output["spec"]["encoding"]["x"]["scale"]


def test_datatables_columns_given_as_headings_read_array_rows() -> None:
    payload = {"columns": ["A", "B"], "data": [[1, 2], [3, 4]]}
    output = draw("table", payload)
    assert ([c["name"] for c in output["columns"]], output["rows"]) == (
        ["A", "B"],
        [[1, 2], [3, 4]],
    )
