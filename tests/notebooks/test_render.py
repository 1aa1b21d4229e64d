"""Rendering a notebook into widget outputs, without a kernel, a database or a browser:
each output type by MIME, the sealing of charts, code only when asked, errors folded,
the Jupyter Dashboards grid and the report layout, and cell tags."""

from __future__ import annotations

import json
from typing import Any

import nbformat

from gaugeboard.notebooks.document import parse_notebook
from gaugeboard.notebooks.render import RenderedNotebook, render_notebook
from tests.notebooks.builders import (
    GRID_NOTEBOOK_METADATA,
    PANDAS_HTML,
    PLOTLY,
    SVG_WITH_SCRIPT,
    VEGA_LITE,
    altair_spec,
    code,
    display,
    error,
    grid_view,
    ipynb,
    markdown,
    notebook,
    plotly_figure,
    png_base64,
    result,
    showcase,
    stream,
    with_altair_spelling,
)


def rendered(made: Any, resources: frozenset[str] = frozenset()) -> RenderedNotebook:
    """The notebook as uploaded (written, read back and checked), then rendered."""
    return render_notebook(parse_notebook(ipynb(made)), resources)


def only_output(*cells: Any) -> dict[str, Any]:
    widgets = rendered(notebook(*cells)).widgets
    assert len(widgets) == 1
    return widgets[0].output


def texts(node: Any) -> str:
    if isinstance(node, list):
        return "".join(texts(item) for item in node)
    if "text" in node:
        return str(node["text"])
    return texts(node.get("children", []))


# Outputs by MIME type


def test_vega_lite_becomes_a_chart() -> None:
    output = only_output(code("c", [display({VEGA_LITE: altair_spec()})]))
    assert output["kind"] == "vega-lite" and output["spec"]["mark"] == {"type": "bar"}


def test_altairs_spelling_without_plus_becomes_a_chart() -> None:
    made = notebook(code("c", [display({VEGA_LITE: altair_spec()})]))
    document = parse_notebook(with_altair_spelling(ipynb(made)))
    output = render_notebook(document).widgets[0].output
    assert output["kind"] == "vega-lite" and output["spec"]["encoding"]["x"]["field"] == "city"


def test_a_chart_keeps_its_named_data() -> None:
    spec = only_output(code("c", [display({VEGA_LITE: altair_spec()})]))["spec"]
    assert spec["data"] == {"name": "data-3f1c"} and len(spec["datasets"]["data-3f1c"]) == 2


def test_a_chart_loses_embed_options() -> None:
    spec = only_output(code("c", [display({VEGA_LITE: altair_spec()})]))["spec"]
    assert "usermeta" not in json.dumps(spec)


def test_a_chart_loses_data_urls() -> None:
    chart = {"mark": "point", "data": {"url": "https://example.com/secret.csv"}}
    spec = only_output(code("c", [display({VEGA_LITE: chart})]))["spec"]
    assert spec["data"] == {"values": []}


def test_a_chart_with_an_image_mark_is_refused() -> None:
    chart = {"mark": "image", "encoding": {"url": {"value": "https://example.com/a.png"}}}
    output = only_output(code("c", [display({VEGA_LITE: chart})]))
    assert output["ok"] is False and "options.images" in output["error"]


def test_vega_becomes_a_vega_chart_without_urls() -> None:
    spec = {
        "$schema": "https://vega.github.io/schema/vega/v5.json",
        "data": [{"name": "table", "url": "https://example.com/data.json"}],
        "marks": [{"type": "rect", "from": {"data": "table"}}],
        "usermeta": {"embedOptions": {}},
    }
    output = only_output(code("c", [display({"application/vnd.vega.v5+json": spec})]))
    assert output["kind"] == "vega"
    assert output["spec"]["data"] == [{"name": "table", "values": []}]
    assert "usermeta" not in output["spec"]


def test_plotly_becomes_a_plotly_figure_without_its_config() -> None:
    output = only_output(code("c", [display({PLOTLY: plotly_figure(), "text/html": "<div/>"})]))
    assert output["kind"] == "plotly" and set(output["figure"]) == {"data", "layout"}


def test_plotly_webgl_scatter_is_drawn_as_svg_scatter() -> None:
    figure = {"data": [{"type": "scattergl", "x": [1], "y": [2]}]}
    output = only_output(code("c", [display({PLOTLY: figure})]))
    assert output["figure"]["data"][0]["type"] == "scatter"


def test_plotly_maps_are_refused_in_words() -> None:
    figure = {"data": [{"type": "scattermapbox", "lat": [1], "lon": [2]}]}
    output = only_output(code("c", [display({PLOTLY: figure})]))
    assert output["ok"] is False and "maps load tiles" in output["error"]


