"""The dashboard editor in a real browser: dragging and resizing widgets (grid and
freeform), undo, the raw JSON panel, a save conflict, adding a widget from the picker and
creating a dashboard; one server for the whole module."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.module_server import editor_with_token, module_server
from tests.browser.signing_in import SignedIn
from tests.live_server import call_api

pytestmark = pytest.mark.browser

DRAWN = "() => !document.querySelector('.gb-editor-canvas .gb-widget[data-state=loading]')"
PREVIEWED = "() => document.querySelector('.gb-editor-preview [data-state=rendered]') !== null"
SAVED = "() => document.querySelector('.gb-editor-status').textContent.startsWith('Saved')"


@pytest.fixture(scope="module")
def server(backend: str, request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """The base URL and an editor's API token (the editor "ed" signs in on the pages)."""
    secrets: list[str] = []
    seed = editor_with_token(secrets)

    with module_server(request, backend, seed) as base_url:
        yield base_url, secrets[0]


def store(server: tuple[str, str], name: str, layout: str = "grid") -> dict[str, Any]:
    """A dashboard with one number widget ("visits"); returns its description."""
    box = (
        {"x": 0, "y": 0, "w": 4, "h": 3}
        if layout == "grid"
        else {"x": 10, "y": 10, "w": 300, "h": 200}
    )
    document = {
        "title": name.title(),
        "name": name,
        "folder": "edits",
        "layout": layout,
        "widgets": [
            {
                "id": "visits",
                "type": "number",
                "title": "Visits",
                "position": box,
                "source": {"type": "inline", "data": {"data": 42}},
            }
        ],
    }
    created: dict[str, Any] = call_api(*server, "POST", "/api/dashboard", document)["dashboard"]
    return created


def stored(server: tuple[str, str], dashboard_id: int) -> dict[str, Any]:
    answer: dict[str, Any] = call_api(*server, "GET", f"/api/dashboard/{dashboard_id}")
    return answer


def open_editor(page: Any, signed_in: SignedIn, base_url: str, path: str) -> None:
    signed_in.open(page, base_url, "ed", path)
    page.wait_for_function(DRAWN)


def drag(page: Any, selector: str, dx: float, dy: float) -> None:
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=4)
    page.mouse.move(x + dx, y + dy, steps=4)
    page.mouse.up()


def cell(page: Any) -> tuple[float, float]:
    """One grid column and one grid row on screen, gaps included."""
    pitch: list[float] = page.evaluate(
        """() => {
          const grid = document.querySelector('.gb-editor-canvas');
          const style = getComputedStyle(grid);
          const gap = parseFloat(style.columnGap);
          const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
          const inner = grid.clientWidth - padding;
          return [(inner - 11 * gap) / 12 + gap, 60 + parseFloat(style.rowGap)];
        }"""
    )
    return pitch[0], pitch[1]


def save(page: Any) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_function(SAVED)


def position(server: tuple[str, str], dashboard_id: int) -> dict[str, int]:
    box: dict[str, int] = stored(server, dashboard_id)["document"]["widgets"][0]["position"]
    return {key: box[key] for key in ("x", "y", "w", "h")}


def script_errors(page: Any) -> list[tuple[str, str]]:
    """Console errors, leaving out the browser's own note of an error answer (a 409 or
    400 the page asked for and handles)."""
    return [
        entry
        for entry in page.gb_console
        if entry[0] in ("error", "pageerror") and "Failed to load resource" not in entry[1]
    ]


