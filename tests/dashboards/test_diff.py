"""Document diffs: changes by path, widgets matched by id."""

from __future__ import annotations

from gaugeboard.dashboards.diff import document_diff


def test_changed_value_is_reported_with_its_path() -> None:
    assert document_diff({"a": {"b": 1}}, {"a": {"b": 2}}) == [
        {"op": "change", "path": "a.b", "old": 1, "new": 2}
    ]


def test_widgets_are_matched_by_id_not_position() -> None:
    old = {"widgets": [{"id": "x", "w": 1}, {"id": "y", "w": 1}]}
    new = {"widgets": [{"id": "y", "w": 1}, {"id": "x", "w": 2}]}
    assert document_diff(old, new) == [
        {"op": "change", "path": "widgets[id=x].w", "old": 1, "new": 2}
    ]


def test_added_and_removed_keys_are_reported() -> None:
    assert document_diff({"a": 1}, {"b": 2}) == [
        {"op": "remove", "path": "a", "old": 1},
        {"op": "add", "path": "b", "new": 2},
    ]


def test_equal_documents_have_no_changes() -> None:
    assert document_diff({"a": [1, 2]}, {"a": [1, 2]}) == []
