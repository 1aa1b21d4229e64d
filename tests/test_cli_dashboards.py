from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask

from gaugeboard.dashboards.service import create_dashboard, find_by_path
from gaugeboard.store.dashboard_models import Dashboard
from tests.conftest import state
from tests.dashboards.factories import chart_document
from tests.dashboards.test_jsondash_import import dashboard as jsondash_dashboard

Runner = Callable[..., Result]


def write(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    return path


def store(app: Flask, **overrides: Any) -> None:
    with state(app).database.sessions() as session:
        create_dashboard(session, chart_document(**overrides), None)
        session.commit()


def stored(app: Flask, path: str) -> Dashboard | None:
    with state(app).database.sessions() as session:
        return find_by_path(session, path)


def bad_document() -> dict[str, Any]:
    document = chart_document()
    document["widgets"][0]["position"]["w"] = 13
    return document


def test_validate_prints_ok_for_a_valid_file(runner: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "sales.json", chart_document())
    result = runner("validate", str(path))
    assert (result.exit_code, result.output) == (0, f"{path}: ok\n")


def test_validate_prints_each_problem_with_file_and_path(runner: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "sales.json", bad_document())
    assert runner("validate", str(path)).output == (
        f"{path}: widgets[0].position.w: at most 12 columns in grid layout\n"
    )


def test_validate_exits_1_when_any_file_fails(runner: Runner, tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", chart_document())
    bad = write(tmp_path / "bad.json", bad_document())
    assert runner("validate", str(good), str(bad)).exit_code == 1


def test_validate_converts_a_jsondash_file(runner: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "old.json", jsondash_dashboard())
    assert runner("validate", str(path)).output == f"{path}: ok\n"


def test_validate_accepts_an_unknown_jsondash_type_as_a_widget_that_fails_alone(
    runner: Runner, tmp_path: Path
) -> None:
    raw = jsondash_dashboard()
    raw["modules"][0]["type"] = "sunburst"
    path = write(tmp_path / "old.json", raw)
    assert runner("validate", str(path)).output == f"{path}: ok\n"


def test_validate_reports_a_missing_file(runner: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    assert runner("validate", str(missing)).output == (
        f"{missing}: (file): cannot read (No such file or directory)\n"
    )


def test_validate_checks_every_json_file_of_a_directory(runner: Runner, tmp_path: Path) -> None:
    write(tmp_path / "a.json", chart_document(name="a"))
    write(tmp_path / "sub" / "b.json", chart_document(name="b"))
    assert runner("validate", str(tmp_path)).output.count(": ok\n") == 2


def test_validate_needs_no_database(
    runner: Runner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    cli_env["GAUGEBOARD_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    path = write(tmp_path / "sales.json", chart_document())
    assert runner("validate", str(path)).exit_code == 0


def test_export_writes_the_folder_as_files(runner: Runner, app: Flask, tmp_path: Path) -> None:
    store(app, folder="team", name="overview")
    store(app, folder="team/reports", name="sales")
    runner("dashboards", "export", "team", str(tmp_path))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json")) == [
        "team/overview.json",
        "team/reports/sales.json",
    ]


def test_export_reports_the_count(runner: Runner, app: Flask, tmp_path: Path) -> None:
    store(app)
    assert runner("dashboards", "export", "team", str(tmp_path)).output.endswith(
        "exported 1 dashboards\n"
    )


def test_export_of_an_empty_folder_fails_clearly(runner: Runner, tmp_path: Path) -> None:
    result = runner("dashboards", "export", "nothing", str(tmp_path))
    assert (result.exit_code, result.output) == (
        1,
        "Error: folder: no dashboards in 'nothing'\n",
    )


def test_round_trip_import_dry_run_says_all_unchanged(
    runner: Runner, app: Flask, tmp_path: Path
) -> None:
    store(app, folder="team", name="overview")
    store(app, folder="team/reports", name="sales")
    runner("dashboards", "export", "/", str(tmp_path))
    output = runner("dashboards", "import", str(tmp_path), "--dry-run").output
    assert "2 files: 0 to create, 0 to update, 2 unchanged" in output


def test_import_dry_run_prints_the_plan(runner: Runner, tmp_path: Path) -> None:
    write(tmp_path / "sales.json", chart_document())
    assert runner("dashboards", "import", str(tmp_path), "--dry-run").output == (
        "create    team/reports/sales  (sales.json)\n"
        "1 files: 1 to create, 0 to update, 0 unchanged\n"
        "dry run: nothing was changed\n"
    )


def test_import_dry_run_changes_nothing(runner: Runner, app: Flask, tmp_path: Path) -> None:
    write(tmp_path / "sales.json", chart_document())
    runner("dashboards", "import", str(tmp_path), "--dry-run")
    assert stored(app, "team/reports/sales") is None


def test_import_creates_and_updates(runner: Runner, app: Flask, tmp_path: Path) -> None:
    store(app)
    write(tmp_path / "sales.json", chart_document(title="From git"))
    write(tmp_path / "new.json", chart_document(name="new"))
    result = runner("dashboards", "import", str(tmp_path))
    assert result.output.endswith("imported: 1 created, 1 updated, 0 unchanged\n")


def test_imported_update_is_stored(runner: Runner, app: Flask, tmp_path: Path) -> None:
    store(app)
    write(tmp_path / "sales.json", chart_document(title="From git"))
    runner("dashboards", "import", str(tmp_path))
    dashboard = stored(app, "team/reports/sales")
    assert dashboard is not None and (dashboard.title, dashboard.version) == ("From git", 2)


def test_import_with_folder_puts_dashboards_below_it(
    runner: Runner, app: Flask, tmp_path: Path
) -> None:
    write(tmp_path / "sales.json", chart_document())
    runner("dashboards", "import", str(tmp_path), "--folder", "archive")
    assert stored(app, "archive/team/reports/sales") is not None


def test_import_of_invalid_files_lists_them_and_exits_1(runner: Runner, tmp_path: Path) -> None:
    write(tmp_path / "bad.json", bad_document())
    result = runner("dashboards", "import", str(tmp_path))
    assert (result.exit_code, result.output) == (
        1,
        "bad.json: widgets[0].position.w: at most 12 columns in grid layout\n"
        "Error: 1 problems found; nothing was imported\n",
    )


def test_import_with_one_invalid_file_writes_nothing(
    runner: Runner, app: Flask, tmp_path: Path
) -> None:
    write(tmp_path / "good.json", chart_document(name="good"))
    write(tmp_path / "bad.json", bad_document())
    runner("dashboards", "import", str(tmp_path))
    assert stored(app, "team/reports/good") is None


@pytest.mark.parametrize(("owner", "is_global"), [("everyone", True), ("global", False)])
def test_import_marks_jsondash_dashboards_of_the_global_user_setting(
    runner: Runner,
    app: Flask,
    cli_env: dict[str, str],
    tmp_path: Path,
    owner: str,
    is_global: bool,
) -> None:
    cli_env["GAUGEBOARD_DASHBOARD_GLOBAL_USER"] = "everyone"
    write(tmp_path / "old.json", jsondash_dashboard(created_by=owner))
    runner("dashboards", "import", str(tmp_path))
    dashboard = stored(app, "kitchen-sink-demo")
    assert dashboard is not None and dashboard.is_global is is_global
