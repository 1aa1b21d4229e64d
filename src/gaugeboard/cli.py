"""The ``gaugeboard`` command: serve, demo, db upgrade, users, tokens, keys, settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from flask import Flask
from sqlalchemy.orm import Session

from gaugeboard import __version__
from gaugeboard.config import resolve_settings, settings_markdown
from gaugeboard.errors import ConfigurationError, GaugeboardError
from gaugeboard.state import EXTENSION_KEY, GaugeboardState

T = TypeVar("T")


def _fail_cleanly(action: Callable[[], T]) -> T:
    """Run ``action``; a configuration or input problem becomes one clear line, no traceback."""
    try:
        return action()
    except ConfigurationError as exc:
        raise click.ClickException("\n".join(exc.problems)) from None
    except GaugeboardError as exc:
        raise click.ClickException(exc.message) from None


def build_app(overrides: dict[str, Any] | None = None) -> Flask:
    from gaugeboard.app import create_app

    return _fail_cleanly(lambda: create_app(overrides))


def _state(app: Flask) -> GaugeboardState:
    state = app.extensions[EXTENSION_KEY]
    assert isinstance(state, GaugeboardState)
    return state


@contextmanager
def catalog_session(overrides: dict[str, Any] | None = None) -> Iterator[Session]:
    app = build_app(overrides)
    state = _state(app)
    try:
        with state.database.sessions() as session:
            yield session
    finally:
        state.database.dispose()


@click.group()
@click.version_option(__version__, "--version", prog_name="gaugeboard")
def main() -> None:
    """gaugeboard: self-hosted analytics and dashboards for Python web applications."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, workers: int) -> None:
    """Run the server (gunicorn); the catalog is migrated first."""
    from gaugeboard.server import serve as run_server

    app = build_app()
    click.echo(f"gaugeboard {__version__} listening on http://{host}:{port}/", err=True)
    run_server(app, host, port, workers)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535))
def demo(host: str, port: int) -> None:
    """Seed a demo instance (admin user, sample dashboards) and serve it."""
    from gaugeboard.demo import DEMO_ADMIN, register_demo_data, run_seed
    from gaugeboard.server import serve as run_server

    app = build_app()
    register_demo_data(app)  # the JSON the url-fed demo dashboard reads, in-process
    state = _state(app)

    def progress(steps: list[Any]) -> Any:
        return click.progressbar(steps, label="Seeding demo data", item_show_func=_step_label)

    try:
        with state.database.sessions() as session:
            printed = _fail_cleanly(lambda: run_seed(session, progress))
    finally:
        state.database.dispose()
    url = f"http://{host}:{port}/"
    click.echo("")
    click.echo(f"gaugeboard demo: open {url}")
    click.echo(f"  user:     {DEMO_ADMIN}")
    click.echo(f"  password: {printed['admin user']}")
    if "demo events" in printed:
        click.echo(f"  event key (for /e, shown once): {printed['demo events']}")
    click.echo(f"  data:     {state.data_dir}")
    click.echo("Press Ctrl+C to stop.")
    run_server(app, host, port, workers=1)


def _step_label(step: Any) -> str | None:
    return str(step[0]) if step else None


@main.group()
def db() -> None:
    """Catalog database maintenance."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the catalog database."""
    from gaugeboard.store import migrate

    state = _state(build_app({"AUTO_UPGRADE": True}))
    try:
        revision = migrate.current_revision(state.database)
    finally:
        state.database.dispose()
    click.echo(f"catalog at revision {revision}")


@main.group()
def users() -> None:
    """Manage users."""


@users.command("create")
@click.argument("name")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option(
    "--role", type=click.Choice(["admin", "editor", "viewer"]), default="viewer", show_default=True
)
def users_create(name: str, password: str, role: str) -> None:
    """Create user NAME with a role."""
    from gaugeboard.auth.users import create_user
    from gaugeboard.store.activity import record_activity

    with catalog_session() as session:
        user = _fail_cleanly(lambda: create_user(session, name, password, role))
        record_activity(session, None, "user.create", user.name, {"role": user.role})
        session.commit()
        click.echo(f"created {user.role} {user.name}")


@main.group()
def tokens() -> None:
    """Manage API tokens."""


@tokens.command("create")
@click.argument("name")
@click.option("--label", default="cli", show_default=True, help="What the token is for.")
def tokens_create(name: str, label: str) -> None:
    """Create an API token acting as user NAME; the token is printed on the last line."""
    from gaugeboard.auth.api_tokens import create_token
    from gaugeboard.store.activity import record_activity

    with catalog_session() as session:
        days = resolve_settings()["TOKEN_DAYS"]
        token, secret = _fail_cleanly(lambda: create_token(session, name, label, days))
        target = f"token {token.id} of {name}"
        record_activity(session, None, "token.create", target, {"label": token.label})
        session.commit()
        click.echo(f"token {token.prefix}… for {name} ({label}); it is shown only once:")
        click.echo(secret)


@main.group()
def keys() -> None:
    """Manage event keys."""


@keys.command("create")
@click.argument("name")
def keys_create(name: str) -> None:
    """Create event key NAME; the key is printed on the last line."""
    from gaugeboard.events.keys import create_event_key
    from gaugeboard.store.activity import record_activity

    with catalog_session() as session:
        key, secret = _fail_cleanly(lambda: create_event_key(session, name))
        record_activity(session, None, "key.create", key.name, {"id": key.id})
        session.commit()
        click.echo(f"event key {key.name!r}; send it as _k, it is shown only once:")
        click.echo(secret)


@main.group()
def events() -> None:
    """Event storage maintenance."""


@events.command("seal")
def events_seal() -> None:
    """Seal the event tail into Parquet segments now, compact closed days, drop expired."""
    state = _state(build_app())
    try:
        job = state.sealing_job
        assert job is not None
        report = job.run_once()
    finally:
        state.database.dispose()
    if report is None:
        click.echo("another process is sealing right now; nothing done")
        return
    click.echo(
        f"sealed {report.sealed_rows} events into {report.segments_written} segments; "
        f"compacted {report.segments_compacted}, dropped {report.segments_dropped}, "
        f"removed {report.files_removed} files"
    )


@main.command("settings")
def settings_command() -> None:
    """Print the settings reference table (Markdown), as in docs/configuration.md."""
    click.echo(settings_markdown(), nl=False)


from gaugeboard import cli_dashboards  # noqa: E402, F401  (adds validate, dashboards)