def test_png_becomes_an_image_with_its_text_as_alt() -> None:
    output = only_output(
        code("c", [display({"image/png": png_base64(), "text/plain": "<Figure>"})])
    )
    assert output["kind"] == "image" and output["url"].startswith("data:image/png;base64,iVBOR")
    assert output["alt"] == "<Figure>"


def test_jpeg_becomes_an_image() -> None:
    output = only_output(code("c", [display({"image/jpeg": "/9j/4AAQ"})]))
    assert output["url"] == "data:image/jpeg;base64,/9j/4AAQ"


def test_broken_base64_is_an_error_not_an_image() -> None:
    output = only_output(code("c", [display({"image/png": "not base64!"})]))
    assert output["ok"] is False and "not valid base64" in output["error"]


def test_svg_is_a_sanitised_picture_served_apart() -> None:
    notebook_ = rendered(notebook(code("c", [display({"image/svg+xml": SVG_WITH_SCRIPT})])))
    output = notebook_.widgets[0].output
    assert output == {"ok": True, "kind": "image", "part": "c0-0", "alt": ""}
    svg = notebook_.extras.svg["c0-0"]
    assert "<rect" in svg and "script" not in svg and "onload" not in svg


def test_html_goes_to_a_frame_not_the_page() -> None:
    notebook_ = rendered(notebook(code("df", [result({"text/html": PANDAS_HTML})])))
    assert notebook_.widgets[0].output == {"ok": True, "kind": "html", "part": "c0-0"}
    assert notebook_.extras.html["c0-0"] == PANDAS_HTML


def test_html_is_preferred_to_plain_text() -> None:
    output = only_output(code("df", [result({"text/html": "<b>x</b>", "text/plain": "x"})]))
    assert output["kind"] == "html"


def test_a_table_schema_becomes_a_table() -> None:
    resource = {"schema": {"fields": [{"name": "city"}]}, "data": [{"city": "Oslo"}]}
    output = only_output(code("df", [result({"application/vnd.dataresource+json": resource})]))
    assert output["kind"] == "table" and output["rows"] == [["Oslo"]]


def test_markdown_output_is_the_node_tree() -> None:
    output = only_output(code("md", [display({"text/markdown": "**bold**"})]))
    assert output["nodes"] == [
        {"tag": "p", "children": [{"tag": "strong", "children": [{"text": "bold"}]}]}
    ]


def test_latex_is_shown_as_text() -> None:
    output = only_output(code("m", [display({"text/latex": "$$x^2$$"})]))
    assert texts(output["nodes"]) == "$$x^2$$"


def test_plain_text_is_preformatted() -> None:
    output = only_output(code("1+1", [result({"text/plain": "2"})]))
    assert output["nodes"][0]["tag"] == "pre" and texts(output["nodes"]) == "2"


def test_stream_text_loses_terminal_colours() -> None:
    output = only_output(code("p", [stream("\x1b[31mred\x1b[0m text\n")]))
    assert texts(output["nodes"]) == "red text\n"


def test_stderr_is_marked() -> None:
    assert only_output(code("p", [stream("warning\n", "stderr")]))["tone"] == "stderr"


def test_an_error_shows_its_name_and_message() -> None:
    output = only_output(code("1/0", [error()]))
    assert output["tone"] == "error"
    assert texts(output["nodes"][0]) == "ZeroDivisionError: division by zero"


def test_an_errors_traceback_is_folded_without_colours() -> None:
    details = only_output(code("1/0", [error()]))["nodes"][1]
    assert details["tag"] == "details" and texts(details["children"][0]) == "Traceback"
    traceback = texts(details["children"][1])
    assert "ZeroDivisionError: division by zero" in traceback and "\x1b" not in traceback


def test_several_outputs_are_parts_in_order() -> None:
    output = only_output(code("c", [stream("a\n"), display({VEGA_LITE: altair_spec()})]))
    assert output["kind"] == "outputs"
    assert [part["kind"] for part in output["parts"]] == ["markdown", "vega-lite"]


def test_showcase_draws_every_kind() -> None:
    kinds = [widget.output.get("kind") for widget in rendered(showcase()).widgets]
    assert kinds == [
        "markdown",
        "vega-lite",
        "plotly",
        "image",
        "image",
        "html",
        "markdown",
        "markdown",
    ]


def test_needs_plotly_says_whether_a_figure_is_drawn() -> None:
    assert rendered(showcase()).needs_plotly
    assert not rendered(notebook(markdown("x"))).needs_plotly


# Cells: what is shown


def test_markdown_cell_has_no_raw_html() -> None:
    output = only_output(markdown("Hello <script>alert(1)</script> <img src=x onerror=alert(2)>"))
    assert json.dumps(output).count('"tag"') == 1  # one paragraph; the tags are only text
    assert "<script>alert(1)</script>" in texts(output["nodes"])


def test_code_is_hidden_by_default() -> None:
    assert "secret_source" not in json.dumps(only_output(code("secret_source()", [stream("x")])))