def test_dragging_in_grid_mode_saves_a_snapped_position(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    dashboard = store(server, "grid-drag")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/grid-drag")
    column, row = cell(page)
    drag(page, "[data-widget-id=visits]", column * 2.3, row * 1.2)
    save(page)
    assert (position(server, dashboard["id"]), script_errors(page)) == (
        {"x": 2, "y": 1, "w": 4, "h": 3},
        [],
    )


def test_dragging_the_corner_resizes_the_widget(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    dashboard = store(server, "grid-resize")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/grid-resize")
    column, row = cell(page)
    drag(page, "[data-widget-id=visits] [data-edge=se]", column * 2, row)
    save(page)
    assert position(server, dashboard["id"]) == {"x": 0, "y": 0, "w": 6, "h": 4}


def test_dragging_the_right_edge_keeps_the_widget_inside_twelve_columns(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    dashboard = store(server, "grid-edge")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/grid-edge")
    column, _row = cell(page)
    drag(page, "[data-widget-id=visits] [data-edge=e]", column * 20, 0)
    save(page)
    assert position(server, dashboard["id"]) == {"x": 0, "y": 0, "w": 12, "h": 3}


def test_dragging_in_freeform_mode_moves_by_pixels(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    dashboard = store(server, "free-drag", layout="freeform")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/free-drag")
    drag(page, "[data-widget-id=visits]", 57, 33)
    save(page)
    assert position(server, dashboard["id"]) == {"x": 67, "y": 43, "w": 300, "h": 200}


def test_undo_restores_the_earlier_position_and_keys_move_again(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    store(server, "undo")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/undo")
    widget = page.locator("[data-widget-id=visits]")
    widget.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    moved = [widget.get_attribute(name) for name in ("data-x", "data-h")]
    page.locator("body").press("Control+z")
    page.locator("body").press("Control+z")
    restored = [widget.get_attribute(name) for name in ("data-x", "data-h")]
    assert (moved, restored) == (["1", "4"], ["0", "3"])


def test_raw_json_with_a_bad_position_shows_its_path_and_is_not_applied(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    store(server, "raw")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/raw")
    page.locator("summary", has_text="Raw JSON").click()
    text = page.locator("#gb-editor-json").input_value()
    broken = json.loads(text)
    broken["widgets"][0]["position"]["w"] = 20
    page.fill("#gb-editor-json", json.dumps(broken))
    page.get_by_role("button", name="Apply").click()
    problems = page.locator(".gb-editor-json-problems li")
    problems.first.wait_for()
    assert (
        problems.first.inner_text().startswith("widgets[0].position.w:"),
        page.locator("[data-widget-id=visits]").get_attribute("data-w"),
    ) == (True, "4")


def test_raw_json_syntax_error_names_line_and_column(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    store(server, "syntax")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/syntax")
    page.locator("summary", has_text="Raw JSON").click()
    page.fill("#gb-editor-json", '{\n  "title": "x",\n  oops\n}')
    page.get_by_role("button", name="Apply").click()
    problem = page.locator(".gb-editor-json-problems li").first
    problem.wait_for()
    assert "line 3, column 3" in problem.inner_text()


def test_a_save_in_between_shows_the_conflict_and_overwrite_wins(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    dashboard = store(server, "conflict")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/conflict")
    theirs = stored(server, dashboard["id"])["document"]
    theirs["title"] = "Theirs"
    call_api(*server, "PUT", f"/api/dashboard/{dashboard['id']}?version=1", theirs)
    page.locator("[data-widget-id=visits]").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Save", exact=True).click()
    warning = page.locator(".gb-editor-conflict")
    warning.wait_for()
    said = warning.inner_text()
    page.get_by_role("button", name="Overwrite").click()
    page.wait_for_function(SAVED)
    after = stored(server, dashboard["id"])
    assert ("version 2" in said, after["dashboard"]["version"], script_errors(page)) == (
        True,
        3,
        [],
    )


def test_a_widget_added_from_the_picker_is_saved(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    dashboard = store(server, "add")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/add")
    page.locator("summary", has_text="Add a widget").click()
    page.select_option("#gb-pick-type", "table")
    page.fill("#gb-pick-title", "Regions")
    page.wait_for_function(PREVIEWED)
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_function(DRAWN)
    save(page)
    widgets = stored(server, dashboard["id"])["document"]["widgets"]
    added = {key: widgets[1][key] for key in ("id", "type", "title")}
    assert (added, widgets[1]["position"]["x"], script_errors(page)) == (
        {"id": "table-1", "type": "table", "title": "Regions"},
        4,
        [],
    )


def test_new_dashboard_is_created_and_opens_in_the_editor(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    open_editor(page, signed_in, server[0], "/dashboards-new/?folder=edits")
    page.fill("#gb-doc-name", "fresh")
    page.locator("#gb-doc-name").press("Tab")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/dashboards-edit/edits/fresh")
    created = call_api(*server, "GET", "/api/dashboard/edits/fresh")
    assert (created["dashboard"]["version"], script_errors(page)) == (1, [])


def test_a_data_set_widget_added_from_the_picker_previews_its_rows(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    columns = [{"name": "region", "data_type": "text"}, {"name": "amount", "data_type": "number"}]
    dataset_id = call_api(*server, "POST", "/api/data", {"name": "regions", "columns": columns})
    rows = [{"region": "north", "amount": 3}, {"region": "north", "amount": 4}]
    call_api(*server, "POST", f"/api/data/{dataset_id}/row", {"rows": rows})
    dashboard = store(server, "pick-data")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/pick-data")
    page.locator("summary", has_text="Add a widget").click()
    page.select_option("#gb-pick-type", "table")
    page.select_option("#gb-pick-source", "dataset")
    page.fill("#gb-pick-dataset", "regions")
    page.wait_for_function(PREVIEWED)
    preview = page.locator(".gb-editor-preview").inner_text()
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_function(DRAWN)
    save(page)
    source = stored(server, dashboard["id"])["document"]["widgets"][1]["source"]
    assert ("7" in preview, source["type"], source["dataset"], script_errors(page)) == (
        True,
        "dataset",
        "regions",
        [],
    )


def test_the_metric_query_example_previews_without_an_error(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    store(server, "metric-sample")
    open_editor(page, signed_in, server[0], "/dashboards-edit/edits/metric-sample")
    page.locator("summary", has_text="Add a widget").click()
    page.select_option("#gb-pick-type", "line")
    page.select_option("#gb-pick-source", "metric")
    page.wait_for_function(PREVIEWED)
    problem = page.locator(".gb-editor-picker .gb-editor-field-error")
    assert (problem.is_hidden(), script_errors(page)) == (True, [])


def test_a_new_dashboard_takes_its_name_from_its_title(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    open_editor(page, signed_in, server[0], "/dashboards-new/?folder=edits")
    page.fill("#gb-doc-title", "Sales by Région")
    page.locator("#gb-doc-title").press("Tab")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/dashboards-edit/edits/sales-by-region")
    created = call_api(*server, "GET", "/api/dashboard/edits/sales-by-region")
    assert (created["dashboard"]["title"], script_errors(page)) == ("Sales by Région", [])


def test_a_name_the_author_typed_does_not_follow_the_title(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    open_editor(page, signed_in, server[0], "/dashboards-new/?folder=edits")
    page.fill("#gb-doc-name", "chosen")
    page.locator("#gb-doc-name").press("Tab")
    page.fill("#gb-doc-title", "Something else")
    page.locator("#gb-doc-title").press("Tab")
    assert page.input_value("#gb-doc-name") == "chosen"


def test_a_dashboard_started_at_the_top_can_pick_its_folder(
    page: Any, server: tuple[str, str], signed_in: SignedIn
) -> None:
    store(server, "in-edits")
    open_editor(page, signed_in, server[0], "/dashboards-new/")
    choices = page.eval_on_selector_all("#gb-folder-choices option", "o => o.map(e => e.value)")
    page.fill("#gb-doc-folder", "edits")
    page.locator("#gb-doc-folder").press("Tab")
    page.fill("#gb-doc-title", "Picked folder")
    page.locator("#gb-doc-title").press("Tab")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/dashboards-edit/edits/picked-folder")
    assert ("edits" in choices, script_errors(page)) == (True, [])
