"""``gaugeboard db|users|tokens|oauth-clients|keys|events|settings``: catalog upkeep and
administration."""

from __future__ import annotations

import click

from gaugeboard.cli.common import app_state, build_app, catalog_session, fail_cleanly
from gaugeboard.config import resolve_settings, settings_markdown


@click.group()
def db() -> None:
    """Catalog database maintenance."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the catalog database."""
    from gaugeboard.store import migrate

    state = app_state(build_app({"AUTO_UPGRADE": True}))
    try:
        revision = migrate.current_revision(state.database)
    finally:
        state.database.dispose()
    click.echo(f"catalog at revision {revision}")


@click.group()
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
        user = fail_cleanly(lambda: create_user(session, name, password, role))
        record_activity(session, None, "user.create", user.name, {"role": user.role})
        session.commit()
        click.echo(f"created {user.role} {user.name}")


@click.group()
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
        token, secret = fail_cleanly(lambda: create_token(session, name, label, days))
        target = f"token {token.id} of {name}"
        record_activity(session, None, "token.create", target, {"label": token.label})
        session.commit()
        click.echo(f"token {token.prefix}… for {name} ({label}); it is shown only once:")
        click.echo(secret)


@click.group("oauth-clients")
def oauth_clients() -> None:
    """Manage OAuth clients (client credentials acting as a user)."""


@oauth_clients.command("create")
@click.argument("user")
@click.option("--name", default="cli", show_default=True, help="What the client is for.")
def oauth_clients_create(user: str, name: str) -> None:
    """Create an OAuth client acting as USER; the last line is the client id and the
    secret, separated by a space (the secret is shown only once)."""
    from gaugeboard.auth.oauth_clients import OAuthClientCreate, create_client
    from gaugeboard.input_checks import checked
    from gaugeboard.store.activity import record_activity

    with catalog_session() as session:
        wanted = fail_cleanly(lambda: checked(OAuthClientCreate, {"name": name}, "option"))
        client, secret = fail_cleanly(lambda: create_client(session, user, wanted.name))
        target = f"OAuth client {client.client_id} of {user}"
        record_activity(session, None, "oauth_client.create", target, {"name": client.name})
        session.commit()
        click.echo(f"OAuth client {client.name!r} acting as {user}; the secret is shown only once:")
        click.echo(f"{client.client_id} {secret}")


@oauth_clients.command("list")
def oauth_clients_list() -> None:
    """List OAuth clients: id, user, name, created, last used, revoked (never secrets)."""
    from gaugeboard.auth.oauth_clients import describe_client
    from gaugeboard.store.oauth_clients import list_clients

    with catalog_session() as session:
        for client in map(describe_client, list_clients(session)):
            state = f"revoked {client['revoked_at']}" if client["revoked_at"] else "live"
            used = client["last_used_at"] or "never used"
            click.echo(
                f"{client['client_id']}  {client['user']}  {client['name']!r}  "
                f"created {client['created_at']}  {used}  {state}"
            )


@oauth_clients.command("revoke")
@click.argument("client_id")
def oauth_clients_revoke(client_id: str) -> None:
    """Revoke OAuth client CLIENT_ID; its access tokens stop working at once."""
    from gaugeboard.auth.oauth_clients import revoke_client

    with catalog_session() as session:
        client = fail_cleanly(lambda: revoke_client(session, client_id, None))
        click.echo(f"revoked OAuth client {client.client_id} of {client.user.name}")


@click.group()
def keys() -> None:
    """Manage event keys."""


@keys.command("create")
@click.argument("name")
def keys_create(name: str) -> None:
    """Create event key NAME; the key is printed on the last line."""
    from gaugeboard.events.keys import create_event_key
    from gaugeboard.store.activity import record_activity

    with catalog_session() as session:
        key, secret = fail_cleanly(lambda: create_event_key(session, name))
        record_activity(session, None, "key.create", key.name, {"id": key.id})
        session.commit()
        click.echo(f"event key {key.name!r}; send it as _k, it is shown only once:")
        click.echo(secret)


@click.group()
def events() -> None:
    """Event storage maintenance."""


@events.command("seal")
def events_seal() -> None:
    """Seal the event tail into Parquet segments now, compact closed days, drop expired."""
    state = app_state(build_app())
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


@click.command("settings")
def settings_command() -> None:
    """Print the settings reference table (Markdown), as in docs/configuration.md."""
    click.echo(settings_markdown(), nl=False)
