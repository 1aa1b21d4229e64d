from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from gaugeboard.dashboards.service import create_dashboard, find_by_path, update_dashboard
from gaugeboard.dashboards.transfer import (
    apply_import,
    export_folder,
    plan_import,
    validate_file,
)
from gaugeboard.errors import Conflict, NotFound, ValidationFailed
from gaugeboard.store.dashboard_models import Dashboard
from tests.conftest import state
from tests.dashboards.factories import chart_document
from tests.dashboards.test_jsondash_import import dashboard as jsondash_dashboard


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with state(app).database.sessions() as session:
        yield session


@pytest.fixture
def stored(db: Session) -> Callable[..., Dashboard]:
    """Store a chart document (with overrides) and commit."""

    def store(**overrides: Any) -> Dashboard:
        dashboard = create_dashboard(db, chart_document(**overrides), None)
        db.commit()
        return dashboard

    return store


def write(directory: Path, relative: str, document: Any) -> Path:
    path = directory / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def actions(db: Session, directory: Path, prefix: str = "") -> dict[str, str]:
    plan = plan_import(db, directory, prefix)
    return {planned.path: planned.action for planned in plan.files}


def problems(db: Session, directory: Path, prefix: str = "") -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        plan_import(db, directory, prefix)
    return caught.value.errors


