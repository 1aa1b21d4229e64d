"""``gaugeboard validate`` and ``gaugeboard dashboards export|import``: dashboards as files.

``gaugeboard.cli`` adds these commands to its group.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from gaugeboard.cli.common import catalog_session, fail_cleanly
from gaugeboard.config import resolve_settings
from gaugeboard.dashboards.transfer import (
    ImportPlan,
    apply_import,
    document_files,
    export_folder,
    plan_import,
    validate_file,
)
from gaugeboard.errors import ValidationFailed


def _files(paths: tuple[Path, ...]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from document_files(path)
        else:
            yield path


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check dashboard files (gaugeboard documents, or jsondash ones, which have
    "modules"); a directory means every *.json file in it. Needs no database.

    Prints FILE: ok, or FILE: path: reason for each problem; exit status 1 when any fails.
    """
    failed = False
    for path in _files(paths):
        try:
            validate_file(path)
        except ValidationFailed as exc:
            failed = True
            for problem in exc.errors:
                click.echo(f"{path}: {problem}")
        else:
            click.echo(f"{path}: ok")
    if failed:
        raise SystemExit(1)


@click.group("dashboards")
def dashboards_group() -> None:
    """Keep dashboards in files (for git): export a folder, import a directory."""


@dashboards_group.command("export")
@click.argument("folder")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_command(folder: str, directory: Path) -> None:
    """Write every dashboard in FOLDER and below to DIRECTORY as <path>.json
    (FOLDER "/" means all dashboards)."""
    with catalog_session() as session:
        written = fail_cleanly(lambda: export_folder(session, folder, directory))
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"exported {len(written)} dashboards")


@dashboards_group.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--folder", "prefix", default="", help="Put every dashboard below this folder.")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
def import_command(directory: Path, prefix: str, dry_run: bool) -> None:
    """Create or update a dashboard for every *.json file in DIRECTORY (gaugeboard or
    jsondash documents). Nothing is written unless every file is valid."""
    global_user = fail_cleanly(lambda: str(resolve_settings()["DASHBOARD_GLOBAL_USER"]))
    with catalog_session() as session:
        try:
            plan = plan_import(session, directory, prefix, global_user)
        except ValidationFailed as exc:
            for problem in exc.errors:
                click.echo(problem, err=True)
            raise click.ClickException(
                f"{len(exc.errors)} problems found; nothing was imported"
            ) from None
        _print_plan(plan)
        if dry_run:
            click.echo("dry run: nothing was changed")
            return
        fail_cleanly(lambda: apply_import(session, plan, None))
        session.commit()
    click.echo(
        f"imported: {plan.count('create')} created, {plan.count('update')} updated, "
        f"{plan.count('unchanged')} unchanged"
    )


def _print_plan(plan: ImportPlan) -> None:
    for planned in plan.files:
        click.echo(f"{planned.action:<9} {planned.path}  ({planned.file})")
    click.echo(
        f"{len(plan.files)} files: {plan.count('create')} to create, "
        f"{plan.count('update')} to update, {plan.count('unchanged')} unchanged"
    )