def test_a_show_code_tag_shows_the_code() -> None:
    output = only_output(code("visible()", [stream("x")], tags=["show-code"]))
    assert (
        output["parts"][0]["tone"] == "code" and texts(output["parts"][0]["nodes"]) == "visible()"
    )


def test_metadata_can_show_the_code() -> None:
    output = only_output(code("visible()", gaugeboard={"show_code": True}))
    assert texts(output["nodes"]) == "visible()"


def test_a_hide_tag_hides_the_cell() -> None:
    cells = rendered(notebook(markdown("a"), markdown("b", tags=["hide"]))).widgets
    assert [widget.index for widget in cells] == [0]


def test_a_hide_output_tag_leaves_nothing_to_show() -> None:
    assert rendered(notebook(code("x", [stream("x")], tags=["hide-output"]))).widgets == ()


def test_code_without_outputs_and_raw_cells_are_left_out() -> None:
    made = notebook(code("x = 1"), nbformat.v4.new_raw_cell("raw"), markdown("   "))
    assert rendered(made).widgets == ()


def test_cell_attachments_are_pictures() -> None:
    cell = markdown("![chart](attachment:chart.png)")
    cell["attachments"] = {"chart.png": {"image/png": png_base64()}}
    picture = only_output(cell)["nodes"][0]["children"][0]
    assert picture["tag"] == "img" and picture["src"].startswith("data:image/png;base64,")


def test_remote_pictures_name_their_origin_for_the_page() -> None:
    made = notebook(markdown("![x](https://images.example.com/a.png)"))
    assert rendered(made).extras.image_origins == {"https://images.example.com"}


def test_bundle_pictures_are_named_not_addressed() -> None:
    made = notebook(markdown("![Logo](./img/logo.png)"))
    picture = rendered(made, frozenset({"img/logo.png"})).widgets[0].output["nodes"][0]
    assert picture["children"][0] == {"tag": "img", "resource": "img/logo.png", "alt": "Logo"}


def test_a_picture_the_bundle_lacks_is_its_alt_text() -> None:
    made = notebook(markdown("![Logo](../outside.png)"))
    output = rendered(made, frozenset({"outside.png"})).widgets[0].output
    assert output["nodes"][0]["children"] == [{"text": "Logo"}]


# Layouts


def grid_notebook() -> Any:
    return notebook(
        markdown("# Title", **grid_view(0, 0, 12, 2)),
        code("c", [stream("left")], **grid_view(0, 2, 6, 10)),
        code("c", [stream("right")], **grid_view(6, 2, 6, 10)),
        markdown("hidden", **grid_view(0, 12, 12, 2, hidden=True)),
        **GRID_NOTEBOOK_METADATA,
    )


def test_a_notebook_without_views_is_a_report_in_order() -> None:
    notebook_ = rendered(notebook(markdown("a"), markdown("b")))
    assert notebook_.layout == "report"
    assert [(w.index, w.x, w.w) for w in notebook_.widgets] == [(0, 0, 12), (1, 0, 12)]


def test_a_grid_view_places_its_cells() -> None:
    notebook_ = rendered(grid_notebook())
    assert notebook_.layout == "grid"
    boxes = [(w.x, w.y, w.w, w.h) for w in notebook_.widgets]
    assert boxes == [(0, 0, 12, 1), (0, 1, 6, 4), (6, 1, 6, 4)]


def test_a_grid_view_hides_its_hidden_cells() -> None:
    assert [w.index for w in rendered(grid_notebook()).widgets] == [0, 1, 2]


def test_a_full_width_tag_widens_a_grid_cell() -> None:
    made = grid_notebook()
    made.cells[1].metadata["tags"] = ["full-width"]
    widget = rendered(made).widgets[1]
    assert (widget.x, widget.w) == (0, 12)


def test_grid_columns_scale_to_twelve() -> None:
    made = grid_notebook()
    made.metadata["extensions"]["jupyter_dashboards"]["views"]["grid_default"]["maxColumns"] = 24
    made.cells[2].metadata["extensions"]["jupyter_dashboards"]["views"]["grid_default"].update(
        col=12, width=12
    )
    widget = rendered(made).widgets[2]
    assert (widget.x, widget.w) == (6, 6)


def test_a_cell_the_grid_does_not_place_goes_below() -> None:
    made = grid_notebook()
    made.cells.append(markdown("late"))
    widget = rendered(made).widgets[-1]
    assert (widget.x, widget.w, widget.y) == (0, 12, 5)


def test_a_report_view_hides_its_hidden_cells() -> None:
    made = grid_notebook()
    made.metadata["extensions"]["jupyter_dashboards"]["activeView"] = "report_default"
    notebook_ = rendered(made)
    assert notebook_.layout == "report" and [w.index for w in notebook_.widgets] == [0, 1, 2]