def test_export_writes_each_dashboard_of_the_folder_and_below(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    stored(folder="team", name="overview")
    stored(folder="team/reports", name="sales")
    stored(folder="other", name="sales")
    written = export_folder(db, "team", tmp_path)
    assert sorted(p.relative_to(tmp_path.resolve()).as_posix() for p in written) == [
        "team/overview.json",
        "team/reports/sales.json",
    ]


def test_export_of_the_top_folder_writes_everything(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    stored(folder="", name="home")
    stored(folder="a/b", name="deep")
    assert len(export_folder(db, "/", tmp_path)) == 2


def test_export_file_is_pretty_sorted_json_ending_in_a_newline(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    dashboard = stored()
    [path] = export_folder(db, "team", tmp_path)
    expected = json.dumps(dashboard.document, indent=2, sort_keys=True) + "\n"
    assert path.read_text() == expected


def test_export_of_an_empty_folder_is_not_found(db: Session, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        export_folder(db, "nothing/here", tmp_path)


def test_export_refuses_a_folder_with_a_parent_segment(db: Session, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        export_folder(db, "a/../b", tmp_path)
    assert caught.value.errors[0].startswith("folder: ")


def test_exported_files_import_as_unchanged(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    stored(folder="team", name="overview")
    stored(folder="team/reports", name="sales")
    export_folder(db, "team", tmp_path)
    assert set(actions(db, tmp_path).values()) == {"unchanged"}


def test_new_file_is_planned_as_create(db: Session, tmp_path: Path) -> None:
    write(tmp_path, "sales.json", chart_document())
    assert actions(db, tmp_path) == {"team/reports/sales": "create"}


def test_changed_file_is_planned_as_update(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    stored()
    write(tmp_path, "sales.json", chart_document(title="Sales, revised"))
    assert actions(db, tmp_path) == {"team/reports/sales": "update"}


def test_folder_prefix_puts_dashboards_below_it(db: Session, tmp_path: Path) -> None:
    write(tmp_path, "sales.json", chart_document())
    assert actions(db, tmp_path, "/archive/") == {"archive/team/reports/sales": "create"}


def test_bad_folder_prefix_is_refused(db: Session, tmp_path: Path) -> None:
    assert problems(db, tmp_path, "a/..")[0].startswith("folder prefix: ")


def test_jsondash_file_is_converted(db: Session, tmp_path: Path) -> None:
    write(tmp_path, "old/kitchen.json", jsondash_dashboard(category="Demo"))
    assert actions(db, tmp_path) == {"demo/kitchen-sink-demo": "create"}


def test_invalid_file_is_reported_as_file_path_reason(db: Session, tmp_path: Path) -> None:
    document = chart_document()
    document["widgets"][0]["position"]["w"] = 13
    write(tmp_path, "team/sales.json", document)
    assert problems(db, tmp_path) == [
        "team/sales.json: widgets[0].position.w: at most 12 columns in grid layout"
    ]


def test_every_invalid_file_is_reported(db: Session, tmp_path: Path) -> None:
    write(tmp_path, "a.json", chart_document(name="a", title=""))
    write(tmp_path, "b.json", jsondash_dashboard(layout="masonry"))
    write(tmp_path, "c.json", chart_document(name="c"))
    assert [problem.split(":")[0] for problem in problems(db, tmp_path)] == ["a.json", "b.json"]


def test_file_that_is_not_json_names_the_line(db: Session, tmp_path: Path) -> None:
    write(tmp_path, "broken.json", '{\n  "title": "x"\n  "name": "y"\n}')
    assert problems(db, tmp_path) == [
        "broken.json: (document): not valid JSON (Expecting ',' delimiter at line 3, column 3)"
    ]


def test_file_that_is_not_an_object_is_refused(db: Session, tmp_path: Path) -> None:
    write(tmp_path, "list.json", [1, 2])
    assert problems(db, tmp_path) == ["list.json: (document): must be a JSON object"]


def test_two_files_for_one_path_are_refused(db: Session, tmp_path: Path) -> None:
    write(tmp_path, "a.json", chart_document())
    write(tmp_path, "b.json", chart_document(title="Other"))
    assert problems(db, tmp_path) == [
        "b.json: name: 'team/reports/sales' is also the path of a.json"
    ]


def test_hidden_folders_and_other_files_are_skipped(db: Session, tmp_path: Path) -> None:
    write(tmp_path, ".vscode/settings.json", {"editor": 1})
    write(tmp_path, "README.md", "# dashboards")
    write(tmp_path, "sales.json", chart_document())
    assert list(actions(db, tmp_path)) == ["team/reports/sales"]


def test_planning_writes_nothing(db: Session, tmp_path: Path) -> None:
    write(tmp_path, "sales.json", chart_document())
    plan_import(db, tmp_path)
    assert find_by_path(db, "team/reports/sales") is None


def test_apply_creates_and_updates_as_planned(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    stored()
    write(tmp_path, "sales.json", chart_document(title="Sales, revised"))
    write(tmp_path, "new.json", chart_document(name="new"))
    apply_import(db, plan_import(db, tmp_path), None)
    db.commit()
    titles = [find_by_path(db, f"team/reports/{name}") for name in ("sales", "new")]
    assert [d.title if d else None for d in titles] == ["Sales, revised", "Sales"]


def test_apply_records_a_new_version_for_an_update(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    dashboard = stored()
    write(tmp_path, "sales.json", chart_document(title="Sales, revised"))
    apply_import(db, plan_import(db, tmp_path), None)
    db.commit()
    assert dashboard.version == 2


def test_apply_leaves_unchanged_dashboards_alone(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    dashboard = stored()
    export_folder(db, "team", tmp_path)
    assert (apply_import(db, plan_import(db, tmp_path), None), dashboard.version) == ([], 1)


def test_apply_refuses_an_update_when_someone_saved_since_the_plan(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    dashboard = stored()
    write(tmp_path, "sales.json", chart_document(title="From git"))
    plan = plan_import(db, tmp_path)
    update_dashboard(db, dashboard, chart_document(title="From the editor"), None)
    db.commit()
    with pytest.raises(Conflict) as caught:
        apply_import(db, plan, None)
    assert caught.value.errors[0].startswith("sales.json: version: ")


def test_apply_refuses_a_create_when_the_path_was_taken_since_the_plan(
    db: Session, stored: Callable[..., Dashboard], tmp_path: Path
) -> None:
    write(tmp_path, "sales.json", chart_document())
    plan = plan_import(db, tmp_path)
    stored()
    with pytest.raises(Conflict) as caught:
        apply_import(db, plan, None)
    assert caught.value.errors == [
        "sales.json: name: a dashboard already exists at 'team/reports/sales'"
    ]


def test_apply_is_all_or_nothing(app: Flask, db: Session, tmp_path: Path) -> None:
    write(tmp_path, "a.json", chart_document(name="a"))
    write(tmp_path, "b.json", chart_document(name="b"))
    plan = plan_import(db, tmp_path)
    db.commit()
    with state(app).database.sessions() as other:
        create_dashboard(other, chart_document(name="b"), None)
        other.commit()
    with pytest.raises(Conflict):
        apply_import(db, plan, None)
    db.rollback()
    assert find_by_path(db, "team/reports/a") is None


def test_validate_file_accepts_a_jsondash_file(tmp_path: Path) -> None:
    path = write(tmp_path, "old.json", jsondash_dashboard())
    assert validate_file(path).title == "Kitchen Sink Demo"


def test_validate_file_reports_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_file(tmp_path / "missing.json")
    assert caught.value.errors == ["(file): cannot read (No such file or directory)"]
